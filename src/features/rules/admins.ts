// Who counts as an admin of a group for the message rules: its owners and
// moderators, and super admins.
import { qualifiedId, type Group, type Person } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';

/** In one read: a role in the group, or a workspace-wide one (super admin). */
export async function isAdminPerson(deps: Pick<CoreDeps, 'store' | 'settings'>, person: Person, group: Group): Promise<boolean> {
  if (deps.settings.superAdmins.has(qualifiedId(person))) return true;
  return (await deps.store.roles.rolesIn(person.id, group.id)).length > 0;
}
