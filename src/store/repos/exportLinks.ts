// Download links for exports: the token's hash, who asked, what and until when.
import type { Knex } from 'knex';
import type { ExportLinkRepo } from '../../core/ports.js';
import type { Locale } from '../../core/locale.js';

interface Row {
  token_hash: string;
  workspace_id: string;
  person_id: string;
  kind: string;
  subject_id: string;
  locale: string;
  expires_at: Date;
}

export function exportLinkRepo(db: Knex): ExportLinkRepo {
  return {
    async add(tokenHash, link, at) {
      await db('export_links').insert({ token_hash: tokenHash, workspace_id: link.workspaceId, person_id: link.personId, kind: link.kind, subject_id: link.subjectId, locale: link.locale, created_at: at, expires_at: link.expiresAt });
    },
    async find(tokenHash, now) {
      const r = (await db<Row>('export_links').where({ token_hash: tokenHash }).where('expires_at', '>', now).first()) as Row | undefined;
      if (r === undefined) return null;
      return { workspaceId: r.workspace_id, personId: r.person_id, kind: r.kind, subjectId: r.subject_id, locale: r.locale as Locale, expiresAt: new Date(r.expires_at) };
    },
    async prune(before) {
      const rows = (await db('export_links').where('expires_at', '<', before).delete().returning('token_hash')) as unknown[];
      return rows.length;
    },
  };
}
