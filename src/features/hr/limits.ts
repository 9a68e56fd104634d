// The documented limits an HR-driven membership change counts against, as token
// buckets shared by every running Charter (burst plus refill never above the
// window), so onboarding and offboarding a thousand people at once stays within
// what the platforms allow:
// - Slack: `conversations.kick` and `conversations.invite` are each Tier 3, about 50 a
//   minute per workspace: 10 + 40/60 a second, one bucket per method.
// - Teams through Graph: "other API calls" 30 a second per app per tenant, 4 a second
//   on one team and 1 on one channel or chat; an addition or a removal is about two
//   calls: 5 + 12.5/s per tenant, 2 + 1/s per team or chat, shared by both.
import type { Group, Workspace } from '../../core/model.js';
import type { CoreDeps, RateLimit } from '../../core/ports.js';

export function membershipLimits(workspace: Workspace, group: Group, change: 'add' | 'remove'): RateLimit[] {
  if (workspace.platform === 'slack') return [{ key: `slack:${workspace.externalId}:${change === 'remove' ? 'kick' : 'invite'}`, capacity: 10, perSecond: 40 / 60 }];
  return [
    { key: `teams:${workspace.externalId}:graph`, capacity: 5, perSecond: 12.5 },
    { key: `teams:${workspace.externalId}:graph:${group.teamId ?? group.channelId}`, capacity: 2, perSecond: 1 },
  ];
}

/**
 * An onboarding or offboarding job that met the limits runs again for the same
 * account at `at`; the time in the key lets a retried run schedule it once.
 */
export async function resumeAt(deps: Pick<CoreDeps, 'jobs'>, job: string, workspace: Workspace, eventId: string, personId: string, at: Date): Promise<void> {
  await deps.jobs.send(job, { workspaceId: workspace.id, eventId, personId }, { key: `${eventId}:${personId}:${at.getTime()}`, at });
}
