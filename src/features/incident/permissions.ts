// The incidents feature's rows of the permission matrix (INC-2, INC-4, ROLE-2):
// anyone in a governed group declares and acknowledges; a group's admins (and the
// incident's commander) take command, run steps, escalate and resolve; admins lock
// and unlock.
import { definePermissions } from '../../core/permissions.js';

export const INCIDENT_PERMISSIONS = definePermissions({
  'incident.declare': ['member', 'owner', 'moderator', 'super-admin'],
  'incident.run': ['super-admin', 'owner', 'moderator'],
  'incident.lock': ['super-admin', 'owner', 'moderator'],
});
