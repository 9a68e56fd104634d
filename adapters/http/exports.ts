// GET /exports/<token>: the download behind a link Charter sent someone privately
// (src/core/exports.ts). The token names a stored link (by its hash) that has not
// expired; the feature's export runs as that person, checking their authority again,
// and the file is made now. Answers are plain text in the person's language; nothing
// is cached on the way.
import type { RequestHandler, Response } from 'express';
import { plainText } from '../../cards/text.js';
import { isSuperAdminPerson } from '../../src/core/actor.js';
import { CharterError, ERROR_STATUS } from '../../src/core/errors.js';
import { tokenHash, toCsv } from '../../src/core/exports.js';
import type { Locale } from '../../src/core/locale.js';
import { text, type Text } from '../../src/core/messages.js';
import type { Platform } from '../../src/core/model.js';
import type { CoreDeps } from '../../src/core/ports.js';
import type { AppContext } from '../context.js';

const TOKEN = /^[A-Za-z0-9_-]{43}$/;

function noStore(res: Response): void {
  res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' });
}

/** A file name any browser and file system takes: letters (any script), digits, dot, dash, underscore. */
function safeName(name: string): string {
  const cleaned = name.normalize('NFC').replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[-.]+|-+$/g, '').slice(0, 80);
  return cleaned === '' ? 'export' : cleaned;
}

export function exportDownloads(app: AppContext, cores: Partial<Record<Platform, CoreDeps>>): RequestHandler {
  const answer = (res: Response, status: number, locale: Locale, t: Text) => {
    noStore(res);
    res.status(status).type('text/plain; charset=utf-8').send(`${plainText(app.i18n, locale, t)}\n`);
  };
  return (req, res, next) => {
    const run = async () => {
      const fallback = app.settings.defaultLocale;
      const token = req.params['token'];
      const link = typeof token === 'string' && TOKEN.test(token) ? await app.store.exportLinks.find(tokenHash(token), app.clock.now()) : null;
      if (link === null) return answer(res, 404, fallback, text('exports.expired'));
      const [workspace, person] = await Promise.all([app.store.workspaces.get(link.workspaceId), app.store.people.get(link.personId)]);
      const deps = workspace === null ? undefined : cores[workspace.platform];
      const def = app.registry.export(link.kind);
      if (workspace === null || person === null || def === undefined) return answer(res, 404, link.locale, text('exports.expired'));
      if (deps === undefined) return answer(res, 503, link.locale, text('exports.platformOff'));
      // Someone who has left keeps no export, whatever role was not yet revoked.
      if (person.employment === 'inactive') return answer(res, 403, link.locale, text('exports.notEmployed'));
      const actor = { workspace, person, locale: link.locale, isSuperAdmin: await isSuperAdminPerson(deps, person) };
      try {
        const table = await def.handle(deps, actor, link.subjectId);
        const name = `${safeName(table.filename)}.csv`;
        noStore(res);
        res
          .status(200)
          .type('text/csv; charset=utf-8')
          .set('Content-Disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
          .send(toCsv(table.columns.map((c) => plainText(app.i18n, link.locale, c)), table.rows));
      } catch (err) {
        if (!(err instanceof CharterError)) throw err;
        answer(res, ERROR_STATUS[err.code], link.locale, err.text);
      }
    };
    run().catch(next);
  };
}
