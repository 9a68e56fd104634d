// Loads what a join request card shows, and who may decide it.
import type { Mention, Text } from '../../core/messages.js';
import { groupAdminsOf, superAdminsOf } from '../../core/actor.js';
import { isUuid, type Group, type Person, type Workspace } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';
import { groupSummary, mentionOf, personSummary } from '../../core/summaries.js';
import type { JoinRequestCard } from './cards.js';
import type { JoinRequest } from './model.js';
import type { JoinStore } from './store.js';

export type JoinDeps = CoreDeps<JoinStore>;

export interface JoinContext {
  workspace: Workspace;
  request: JoinRequest;
  group: Group;
  requester: Person;
  decider: Person | null;
  approvers: Person[];
  /** ADM-3 two-step: who approved first, while an owner's approval is awaited. */
  firstApprover?: Person | null;
}

export const SUBJECT = 'join_request';


/** ADM-1: owners and moderators; for external-tier groups also the super admins. */
export async function approversOf(deps: Pick<CoreDeps, 'store' | 'settings'>, workspace: Workspace, group: Group): Promise<Person[]> {
  const people = new Map((await groupAdminsOf(deps, group)).map((p) => [p.id, p]));
  if (group.tier === 'external') for (const p of await superAdminsOf(deps, workspace)) people.set(p.id, p);
  return [...people.values()];
}

export async function loadJoinContext(deps: Pick<JoinDeps, 'store' | 'settings'>, requestId: string): Promise<JoinContext | null> {
  if (!isUuid(requestId)) return null;
  const request = await deps.store.joinRequests.get(requestId);
  if (request === null) return null;
  const [workspace, group, requester] = await Promise.all([
    deps.store.workspaces.get(request.workspaceId),
    deps.store.groups.get(request.groupId),
    deps.store.people.get(request.requesterId),
  ]);
  if (workspace === null || group === null || requester === null) return null;
  const decider = request.decidedBy === null ? null : await deps.store.people.get(request.decidedBy);
  const approvers = (await approversOf(deps, workspace, group)).filter((p) => p.id !== requester.id);
  const firstApprover = request.firstApprovedBy === null ? null : await deps.store.people.get(request.firstApprovedBy);
  return { workspace, request, group, requester, decider, approvers, firstApprover };
}

export function deciderMention(decider: Person | null): Mention | null {
  return decider === null ? null : mentionOf(decider);
}

export function joinCard(ctx: JoinContext, extra: { notice?: Text | null; reasonError?: Text | null; shared?: boolean } = {}): JoinRequestCard {
  const { request } = ctx;
  const pending = request.state === 'pending';
  const payload = { requestId: request.id };
  return {
    kind: 'join.request',
    requestId: request.id,
    group: groupSummary(ctx.group),
    requester: personSummary(ctx.requester),
    reason: request.reason,
    requestedAt: request.createdAt,
    state: request.state,
    decision:
      request.decidedAt === null
        ? null
        : { by: deciderMention(ctx.decider), at: request.decidedAt, reason: request.decisionReason, fulfilment: request.fulfilment },
    firstApproval: request.state === 'pending' && ctx.firstApprover != null && request.firstApprovedAt !== null ? { by: mentionOf(ctx.firstApprover), at: request.firstApprovedAt } : null,
    approvers: ctx.approvers.map((p) => p.address),
    actions: pending
      ? [
          { id: 'join.approve', payload, style: 'primary', label: { key: 'join.card.approve' } },
          { id: 'join.deny', payload, style: 'danger', inputs: ['reason'], label: { key: 'join.card.deny' } },
        ]
      : [],
    shared: extra.shared ?? false,
    notice: extra.notice ?? null,
    reasonError: extra.reasonError ?? null,
  };
}
