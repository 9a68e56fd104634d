// Loads what a join request card shows, and who may decide it.
import { ACTIONS } from '../../actions.js';
import type { JoinRequestCard } from '../../cards.js';
import type { Text } from '../../messages.js';
import type { Group, JoinRequest, Person, Workspace } from '../../model.js';
import type { CoreDeps } from '../../ports.js';
import { groupSummary, mentionOf, personSummary } from '../summaries.js';

export interface JoinContext {
  workspace: Workspace;
  request: JoinRequest;
  group: Group;
  requester: Person;
  decider: Person | null;
  approvers: Person[];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isRequestId(value: string): boolean {
  return UUID.test(value);
}

/** ADM-1: owners and moderators; for external-tier groups also the super admins. */
export async function approversOf(deps: CoreDeps, workspace: Workspace, group: Group): Promise<Person[]> {
  const grants = await deps.store.roles.listForGroup(group.id);
  const ids = new Set(grants.map((g) => g.personId));
  if (group.tier === 'external') {
    for (const g of await deps.store.roles.listSuperAdmins(workspace.id)) ids.add(g.personId);
    const prefix = `${workspace.platform}:`;
    const configured = [...deps.settings.superAdmins].filter((q) => q.startsWith(prefix)).map((q) => q.slice(prefix.length));
    for (const p of await deps.store.people.findByPlatformUserIds(workspace.id, configured)) ids.add(p.id);
  }
  const people = await deps.store.people.getMany([...ids]);
  return people.filter((p) => p.employment !== 'inactive');
}

export async function loadJoinContext(deps: CoreDeps, requestId: string): Promise<JoinContext | null> {
  if (!isRequestId(requestId)) return null;
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
  return { workspace, request, group, requester, decider, approvers };
}

export function joinCard(ctx: JoinContext, extra: { notice?: Text | null; reasonError?: Text | null } = {}): JoinRequestCard {
  const { request } = ctx;
  const pending = request.state === 'pending';
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
        : {
            by: ctx.decider === null ? { type: 'mention', address: '', name: 'Charter' } : mentionOf(ctx.decider),
            at: request.decidedAt,
            reason: request.decisionReason,
            fulfilment: request.fulfilment,
          },
    approvers: ctx.approvers.map((p) => p.address),
    actions: pending
      ? [
          { id: ACTIONS.joinApprove, subjectId: request.id, style: 'primary' },
          { id: ACTIONS.joinDeny, subjectId: request.id, style: 'danger', inputs: ['reason'] },
        ]
      : [],
    notice: extra.notice ?? null,
    reasonError: extra.reasonError ?? null,
  };
}
