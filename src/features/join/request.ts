// ADM-1: a member asks to join a governed group with a reason; the approvers get a
// card each. Checks first (ADM-3 where this version can tell: deactivated and
// external accounts), then one pending request per person and group. The cards,
// the reminder and the expiry (ADM-5) are durable jobs enqueued with the request.
import { localeOf } from '../../core/actor.js';
import { conflict, invalidInput, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { date, text } from '../../core/messages.js';
import type { Actor, Group } from '../../core/model.js';
import { UniqueViolation, type Posted } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { settingOf } from '../../core/settings.js';
import { byActor, bySystem } from '../audit/entries.js';
import { approversOf, joinCard, loadJoinContext, SUBJECT, type JoinDeps } from './context.js';
import { updateJoinCards } from './fulfil.js';
import type { GroupRef, JoinCommand } from './grammar.js';
import type { Locale } from '../../core/locale.js';
import { EXPIRE_AFTER, REMIND_AFTER } from './settings.js';

export const JOBS = { notify: 'join.notify', fulfil: 'join.fulfil', remind: 'join.remind', expire: 'join.expire' } as const;

async function findGroup(deps: JoinDeps, actor: Actor, ref: GroupRef): Promise<Group> {
  const ws = actor.workspace.id;
  const group =
    ref.kind === 'channel'
      ? await deps.store.groups.findActiveByChannel(ws, ref.channelId)
      : ((await deps.store.groups.findActiveByName(ws, ref.name)) ?? (ref.hashed ? await deps.store.groups.findActiveByChannelName(ws, ref.name) : null));
  if (group === null) notFound(text('join.unknownGroup', { group: ref.kind === 'channel' ? (ref.name ?? ref.channelId) : ref.name }));
  return group;
}

export async function requestJoin(deps: JoinDeps, { actor }: CommandContext, cmd: JoinCommand): Promise<Reply> {
  const group = await findGroup(deps, actor, cmd.group);
  const { person } = actor;
  if (person.employment === 'inactive') invalidInput(text('join.inactive'));
  if (person.isExternal && group.tier !== 'external') invalidInput(text('join.externalOnly', { group: group.name }));

  const roles = await deps.store.roles.rolesIn(person.id, group.id);
  if (roles.length > 0 || (await deps.membership.isMember(actor.workspace, group, person)) === true) {
    conflict(text('join.alreadyMember', { group: group.name }));
  }
  const pendingAlready = async () => {
    const pending = await deps.store.joinRequests.findPending(group.id, person.id);
    if (pending !== null) conflict(text('join.alreadyPending', { group: group.name, since: date(pending.createdAt) }));
  };
  await pendingAlready();

  const approvers = (await approversOf(deps, actor.workspace, group)).filter((p) => p.id !== person.id);
  if (approvers.length === 0) conflict(text('join.noApprovers', { group: group.name }));

  const now = deps.clock.now();
  const [remindAfter, expireAfter] = await Promise.all([settingOf(deps, actor.workspace.id, REMIND_AFTER), settingOf(deps, actor.workspace.id, EXPIRE_AFTER)]);
  try {
    await deps.store.transaction(async (tx) => {
      const created = await tx.joinRequests.create({ workspaceId: actor.workspace.id, groupId: group.id, requesterId: person.id, reason: cmd.reason, at: now });
      await tx.audit.append(byActor(actor, 'join.request', { targetType: 'join_request', targetId: created.id, groupId: group.id, reason: cmd.reason }), now);
      const payload = { workspaceId: actor.workspace.id, requestId: created.id };
      await deps.jobs.send(JOBS.notify, payload, { key: created.id, in: tx });
      if (remindAfter < expireAfter) await deps.jobs.send(JOBS.remind, payload, { key: created.id, at: new Date(now.getTime() + remindAfter), in: tx });
      await deps.jobs.send(JOBS.expire, payload, { key: created.id, at: new Date(now.getTime() + expireAfter), in: tx });
    });
  } catch (err) {
    // Another request of theirs got in first: say since when it waits.
    if (err instanceof UniqueViolation) await pendingAlready();
    throw err;
  }
  return { kind: 'text', text: text('join.sent', { group: group.name, count: approvers.length }) };
}

/**
 * Sends the approval card to every approver privately. Where none can be reached,
 * posts it into the group instead (on Teams only approvers get the buttons there);
 * where that fails too, the job fails and is retried. Safe to run again:
 * approvers who already have a copy are skipped.
 */
export async function notifyApprovers(deps: JoinDeps, requestId: string): Promise<void> {
  const ctx = await loadJoinContext(deps, requestId);
  if (ctx === null || ctx.request.state !== 'pending' || ctx.request.notifiedAt !== null) return;
  const { workspace, group, request } = ctx;
  const remember = (posted: Posted, recipientId: string | null, locale: Locale) =>
    deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType: SUBJECT, subjectId: request.id, recipientId, conversationId: posted.conversationId, messageId: posted.messageId, locale });
  const already = new Set((await deps.store.cardPosts.listFor(SUBJECT, request.id)).map((p) => p.recipientId));
  let delivered = already.size;
  for (const approver of ctx.approvers) {
    if (already.has(approver.id)) continue;
    const locale = localeOf(deps, workspace, approver);
    try {
      await remember(await deps.messaging.sendPrivate(workspace, approver, { locale, card: joinCard(ctx) }), approver.id, locale);
      delivered += 1;
    } catch (err) {
      deps.log.warn({ err, requestId, approverId: approver.id }, 'could not send the approval card privately');
    }
  }

  let outcome: 'ok' | 'fallback' = 'ok';
  if (delivered === 0) {
    const locale = localeOf(deps, workspace, null);
    // Throws when the group cannot be reached either: the job is retried.
    await remember(await deps.messaging.postToGroup(workspace, group, { locale, card: joinCard(ctx, { shared: true }) }), null, locale);
    outcome = 'fallback';
  }
  await deps.store.joinRequests.markNotified(request.id, deps.clock.now());
  // Decided while the cards went out: copies sent after the follow-up updated the others get the decision too.
  const now = await deps.store.joinRequests.get(request.id);
  if (now !== null && now.state !== 'pending' && now.fulfilment === 'done') await updateJoinCards(deps, { ...ctx, request: now, decider: now.decidedBy === null ? null : await deps.store.people.get(now.decidedBy) });
  await deps.store.audit.append(
    bySystem(workspace.id, 'join.notify', { targetType: 'join_request', targetId: request.id, groupId: group.id, outcome, details: { approvers: ctx.approvers.length, delivered } }),
    deps.clock.now(),
  );
}
