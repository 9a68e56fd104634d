// ADM-5: a pending request reminds its approvers once (default after 24 hours; after
// an ADM-3 first approval, the owners only)
// and expires (default after 3 days); both are durable jobs enqueued with the
// request and cancelled by a decision. Each acts through a conditional update,
// so a job that runs twice (jobs are at least once) or after a decision changes
// nothing. On expiry the requester is told and every copy of the card shows
// "Expired", through the same follow-up job as a decision.
import { tell } from '../../core/copies.js';
import { date } from '../../core/messages.js';
import { mentionOf } from '../../core/summaries.js';
import { bySystem } from '../audit/entries.js';
import { loadJoinContext,  type JoinDeps } from './context.js';
import { JOBS } from './request.js';

export async function remindApprovers(deps: JoinDeps, requestId: string): Promise<void> {
  const ctx = await loadJoinContext(deps, requestId);
  if (ctx === null || ctx.request.state !== 'pending') return;
  if (!(await deps.store.joinRequests.claimReminder(requestId, deps.clock.now()))) return;
  // ADM-3: after a first approval only an owner can complete it; the others are not reminded.
  const owners = new Set((await deps.store.roles.listForGroup(ctx.group.id)).filter((g) => g.role === 'owner').map((g) => g.personId));
  const recipients = ctx.request.firstApprovedBy === null ? ctx.approvers : ctx.approvers.filter((a) => owners.has(a.id));
  let reached = 0;
  for (const approver of recipients) {
    const sent = await tell(deps, ctx.workspace, approver, 'join.reminder', {
      requester: mentionOf(ctx.requester),
      group: ctx.group.name,
      since: date(ctx.request.createdAt),
    });
    if (sent) reached += 1;
  }
  await deps.store.audit.append(
    bySystem(ctx.workspace.id, 'join.remind', {
      targetType: 'join_request',
      targetId: requestId,
      groupId: ctx.group.id,
      outcome: reached > 0 ? 'ok' : 'failed',
      details: { approvers: recipients.length, reached, ...(ctx.request.firstApprovedBy !== null ? { ownersOnly: true } : {}) },
    }),
    deps.clock.now(),
  );
}

export async function expireRequest(deps: JoinDeps, requestId: string): Promise<void> {
  const request = await deps.store.joinRequests.get(requestId);
  if (request === null || request.state !== 'pending') return;
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const expired = await tx.joinRequests.decide(requestId, { state: 'expired', by: null, at: now, reason: null, fulfilment: 'pending' });
    if (expired === null) return; // decided in the meantime
    await tx.audit.append(bySystem(request.workspaceId, 'join.expire', { targetType: 'join_request', targetId: requestId, groupId: request.groupId }), now);
    await deps.jobs.send(JOBS.fulfil, { workspaceId: request.workspaceId, requestId }, { key: requestId, in: tx });
    await deps.jobs.cancel(JOBS.remind, requestId, { in: tx });
  });
}
