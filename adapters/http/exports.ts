// GET /exports/<token>: the download behind a link Charter sent someone privately.
// Whether the link opens, and for whom, is the core's (openExport in
// src/core/exports.ts); here only HTTP: the CSV, or the refusal as plain text in the
// person's language, nothing cached on the way.
import type { RequestHandler, Response } from 'express';
import { plainText } from '../../cards/text.js';
import { openExport, toCsv } from '../../src/core/exports.js';
import type { Locale } from '../../src/core/locale.js';
import type { Text } from '../../src/core/messages.js';
import type { Platform } from '../../src/core/model.js';
import type { CoreDeps } from '../../src/core/ports.js';
import type { AppContext } from '../context.js';

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
      const token = req.params['token'];
      const opened = await openExport({ store: app.store, clock: app.clock, registry: app.registry, defaultLocale: app.settings.defaultLocale }, (w) => cores[w.platform] ?? null, typeof token === 'string' ? token : '');
      if (!opened.ok) return answer(res, opened.status, opened.locale, opened.text);
      const name = `${safeName(opened.table.filename)}.csv`;
      noStore(res);
      res
        .status(200)
        .type('text/csv; charset=utf-8')
        .set('Content-Disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
        .send(toCsv(opened.table.columns.map((c) => plainText(app.i18n, opened.locale, c)), opened.table.rows));
    };
    run().catch(next);
  };
}
