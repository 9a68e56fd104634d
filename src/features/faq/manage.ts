// `faq add`, `faq remove`, `faq list`. In a governed group an entry belongs to
// that group and is managed by its admins; in a 1:1 chat it is workspace-wide and
// managed by super admins. Every change, and every refusal, is audited.
import { holdersOf } from '../../core/actor.js';
import { conflict, invalidInput, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import type { Actor, Group } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { CoreDeps } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import { detectSensitive } from '../keywords/engine/index.js';
import { groupHere } from '../group/here.js';
import type { FaqListCard } from './cards.js';
import { terms } from './match.js';
import { FAQ_PERMISSIONS } from './permissions.js';
import type { FaqEntry, FaqStore } from './store.js';

export type FaqDeps = CoreDeps<FaqStore>;

/** Entries per scope (a group, or the workspace): matching reads them all on every question. */
export const MAX_ENTRIES = 200;
/** Entries a list card shows. */
const LIST_SHOWN = 60;

/** The governed group a command was typed in; null in a 1:1 chat or a conversation that is not governed. */
export async function groupOf(deps: FaqDeps, ctx: CommandContext): Promise<Group | null> {
  if (ctx.conversation.kind === 'direct') return null;
  return deps.store.groups.findActiveByChannel(ctx.actor.workspace.id, ctx.conversation.id);
}

/** Says no (audited) unless the actor may manage entries of this scope. */
async function mayManage(deps: FaqDeps, actor: Actor, group: Group | null, action: string, targetId: string | null): Promise<void> {
  const allowed = group === null ? FAQ_PERMISSIONS['faq.manage.workspace'] : FAQ_PERMISSIONS['faq.manage.group'];
  if (can(await holdersOf(deps, actor, group), allowed)) return;
  await deps.store.audit.append(
    byActor(actor, action, { targetType: 'faq', targetId, groupId: group?.id ?? null, outcome: 'refused', details: { scope: group === null ? 'workspace' : 'group' } }),
    deps.clock.now(),
  );
  notAllowed(group === null ? text('faq.forbiddenWorkspace') : text('faq.forbiddenGroup', { group: group.name }));
}

function normalized(question: string): string {
  return question.normalize('NFKC').toLowerCase().replace(/[\s?？!！.。]+/g, ' ').trim();
}

export async function addEntry(deps: FaqDeps, ctx: CommandContext, question: string, answer: string): Promise<Reply> {
  const { actor } = ctx;
  const group = ctx.conversation.kind === 'direct' ? null : await groupHere(deps, actor, ctx.conversation);
  await mayManage(deps, actor, group, 'faq.add', null);
  // A question without a word or character the matcher can use could never be matched.
  if (terms(question).size === 0) invalidInput(text('faq.noWords'));
  // The entry is stored and shown to everyone who asks; personal numbers stay out.
  if (detectSensitive(`${question}\n${answer}`, new Set(['resident-id', 'bank-card'] as const)).length > 0) invalidInput(text('faq.sensitive'));
  const same = (await deps.store.faqEntries.listFor(actor.workspace.id, group?.id ?? null)).find(
    (e) => e.groupId === (group?.id ?? null) && normalized(e.question) === normalized(question),
  );
  if (same !== undefined) conflict(text('faq.duplicate', { id: same.id }));
  if ((await deps.store.faqEntries.countScope(actor.workspace.id, group?.id ?? null)) >= MAX_ENTRIES) conflict(text('faq.full', { max: MAX_ENTRIES }));
  const now = deps.clock.now();
  const entry = await deps.store.transaction(async (tx) => {
    const created = await tx.faqEntries.add({ workspaceId: actor.workspace.id, groupId: group?.id ?? null, question, answer, createdBy: actor.person.id, createdAt: now });
    await tx.audit.append(
      byActor(actor, 'faq.add', {
        targetType: 'faq',
        targetId: String(created.id),
        groupId: group?.id ?? null,
        details: { scope: group === null ? 'workspace' : 'group', question, answerLength: answer.length },
      }),
      now,
    );
    return created;
  });
  forgetEntries(deps, actor.workspace.id);
  const where = group === null ? text('faq.where.workspace') : text('faq.where.group', { group: group.name });
  return { kind: 'text', text: text('faq.added', { id: entry.id, question, where }) };
}

export async function removeEntry(deps: FaqDeps, ctx: CommandContext, id: number): Promise<Reply> {
  const { actor } = ctx;
  const entry = await deps.store.faqEntries.get(actor.workspace.id, id);
  if (entry === null) notFound(text('faq.unknown', { id }));
  const group = entry.groupId === null ? null : await deps.store.groups.get(entry.groupId);
  await mayManage(deps, actor, group, 'faq.remove', String(id));
  const now = deps.clock.now();
  const removed = await deps.store.transaction(async (tx) => {
    if (!(await tx.faqEntries.remove(actor.workspace.id, id))) return false;
    await tx.audit.append(
      byActor(actor, 'faq.remove', {
        targetType: 'faq',
        targetId: String(id),
        groupId: entry.groupId,
        details: { scope: entry.groupId === null ? 'workspace' : 'group', question: entry.question },
      }),
      now,
    );
    return true;
  });
  forgetEntries(deps, actor.workspace.id);
  if (!removed) notFound(text('faq.unknown', { id }));
  return { kind: 'text', text: text('faq.removed', { id, question: entry.question }) };
}

// The entries the auto-reply matches every question against, kept for a second per
// running Charter (keyed by its store): a change made here is seen at once, one
// made by another instance within a second.
const ENTRIES_TTL_MS = 1_000;
const entryCache = new WeakMap<object, Map<string, { at: number; entries: FaqEntry[] }>>();

function forgetEntries(deps: Pick<FaqDeps, 'store'>, workspaceId: string): void {
  const cache = entryCache.get(deps.store);
  if (cache !== undefined) for (const key of [...cache.keys()]) if (key.startsWith(`${workspaceId}\u0000`)) cache.delete(key);
}

/** `entriesFor`, for the message handler. */
export async function cachedEntriesFor(deps: FaqDeps, workspaceId: string, group: Group): Promise<FaqEntry[]> {
  let cache = entryCache.get(deps.store);
  if (cache === undefined) {
    cache = new Map();
    entryCache.set(deps.store, cache);
  }
  const key = `${workspaceId}\u0000${group.id}`;
  const now = performance.now();
  const hit = cache.get(key);
  if (hit !== undefined && now - hit.at < ENTRIES_TTL_MS) return hit.entries;
  const entries = await entriesFor(deps, workspaceId, group);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: now, entries });
  return entries;
}

/** The entries a question in this conversation is matched against: the group's and the workspace's. */
export async function entriesFor(deps: FaqDeps, workspaceId: string, group: Group | null): Promise<FaqEntry[]> {
  return deps.store.faqEntries.listFor(workspaceId, group?.id ?? null);
}

export async function listEntries(deps: FaqDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupOf(deps, ctx);
  const entries = await entriesFor(deps, ctx.actor.workspace.id, group);
  if (entries.length === 0) return { kind: 'text', text: text(group === null ? 'faq.noneWorkspace' : 'faq.none', { group: group?.name ?? '' }) };
  const card: FaqListCard = {
    kind: 'faq.list',
    group: group?.name ?? null,
    entries: entries.slice(0, LIST_SHOWN).map((e) => ({ id: e.id, question: e.question, workspace: e.groupId === null })),
    total: entries.length,
  };
  return { kind: 'card', card };
}
