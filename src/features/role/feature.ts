// ROLE-1, ROLE-2, ROLE-4: grant and revoke owner, moderator and super admin.
import { defineFeature } from '../../core/feature.js';
import { grantRole, revokeRole } from './change.js';
import { roleVerb, type RoleCommand } from './grammar.js';
import { ROLE_PERMISSIONS } from './permissions.js';

export const role = defineFeature<RoleCommand>({
  name: 'role',
  verbs: [roleVerb],
  commands: { 'role.grant': grantRole, 'role.revoke': revokeRole },
  permissions: ROLE_PERMISSIONS,
});
