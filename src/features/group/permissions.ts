// The group feature's rows of the permission matrix (ROLE-2).
import { definePermissions } from '../../core/permissions.js';

export const GROUP_PERMISSIONS = definePermissions({
  'group.register': ['super-admin'],
});
