import type { Knex } from 'knex';
import { isLocale } from '../../core/locale.js';
import type { Platform, Workspace } from '../../core/model.js';
import type { WorkspaceRepo } from '../../core/ports.js';

interface Row {
  id: string;
  platform: Platform;
  external_id: string;
  name: string | null;
  default_locale: string | null;
  open_registration: boolean | null;
  service_url: string | null;
}

function toWorkspace(r: Row): Workspace {
  return {
    id: r.id,
    platform: r.platform,
    externalId: r.external_id,
    name: r.name,
    defaultLocale: r.default_locale !== null && isLocale(r.default_locale) ? r.default_locale : null,
    openRegistration: r.open_registration,
    serviceUrl: r.service_url,
  };
}

export function workspaceRepo(db: Knex): WorkspaceRepo {
  return {
    async upsert(input) {
      const changes: Partial<Row> = {};
      if (input.name !== undefined && input.name !== null) changes.name = input.name;
      if (input.serviceUrl !== undefined && input.serviceUrl !== null) changes.service_url = input.serviceUrl;
      const insert = db<Row>('workspaces')
        .insert({ id: input.id, platform: input.platform, external_id: input.externalId, ...changes })
        .onConflict('id');
      const rows: Row[] =
        Object.keys(changes).length === 0
          ? await insert.ignore().returning('*')
          : await insert.merge({ ...changes, updated_at: db.fn.now() } as Partial<Row>).returning('*');
      const row = rows[0] ?? (await db<Row>('workspaces').where({ id: input.id }).first());
      if (row === undefined) throw new Error('workspace upsert returned nothing');
      return toWorkspace(row);
    },
    async get(id) {
      const row = await db<Row>('workspaces').where({ id }).first();
      return row === undefined ? null : toWorkspace(row);
    },
  };
}
