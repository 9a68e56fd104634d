// MSG-6 keyword lists: the workspace's lists and their compiled matcher, and their
// management by super admins (`keyword …`, `policy keyword …`), CSV import
// included. The matcher is built once per list version: a change bumps the
// workspace's version in the same transaction, and every running instance sees
// the new version within a second and rebuilds.
import { holdersOf } from '../../core/actor.js';
import { FILE_FIELD_MAX_BYTES, type FormModel } from '../../core/cards.js';
import { conflict, invalidInput, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { localized, text } from '../../core/messages.js';
import type { Actor } from '../../core/model.js';
import { can, definePermissions } from '../../core/permissions.js';
import type { CoreDeps } from '../../core/ports.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import type { EntriesCard, ListsCard } from './cards.js';
import { compileKeywords, DEFAULT_SPAM_ENTRIES, detectSensitive, MAX_PATTERN_LENGTH, validateEntry as validatePattern, type CompiledKeywords } from './engine/index.js';
import type { EntryKind, KeywordList, KeywordStore, ListAction } from './store.js';
import type { RoleName } from '../../core/model.js';
import { tell } from '../../core/copies.js';

export type KeywordDeps = CoreDeps<KeywordStore>;

export const KEYWORD_PERMISSIONS = definePermissions({
  'keywords.manage': ['super-admin'],
  'keywords.moderate': ['super-admin', 'owner', 'moderator'],
});

/** The built-in list every workspace starts with (MSG-6: ads and spam, both languages). */
export const SPAM_LIST = { key: 'spam', names: { en: 'Ads and spam', 'zh-CN': '广告与垃圾信息' }, action: 'remove' as ListAction, exempt: ['owner', 'moderator', 'super-admin'] as RoleName[] };
export const IMPORT_MAX = 10_000;
const SHOW_MAX = 50;
/** How long an instance trusts its matcher before asking the database for the version. */
const VERSION_CHECK_MS = 1_000;

export interface Matcher {
  version: number;
  lists: KeywordList[];
  keywords: CompiledKeywords;
  entries: number;
  /** Each entry's pattern by id: what a finding shows of a keyword hit. */
  patterns: Map<string, string>;
}

interface Cached {
  matcher: Matcher;
  checkedAt: number;
}

// Per running Charter (keyed by its store), per workspace.
const caches = new WeakMap<object, Map<string, Cached>>();

function cacheOf(deps: Pick<KeywordDeps, 'store'>): Map<string, Cached> {
  let c = caches.get(deps.store);
  if (c === undefined) {
    c = new Map();
    caches.set(deps.store, c);
  }
  return c;
}

/** Creates the built-in ads/spam list once per workspace (not again after it was removed). */
async function seed(deps: Pick<KeywordDeps, 'store' | 'clock'>, workspaceId: string): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if ((await tx.keywords.version(workspaceId)) !== 0) return;
    const list = await tx.keywords.createList({ workspaceId, ...SPAM_LIST, builtIn: true }, now);
    if (list !== null) await tx.keywords.addEntries(list.id, DEFAULT_SPAM_ENTRIES, null, now);
    await tx.keywords.bump(workspaceId);
  });
}

async function build(deps: Pick<KeywordDeps, 'store' | 'clock'>, workspaceId: string, version: number): Promise<Matcher> {
  const [lists, entries] = await Promise.all([deps.store.keywords.lists(workspaceId), deps.store.keywords.entries(workspaceId)]);
  const patterns = entries.filter((e) => e.kind !== 'allow').map((e) => ({ id: e.id, listId: e.listId, kind: e.kind as Exclude<EntryKind, 'allow'>, pattern: e.pattern }));
  const allow = entries.filter((e) => e.kind === 'allow').map((e) => ({ listId: e.listId, pattern: e.pattern }));
  return { version, lists, keywords: compileKeywords(patterns, allow), entries: patterns.length, patterns: new Map(patterns.map((p) => [p.id, p.pattern])) };
}

/** The workspace's compiled lists, rebuilt when their version changed (here or in another instance). */
export async function matcherFor(deps: Pick<KeywordDeps, 'store' | 'clock'>, workspaceId: string): Promise<Matcher> {
  const cache = cacheOf(deps);
  const hit = cache.get(workspaceId);
  const now = performance.now();
  if (hit !== undefined && now - hit.checkedAt < VERSION_CHECK_MS) return hit.matcher;
  let version = await deps.store.keywords.version(workspaceId);
  if (version === 0) {
    await seed(deps, workspaceId);
    version = await deps.store.keywords.version(workspaceId);
  }
  if (hit !== undefined && hit.matcher.version === version) {
    hit.checkedAt = now;
    return hit.matcher;
  }
  const matcher = await build(deps, workspaceId, version);
  cache.set(workspaceId, { matcher, checkedAt: performance.now() });
  return matcher;
}

/** After a change made here: the next message rebuilds at once. */
export function forgetMatcher(deps: Pick<KeywordDeps, 'store'>, workspaceId: string): void {
  cacheOf(deps).delete(workspaceId);
}

/**
 * An entry as the engine checks it, and never a personal number: an ID, card or
 * phone number typed into a list would be stored and shown as the list's entry.
 */
function validateEntry(kind: Parameters<typeof validatePattern>[0], pattern: string): ReturnType<typeof validatePattern> | { ok: false; reason: 'sensitive' } {
  const checked = validatePattern(kind, pattern);
  if (checked.ok && kind !== 'regex' && detectSensitive(checked.pattern, new Set(['resident-id', 'bank-card', 'mobile'] as const)).length > 0) return { ok: false, reason: 'sensitive' };
  return checked;
}

// ---------------------------------------------------------------- management

export async function mayManage(deps: KeywordDeps, actor: Actor, action: string, target: string): Promise<void> {
  if (!can(await holdersOf(deps, actor, null), KEYWORD_PERMISSIONS['keywords.manage'])) {
    await deps.store.audit.append(byActor(actor, action, { targetType: 'keyword_list', targetId: target, outcome: 'refused' }), deps.clock.now());
    notAllowed(text('keywords.forbidden'));
  }
}

async function listNamed(deps: KeywordDeps, actor: Actor, key: string): Promise<KeywordList> {
  const lists = (await matcherFor(deps, actor.workspace.id)).lists;
  const list = lists.find((l) => l.key === key);
  if (list === undefined) notFound(text('keywords.unknownList', { list: key, lists: lists.map((l) => l.key).join(', ') || '—' }));
  return list;
}

function rejection(reason: string, pattern: string) {
  return text(`keywords.rejected.${reason}`, { pattern: pattern.slice(0, 80), max: MAX_PATTERN_LENGTH });
}

/** Roles in the reader's language. */
export function rolesText(roles: readonly RoleName[]) {
  return roles.length === 0 ? text('keywords.nobody') : roles.map((r) => text(`keywords.roles.${r}`));
}

export async function showLists(deps: KeywordDeps, { actor }: CommandContext): Promise<Reply> {
  const m = await matcherFor(deps, actor.workspace.id);
  const counts = new Map<string, number>();
  for (const e of await deps.store.keywords.entries(actor.workspace.id)) counts.set(e.listId, (counts.get(e.listId) ?? 0) + 1);
  const card: ListsCard = {
    kind: 'keywords.lists',
    lists: m.lists.map((l) => ({ key: l.key, names: l.names, action: l.action, exempt: rolesText(l.exempt), entries: counts.get(l.id) ?? 0, builtIn: l.builtIn })),
  };
  return { kind: 'card', card };
}

export async function showList(deps: KeywordDeps, { actor }: CommandContext, key: string): Promise<Reply> {
  // The entries are moderation content: shown to those who manage them.
  await mayManage(deps, actor, 'keyword.show', key);
  const list = await listNamed(deps, actor, key);
  const entries = (await deps.store.keywords.entries(actor.workspace.id)).filter((e) => e.listId === list.id);
  const card: EntriesCard = { kind: 'keywords.entries', list: { key: list.key, names: list.names }, entries: entries.slice(0, SHOW_MAX).map((e) => ({ kind: e.kind, pattern: e.pattern })), total: entries.length };
  return { kind: 'card', card };
}

export async function addEntry(deps: KeywordDeps, { actor }: CommandContext, key: string, kind: EntryKind, pattern: string): Promise<Reply> {
  await mayManage(deps, actor, 'keyword.add', key);
  const list = await listNamed(deps, actor, key);
  const checked = validateEntry(kind === 'allow' ? 'word' : kind, pattern);
  if (!checked.ok) invalidInput(rejection(checked.reason, pattern));
  const now = deps.clock.now();
  const added = await deps.store.transaction(async (tx) => {
    const n = await tx.keywords.addEntries(list.id, [{ kind, pattern: checked.pattern }], actor.person.id, now);
    if (n > 0) {
      await tx.keywords.bump(actor.workspace.id);
      await tx.audit.append(byActor(actor, 'keyword.add', { targetType: 'keyword_list', targetId: list.key, details: { kind, pattern: checked.pattern } }), now);
    }
    return n;
  });
  forgetMatcher(deps, actor.workspace.id);
  if (added === 0) conflict(text('keywords.already', { pattern: checked.pattern, list: localized(list.names) }));
  return { kind: 'text', text: text(kind === 'allow' ? 'keywords.allowed' : 'keywords.added', { pattern: checked.pattern, list: localized(list.names), kind: text(`keywords.kinds.${kind}`) }) };
}

export async function removeEntry(deps: KeywordDeps, { actor }: CommandContext, key: string, pattern: string): Promise<Reply> {
  await mayManage(deps, actor, 'keyword.remove', key);
  const list = await listNamed(deps, actor, key);
  // The same normal form `add` stores (spaces collapsed, …), so what was added can be removed as typed.
  const checked = validateEntry('word', pattern);
  const stored = checked.ok ? checked.pattern : pattern;
  const now = deps.clock.now();
  const removed = await deps.store.transaction(async (tx) => {
    const n = (await tx.keywords.removeEntry(list.id, stored)) + (stored !== pattern ? await tx.keywords.removeEntry(list.id, pattern) : 0);
    if (n > 0) {
      await tx.keywords.bump(actor.workspace.id);
      await tx.audit.append(byActor(actor, 'keyword.remove', { targetType: 'keyword_list', targetId: list.key, details: { pattern } }), now);
    }
    return n;
  });
  forgetMatcher(deps, actor.workspace.id);
  if (removed === 0) notFound(text('keywords.notInList', { pattern, list: localized(list.names) }));
  return { kind: 'text', text: text('keywords.removed', { pattern, list: localized(list.names) }) };
}

export async function createList(deps: KeywordDeps, { actor }: CommandContext, c: { key: string; nameEn: string; nameZh: string; action: ListAction }): Promise<Reply> {
  await mayManage(deps, actor, 'keyword.create', c.key);
  await matcherFor(deps, actor.workspace.id); // the built-in list first, so its key stays taken
  const now = deps.clock.now();
  const created = await deps.store.transaction(async (tx) => {
    const list = await tx.keywords.createList({ workspaceId: actor.workspace.id, key: c.key, names: { en: c.nameEn, 'zh-CN': c.nameZh }, action: c.action, exempt: ['owner', 'moderator', 'super-admin'], builtIn: false }, now);
    if (list !== null) {
      await tx.keywords.bump(actor.workspace.id);
      await tx.audit.append(byActor(actor, 'keyword.create', { targetType: 'keyword_list', targetId: c.key, details: { action: c.action } }), now);
    }
    return list;
  });
  forgetMatcher(deps, actor.workspace.id);
  if (created === null) conflict(text('keywords.listTaken', { list: c.key }));
  return { kind: 'text', text: text('keywords.created', { list: c.key, name: localized(created.names), action: text(`keywords.actions.${c.action}`) }) };
}

export async function setListAction(deps: KeywordDeps, { actor }: CommandContext, key: string, action: ListAction): Promise<Reply> {
  await mayManage(deps, actor, 'keyword.action', key);
  const list = await listNamed(deps, actor, key);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.keywords.updateList(list.id, { action });
    await tx.keywords.bump(actor.workspace.id);
    await tx.audit.append(byActor(actor, 'keyword.action', { targetType: 'keyword_list', targetId: list.key, details: { old: list.action, new: action } }), now);
  });
  forgetMatcher(deps, actor.workspace.id);
  return { kind: 'text', text: text('keywords.actionSet', { list: localized(list.names), action: text(`keywords.actions.${action}`) }) };
}

export async function setExempt(deps: KeywordDeps, { actor }: CommandContext, key: string, roles: RoleName[]): Promise<Reply> {
  await mayManage(deps, actor, 'keyword.exempt', key);
  const list = await listNamed(deps, actor, key);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    await tx.keywords.updateList(list.id, { exempt: roles });
    await tx.keywords.bump(actor.workspace.id);
    await tx.audit.append(byActor(actor, 'keyword.exempt', { targetType: 'keyword_list', targetId: list.key, details: { old: list.exempt, new: roles } }), now);
  });
  forgetMatcher(deps, actor.workspace.id);
  return { kind: 'text', text: text('keywords.exemptSet', { list: localized(list.names), roles: rolesText(roles) }) };
}

// ---------------------------------------------------------------- CSV import

const KIND_WORDS: Record<string, EntryKind> = { word: 'word', 词: 'word', whole: 'whole', 整词: 'whole', regex: 'regex', 正则: 'regex', allow: 'allow', 允许: 'allow' };

/** One CSV field list per line (RFC 4180 quotes; commas inside quotes kept). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i += 1) {
    const ch = line[i] as string;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"' && cur.trim() === '') {
      quoted = true;
      cur = '';
    } else if (ch === ',' || ch === '，') {
      out.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  out.push(cur.trim());
  return out;
}

export interface ImportReport {
  added: number;
  duplicates: number;
  rejected: { line: number; reason: string }[];
}

/**
 * Lines of `pattern[,kind]` (kind: word, whole, regex, allow; word when left out);
 * a header line `pattern,kind` and blank lines are skipped. At most IMPORT_MAX entries.
 */
export function parseCsv(csv: string): { entries: { kind: EntryKind; pattern: string; line: number }[]; rejected: ImportReport['rejected'] } {
  const entries: { kind: EntryKind; pattern: string; line: number }[] = [];
  const rejected: ImportReport['rejected'] = [];
  const lines = csv.split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    const [pattern = '', kindWord = '', ...extra] = csvFields(raw);
    if (i === 0 && pattern.toLowerCase() === 'pattern') return;
    if (entries.length >= IMPORT_MAX) {
      rejected.push({ line, reason: 'tooMany' });
      return;
    }
    const kind = kindWord === '' ? 'word' : KIND_WORDS[kindWord.toLowerCase()];
    if (kind === undefined || extra.some((e) => e !== '')) {
      rejected.push({ line, reason: 'badKind' });
      return;
    }
    const checked = validateEntry(kind === 'allow' ? 'word' : kind, pattern);
    if (!checked.ok) rejected.push({ line, reason: checked.reason });
    else entries.push({ kind, pattern: checked.pattern, line });
  });
  return { entries, rejected };
}

/** Adds parsed entries to a list (checked by the caller), in one transaction. */
async function addImported(deps: KeywordDeps, actor: Actor, list: KeywordList, entries: ReturnType<typeof parseCsv>['entries'], rejected: number): Promise<number> {
  const now = deps.clock.now();
  const added = await deps.store.transaction(async (tx) => {
    const n = await tx.keywords.addEntries(list.id, entries, actor.person.id, now);
    if (n > 0) await tx.keywords.bump(actor.workspace.id);
    await tx.audit.append(byActor(actor, 'keyword.import', { targetType: 'keyword_list', targetId: list.key, details: { added: n, rejected } }), now);
    return n;
  });
  forgetMatcher(deps, actor.workspace.id);
  return added;
}

function reportText(r: ImportReport) {
  const shown = r.rejected.slice(0, 20).map((x) => text('keywords.import.line', { line: x.line, reason: text(`keywords.rejected.short.${x.reason}`) }));
  return text(r.rejected.length === 0 ? 'keywords.import.done' : 'keywords.import.doneWithRejects', {
    added: r.added,
    duplicates: r.duplicates,
    rejected: r.rejected.length,
    lines: shown,
    more: r.rejected.length > shown.length ? text('keywords.import.more', { count: r.rejected.length - shown.length }) : '',
  });
}

export function importForm(key: string, value: string | null = null, error: FormModel['fields'][number]['error'] = undefined): FormModel {
  return {
    action: { id: 'keywords.import', payload: { list: key }, label: { key: 'keywords.import.submit' } },
    title: text('keywords.import.title'),
    intro: text('keywords.import.intro', { list: key, max: IMPORT_MAX }),
    fields: [{ id: 'csv', label: text('keywords.import.field'), kind: 'file', multiline: true, required: true, maxLength: FILE_FIELD_MAX_BYTES, ...(value !== null ? { value } : {}), ...(error !== undefined ? { error } : {}) }],
  };
}

export async function openImport(deps: KeywordDeps, { actor }: CommandContext, key: string): Promise<Reply> {
  await mayManage(deps, actor, 'keyword.import', key);
  await listNamed(deps, actor, key);
  return { kind: 'form', form: importForm(key) };
}

/**
 * The import form's submission: checked and parsed at once (the answer must come
 * within Slack's three seconds); the entries are added in the background and the
 * report comes as a private message. Entries already in the list are skipped, so
 * an import that did not finish can simply be sent again.
 */
export async function submitImport(deps: KeywordDeps, actor: Actor, key: string, csv: string | undefined): Promise<ActionResult> {
  await mayManage(deps, actor, 'keyword.import', key);
  const list = await listNamed(deps, actor, key);
  if (csv === undefined || csv.trim() === '') return { kind: 'form', form: importForm(key, null, text('keywords.import.empty')), card: null };
  const { entries, rejected } = parseCsv(csv);
  deps.defer('keywords.import', async () => {
    const added = await addImported(deps, actor, list, entries, rejected.length);
    const report = reportText({ added, duplicates: entries.length - added, rejected });
    await tell(deps, actor.workspace, actor.person, report.key, report.params);
  });
  return { kind: 'notice', notice: text('keywords.import.started', { count: entries.length, list: localized(list.names) }) };
}
