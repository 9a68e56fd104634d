// The join feature's rows of the permission matrix (ROLE-2).
import { definePermissions } from '../../core/permissions.js';

export const JOIN_PERMISSIONS = definePermissions({
  'join.decide': ['super-admin', 'owner', 'moderator'],
  'join.review': ['super-admin', 'owner', 'moderator'],
});
