// Exports (NOTE-1's who-has-not-acknowledged, SURV-3's answers): a feature declares
// what a kind of export holds (ExportDef, in defineFeature's `exports`); the person who
// asks gets a short-lived link privately. The link is a random token whose SHA-256 alone
// is stored; the file is made when the link is opened, after the person's authority is
// checked again — a link outlives nobody's rights.
import { createHash, randomBytes } from 'node:crypto';
import { isSuperAdminPerson } from './actor.js';
import { CharterError, ERROR_STATUS } from './errors.js';
import type { Locale } from './locale.js';
import { text, type Text } from './messages.js';
import type { Actor, Workspace } from './model.js';
import type { Clock, CoreDeps, Store } from './ports.js';
import type { Registry } from './registry.js';

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

export type OpenedExport = { ok: true; locale: Locale; table: ExportTable } | { ok: false; status: 403 | 404 | 503 | number; locale: Locale; text: Text };

/**
 * A download link opened: the link found by its token (unknown or expired: 404), the
 * person rebuilt as an actor — someone who has left gets nothing, whatever role was
 * not revoked yet (403) — and the feature's export run as them, which checks their
 * right again (its refusal is answered with its status). `coreFor`: the core of the
 * link's platform, null when that platform is not configured (503).
 */
export async function openExport(
  deps: { store: Pick<Store, 'exportLinks' | 'workspaces' | 'people'>; clock: Clock; registry: Registry; defaultLocale: Locale },
  coreFor: (workspace: Workspace) => CoreDeps | null,
  token: string,
): Promise<OpenedExport> {
  const link = TOKEN.test(token) ? await deps.store.exportLinks.find(tokenHash(token), deps.clock.now()) : null;
  if (link === null) return { ok: false, status: 404, locale: deps.defaultLocale, text: text('exports.expired') };
  const [workspace, person] = await Promise.all([deps.store.workspaces.get(link.workspaceId), deps.store.people.get(link.personId)]);
  const def = deps.registry.export(link.kind);
  if (workspace === null || person === null || def === undefined) return { ok: false, status: 404, locale: link.locale, text: text('exports.expired') };
  const core = coreFor(workspace);
  if (core === null) return { ok: false, status: 503, locale: link.locale, text: text('exports.platformOff') };
  if (person.employment === 'inactive') return { ok: false, status: 403, locale: link.locale, text: text('exports.notEmployed') };
  const actor: Actor = { workspace, person, locale: link.locale, isSuperAdmin: await isSuperAdminPerson(core, person) };
  try {
    return { ok: true, locale: link.locale, table: await def.handle(core, actor, link.subjectId) };
  } catch (err) {
    if (!(err instanceof CharterError)) throw err;
    return { ok: false, status: ERROR_STATUS[err.code], locale: link.locale, text: err.text };
  }
}

const TOKEN = /^[A-Za-z0-9_-]{43}$/;
