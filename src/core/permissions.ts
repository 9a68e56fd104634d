// ROLE-2: the permission matrix, enforced in the core for every command and every
// card click. A card button is not proof of authority; whoever clicks is checked.
import type { RoleName } from './model.js';

export type Holder = RoleName | 'member';

export const PERMISSIONS = {
  'group.register': ['super-admin'],
  'role.manage.owner': ['super-admin', 'owner'],
  'role.manage.moderator': ['super-admin', 'owner'],
  'role.manage.super-admin': ['super-admin'],
  'join.decide': ['super-admin', 'owner', 'moderator'],
} as const satisfies Record<string, readonly Holder[]>;

export type Permission = keyof typeof PERMISSIONS;

export function can(holders: Iterable<Holder>, permission: Permission): boolean {
  const allowed: readonly Holder[] = PERMISSIONS[permission];
  for (const h of holders) if (allowed.includes(h)) return true;
  return false;
}

export function roleManagePermission(role: RoleName): Permission {
  return `role.manage.${role}`;
}
