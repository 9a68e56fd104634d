// Exports (NOTE-1's who-has-not-acknowledged, SURV-3's answers): a feature declares
// what a kind of export holds (ExportDef, in defineFeature's `exports`); the person who
// asks gets a short-lived link privately. The link is a random token whose SHA-256 alone
// is stored; the file is made when the link is opened, after the person's authority is
// checked again — a link outlives nobody's rights.
import { createHash, randomBytes } from 'node:crypto';
import type { Text } from './messages.js';
import type { Actor } from './model.js';
import type { CoreDeps } from './ports.js';

/** How long a download link works. */
export const EXPORT_LINK_MS = 15 * 60_000;

export interface ExportTable {
  /** Without extension; made safe for a file name where it is sent. */
  filename: string;
  /** The column headers, read in the asker's language. */
  columns: Text[];
  rows: string[][];
}

export interface ExportDef<S> {
  /** The table, or a CharterError (not-allowed, not-found) when the person may not have it any more. */
  handle(deps: CoreDeps<S>, actor: Actor, subjectId: string): Promise<ExportTable>;
}

export const tokenHash = (token: string): string => createHash('sha256').update(token).digest('hex');

/** A link for `actor` to download export `kind` of `subjectId`; null when Charter has no address people can reach. */
export async function issueExportLink(deps: Pick<CoreDeps, 'store' | 'clock' | 'settings'>, actor: Actor, kind: string, subjectId: string): Promise<{ url: string; expiresAt: Date } | null> {
  const base = deps.settings.publicUrl;
  if (base === null) return null;
  const token = randomBytes(32).toString('base64url');
  const now = deps.clock.now();
  const expiresAt = new Date(now.getTime() + EXPORT_LINK_MS);
  await deps.store.exportLinks.add(tokenHash(token), { workspaceId: actor.workspace.id, personId: actor.person.id, kind, subjectId, locale: actor.locale, expiresAt }, now);
  return { url: new URL(`exports/${token}`, base).href, expiresAt };
}

/** A spreadsheet would run a cell that starts like a formula (full-width signs too, which some read so): such cells are made text. */
function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value.slice(0, 1).normalize('NFKC')) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** RFC 4180 CSV with a UTF-8 byte order mark (spreadsheets then read Chinese correctly). */
export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return `\uFEFF${[header, ...rows].map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`;
}
