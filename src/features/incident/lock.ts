// INC-4: lock and unlock a group — only its admins may post while it is locked. No
// regular Slack bot API restricts posting, and Teams channel moderation is not
// something a bot may set on a chat, so Charter enforces a lock on the message
// event: a message from someone who is not an admin is removed where the platform
// can (Slack with SLACK_ADMIN_USER_TOKEN) and its author told why; where it cannot,
// the author is warned and the group's moderators are told. Locking and unlocking
// need a reason (ROLE-4), are audited, and the group is told why.
import { groupAdminsOf, holdersOf, localeOf } from '../../core/actor.js';
import { tell } from '../../core/copies.js';
import { conflict, notAllowed } from '../../core/errors.js';
import type { CommandContext, MessageContext } from '../../core/feature.js';
import { text, type Param } from '../../core/messages.js';
import { qualifiedId, type Group, type Person, type Workspace } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { Reply } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor, bySystem } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import { isAdminPerson } from '../rules/admins.js';
import { INCIDENT_PERMISSIONS } from './permissions.js';
import type { GroupLock } from './store.js';
import { refreshCards, type IncidentDeps } from './view.js';

// A group's lock, read on every message, kept for a second per running Charter (keyed
// by its store): a lock or unlock made here is seen at once, one made by another
// instance within a second.
const LOCK_TTL_MS = 1_000;
/** How long an author who keeps posting in a locked group (where Charter cannot remove) is not warned again. */
const AUTHOR_QUIET_MS = 10 * 60_000;
const lockCache = new WeakMap<object, Map<string, { at: number; lock: GroupLock | null }>>();

function forgetLock(deps: Pick<IncidentDeps, 'store'>, groupId: string): void {
  lockCache.get(deps.store)?.delete(groupId);
}

async function cachedLock(deps: IncidentDeps, groupId: string): Promise<GroupLock | null> {
  let cache = lockCache.get(deps.store);
  if (cache === undefined) {
    cache = new Map();
    lockCache.set(deps.store, cache);
  }
  const now = performance.now();
  const hit = cache.get(groupId);
  if (hit !== undefined && now - hit.at < LOCK_TTL_MS) return hit.lock;
  const lock = await deps.store.locks.get(groupId);
  if (cache.size > 10_000) cache.clear();
  cache.set(groupId, { at: now, lock });
  return lock;
}

async function announce(deps: IncidentDeps, workspace: Workspace, group: Group, key: string, params: Record<string, Param>): Promise<void> {
  try {
    await deps.messaging.postToGroup(workspace, group, { locale: localeOf(deps, workspace, null), text: text(key, params) });
  } catch (err) {
    deps.log.warn({ err, groupId: group.id }, 'could not tell the group');
  }
}

/** Locks the group (false when it already was); announced in the group. */
export async function lockGroup(deps: IncidentDeps, workspace: Workspace, group: Group, by: Person | null, reason: string, incidentId: string | null): Promise<boolean> {
  const lock: GroupLock = { groupId: group.id, workspaceId: workspace.id, lockedBy: by?.id ?? null, lockedAt: deps.clock.now(), reason, incidentId, enforcedBy: 'pipeline' };
  const locked = await deps.store.locks.lock(lock);
  forgetLock(deps, group.id);
  if (!locked) return false;
  await announce(deps, workspace, group, deps.capabilities.deleteMessage ? 'incidents.lock.announced' : 'incidents.lock.announcedWarn', { reason });
  return true;
}

async function mayLock(deps: IncidentDeps, ctx: CommandContext, group: Group, action: string, reason: string): Promise<void> {
  if (can(await holdersOf(deps, ctx.actor, group), INCIDENT_PERMISSIONS['incident.lock'])) return;
  await deps.store.audit.append(byActor(ctx.actor, action, { targetType: 'group', targetId: group.id, groupId: group.id, reason, outcome: 'refused' }), deps.clock.now());
  notAllowed(text('incidents.lock.forbidden', { group: group.name }));
}

export async function lockCommand(deps: IncidentDeps, ctx: CommandContext, reason: string): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayLock(deps, ctx, group, 'group.lock', reason);
  const locked = await lockGroup(deps, ctx.actor.workspace, group, ctx.actor.person, reason, null);
  if (!locked) conflict(text('incidents.lock.already', { group: group.name }));
  await deps.store.audit.append(byActor(ctx.actor, 'group.lock', { targetType: 'group', targetId: group.id, groupId: group.id, reason }), deps.clock.now());
  const open = await deps.store.incidents.openInGroup(group.id);
  if (open !== null) {
    await deps.store.incidents.record(open.id, 'locked', ctx.actor.person.id, { reason }, deps.clock.now());
    refreshCards(deps, open.id);
  }
  return { kind: 'text', text: text('incidents.lock.done', { group: group.name }) };
}

export async function unlockCommand(deps: IncidentDeps, ctx: CommandContext, reason: string): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayLock(deps, ctx, group, 'group.unlock', reason);
  const lock = await deps.store.locks.unlock(group.id);
  forgetLock(deps, group.id);
  if (lock === null) conflict(text('incidents.lock.notLocked', { group: group.name }));
  const now = deps.clock.now();
  await deps.store.audit.append(byActor(ctx.actor, 'group.unlock', { targetType: 'group', targetId: group.id, groupId: group.id, reason, details: { lockedAt: lock.lockedAt.toISOString() } }), now);
  const incident = lock.incidentId ?? (await deps.store.incidents.openInGroup(group.id))?.id ?? null;
  if (incident !== null) {
    await deps.store.incidents.record(incident, 'unlocked', ctx.actor.person.id, { reason }, now);
    refreshCards(deps, incident);
  }
  await announce(deps, ctx.actor.workspace, group, 'incidents.lock.lifted', { reason, by: mentionOf(ctx.actor.person) });
  return { kind: 'text', text: text('incidents.lock.undone', { group: group.name }) };
}

/**
 * The message handler (before the group rules): while the group is locked, a new
 * message from someone who is not an admin is removed, or its author warned.
 */
export async function enforceLock(deps: IncidentDeps, ctx: MessageContext): Promise<void> {
  const { event, group, workspace, author } = ctx;
  if (event.kind !== 'posted' || author === null || event.author?.isBot === true || event.addressedToCharter === true) return;
  const lock = await cachedLock(deps, group.id);
  if (lock === null || (await isAdminPerson(deps, author, group))) return;
  let removed = false;
  if (deps.capabilities.deleteMessage) {
    try {
      removed = await deps.moderation.deleteMessage(workspace, group, event.messageId);
    } catch (err) {
      deps.log.warn({ err, messageId: event.messageId }, 'removing a message during a lock failed');
    }
  }
  ctx.removed = removed;
  // A spam wave during a lock must not become a storm of private messages: the author
  // is told at most every 10 minutes, the admins once per author and lock.
  const earlier = (await deps.store.audit.list(workspace.id, { groupId: group.id, action: 'group.lock.enforce', since: lock.lockedAt })).filter((a) => a.details?.['author'] === qualifiedId(author));
  const toldRecently = earlier.some((a) => a.occurredAt.getTime() > deps.clock.now().getTime() - AUTHOR_QUIET_MS);
  if (removed || !toldRecently) {
    // Where the platform puts reminders (Slack: ephemeral in the channel; Teams: 1:1).
    try {
      await deps.moderation.remindPrivately(workspace, group, author, { locale: localeOf(deps, workspace, author), text: text(removed ? 'incidents.lock.removedYours' : 'incidents.lock.warnYours', { group: group.name, reason: lock.reason }) });
    } catch (err) {
      deps.log.warn({ err, messageId: event.messageId }, 'could not tell the author about the lock');
    }
  }
  if (!removed && !earlier.some((a) => a.outcome === 'fallback')) {
    for (const admin of await groupAdminsOf(deps, group)) {
      if (admin.id !== author.id) await tell(deps, workspace, admin, 'incidents.lock.notRemoved', { group: group.name, author: mentionOf(author) });
    }
  }
  await deps.store.audit.append(
    bySystem(workspace.id, 'group.lock.enforce', {
      targetType: 'message',
      targetId: event.messageId,
      groupId: group.id,
      outcome: removed ? 'ok' : 'fallback',
      details: { author: qualifiedId(author), removed },
    }),
    deps.clock.now(),
  );
}
