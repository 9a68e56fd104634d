// The group feature's rows of the permission matrix (ROLE-2).
import { definePermissions } from '../../core/permissions.js';

export const GROUP_PERMISSIONS = definePermissions({
  'group.register': ['super-admin'],
  /** GRP-2: approving or denying a request for a new group. */
  'group.decide': ['super-admin'],
  /** GRP-3, LIFE-5: renewing, archiving and keeping a group. */
  'group.lifecycle': ['super-admin', 'owner'],
  /** ROLE-4: removing a member (with a reason). */
  'group.remove': ['super-admin', 'owner', 'moderator'],
});
