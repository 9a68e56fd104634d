// The stewardship feature's rows of the permission matrix (ROLE-2).
import { definePermissions } from '../../core/permissions.js';

export const STEWARDSHIP_PERMISSIONS = definePermissions({
  /** ROLE-5: the workspace's role review. */
  'stewardship.review': ['super-admin'],
  /** ROLE-3 on demand, and LIFE-3's list and its Remove buttons. */
  'stewardship.group': ['super-admin', 'owner'],
});
