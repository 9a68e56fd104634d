// Removing someone from a group, where the platform makes that wider than the group:
// on Teams a channel's members are its team's, so Charter removes a team member, which
// takes them out of every channel of the team. Where the team holds other governed
// groups, a removal meant for one of them (a moderator's, an inactivity list's) is left
// to a person in Teams; offboarding a leaver (LIFE-2) wants every group anyway.
import type { Group } from './model.js';
import type { CoreDeps } from './ports.js';

/** True when removing someone from this group would take them out of other governed groups too. */
export async function removalIsTeamWide(deps: Pick<CoreDeps, 'capabilities' | 'store'>, group: Group): Promise<boolean> {
  if (deps.capabilities.removalScope !== 'team' || group.teamId === null) return false;
  return (await deps.store.groups.listActiveInTeam(group.workspaceId, group.teamId)).some((g) => g.id !== group.id);
}
