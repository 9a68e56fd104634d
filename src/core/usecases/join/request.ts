// ADM-1: a member asks to join a governed group with a reason; the approvers get a
// card each. Checks first (ADM-3 where this version can tell: deactivated and
// external accounts), then one pending request per person and group.
import type { Command, GroupRef } from '../../commands/types.js';
import { date, text } from '../../messages.js';
import type { Actor, Group } from '../../model.js';
import type { Locale } from '../../locale.js';
import { UniqueViolation, type CoreDeps, type Posted } from '../../ports.js';
import { refuse } from '../../refusal.js';
import type { Reply } from '../../replies.js';
import { localeOf } from '../actor.js';
import { byActor, bySystem } from '../audit.js';
import { approversOf, joinCard, loadJoinContext } from './context.js';

async function findGroup(deps: CoreDeps, actor: Actor, ref: GroupRef): Promise<Group> {
  const ws = actor.workspace.id;
  const group =
    ref.kind === 'channel'
      ? await deps.store.groups.findActiveByChannel(ws, ref.channelId)
      : ((await deps.store.groups.findActiveByName(ws, ref.name)) ??
        (ref.hashed ? await deps.store.groups.findActiveByChannelName(ws, ref.name) : null));
  if (group === null) {
    const shown = ref.kind === 'channel' ? (ref.name ?? ref.channelId) : ref.name;
    refuse(text('join.unknownGroup', { group: shown }));
  }
  return group;
}

export async function requestJoin(deps: CoreDeps, actor: Actor, cmd: Extract<Command, { verb: 'join' }>): Promise<Reply> {
  const group = await findGroup(deps, actor, cmd.group);
  const { person } = actor;
  if (person.employment === 'inactive') refuse(text('join.inactive'));
  if (person.isExternal && group.tier !== 'external') refuse(text('join.externalOnly', { group: group.name }));

  const roles = await deps.store.roles.rolesIn(person.id, group.id);
  if (roles.length > 0 || (await deps.platform.isMember(actor.workspace, group, person)) === true) {
    refuse(text('join.alreadyMember', { group: group.name }));
  }
  const pending = await deps.store.joinRequests.findPending(group.id, person.id);
  if (pending !== null) refuse(text('join.alreadyPending', { group: group.name, since: date(pending.createdAt) }));

  const approvers = (await approversOf(deps, actor.workspace, group)).filter((p) => p.id !== person.id);
  if (approvers.length === 0) refuse(text('join.noApprovers', { group: group.name }));

  let requestId: string;
  try {
    requestId = await deps.store.transaction(async (tx) => {
      const created = await tx.joinRequests.create({
        workspaceId: actor.workspace.id,
        groupId: group.id,
        requesterId: person.id,
        reason: cmd.reason,
        at: deps.clock.now(),
      });
      await tx.audit.append(
        byActor(actor, 'join.request', { targetType: 'join_request', targetId: created.id, groupId: group.id, reason: cmd.reason }),
        deps.clock.now(),
      );
      return created.id;
    });
  } catch (err) {
    if (err instanceof UniqueViolation) refuse(text('join.alreadyPending', { group: group.name, since: date(deps.clock.now()) }));
    throw err;
  }

  deps.defer('join.notify', () => notifyApprovers(deps, requestId));
  return { kind: 'text', text: text('join.sent', { group: group.name, count: approvers.length }) };
}

/**
 * Sends the approval card to every approver privately. Where none can be reached,
 * posts it into the group instead (only approvers get the buttons there on Teams);
 * where that fails too, the request stays unnotified and the sweeper tries again.
 * Safe to run again: approvers who already have a copy are skipped.
 */
export async function notifyApprovers(deps: CoreDeps, requestId: string): Promise<void> {
  const ctx = await loadJoinContext(deps, requestId);
  if (ctx === null || ctx.request.state !== 'pending' || ctx.request.notifiedAt !== null) return;
  const { workspace, group, request } = ctx;
  const card = joinCard(ctx);
  /** Where a copy went, so every copy can be updated in place later. */
  const remember = (posted: Posted, recipientId: string | null, locale: Locale) =>
    deps.store.cardPosts.add({
      workspaceId: workspace.id,
      subjectType: 'join_request',
      subjectId: request.id,
      recipientId,
      conversationId: posted.conversationId,
      messageId: posted.messageId,
      locale,
    });
  const already = new Set((await deps.store.cardPosts.listFor('join_request', request.id)).map((p) => p.recipientId));
  let delivered = already.size;
  for (const approver of ctx.approvers) {
    if (already.has(approver.id)) continue;
    const locale = localeOf(deps, workspace, approver);
    try {
      await remember(await deps.platform.sendPrivate(workspace, approver, { locale, card }), approver.id, locale);
      delivered += 1;
    } catch (err) {
      deps.log.warn({ err, requestId, approverId: approver.id }, 'could not send the approval card privately');
    }
  }

  let outcome: 'ok' | 'fallback' = 'ok';
  if (delivered === 0) {
    const locale = localeOf(deps, workspace, null);
    try {
      await remember(await deps.platform.postToGroup(workspace, group, { locale, card }), null, locale);
      outcome = 'fallback';
    } catch (err) {
      // Left unnotified: the sweeper tries again.
      deps.log.warn({ err, requestId }, 'could not post the approval card into the group either; will retry');
      return;
    }
  }
  await deps.store.joinRequests.markNotified(request.id, deps.clock.now());
  await deps.store.audit.append(
    bySystem(workspace.id, 'join.notify', {
      targetType: 'join_request',
      targetId: request.id,
      groupId: group.id,
      outcome,
      details: { approvers: ctx.approvers.length, delivered },
    }),
    deps.clock.now(),
  );
}
