// ROLE-2: the permission matrix, enforced in the core for every command and every
// card click. A card button is not proof of authority; whoever clicks is checked.
// Each feature declares its own rows (`permissions` in its definition); the whole
// matrix is the registry's `permissions`, built from the list of features.
import type { RoleName } from './model.js';

export type Holder = RoleName | 'member';

export type PermissionTable = Readonly<Record<string, readonly Holder[]>>;

/** Declares a feature's rows, keeping their names for compile-time checks. */
export function definePermissions<T extends PermissionTable>(table: T): T {
  return table;
}

export function can(holders: Iterable<Holder>, allowed: readonly Holder[]): boolean {
  for (const h of holders) if (allowed.includes(h)) return true;
  return false;
}
