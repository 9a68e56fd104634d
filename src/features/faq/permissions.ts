// The faq feature's rows of the permission matrix (ROLE-2): a group's entries are
// managed by its admins (owners, moderators, super admins); workspace-wide entries
// by super admins. Everyone may list and ask.
import { definePermissions } from '../../core/permissions.js';

export const FAQ_PERMISSIONS = definePermissions({
  'faq.manage.group': ['super-admin', 'owner', 'moderator'],
  'faq.manage.workspace': ['super-admin'],
});
