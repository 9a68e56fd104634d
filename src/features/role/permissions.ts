// The role feature's rows of the permission matrix (ROLE-2).
import { definePermissions } from '../../core/permissions.js';
import type { RoleName } from '../../core/model.js';

export const ROLE_PERMISSIONS = definePermissions({
  'role.manage.owner': ['super-admin', 'owner'],
  'role.manage.moderator': ['super-admin', 'owner'],
  'role.manage.super-admin': ['super-admin'],
});

export function manageRole(role: RoleName): keyof typeof ROLE_PERMISSIONS {
  return `role.manage.${role}`;
}
