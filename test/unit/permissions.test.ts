import { describe, expect, it } from 'vitest';
import { can, roleManagePermission, type Holder, type Permission } from '../../src/core/permissions.js';

describe('ROLE-2 permission matrix', () => {
  const holders: Holder[] = ['member', 'moderator', 'owner', 'super-admin'];
  const expected: Record<Permission, Holder[]> = {
    'group.register': ['super-admin'],
    'role.manage.owner': ['owner', 'super-admin'],
    'role.manage.moderator': ['owner', 'super-admin'],
    'role.manage.super-admin': ['super-admin'],
    'join.decide': ['moderator', 'owner', 'super-admin'],
  };
  it.each(Object.entries(expected))('%s is for %o only', (permission, allowed) => {
    for (const h of holders) expect(can([h], permission as Permission), `${h} → ${permission}`).toBe(allowed.includes(h));
  });
  it('moderators may decide joins but not manage roles', () => {
    expect(can(['member', 'moderator'], 'join.decide')).toBe(true);
    expect(can(['member', 'moderator'], roleManagePermission('moderator'))).toBe(false);
    expect(can([], 'join.decide')).toBe(false);
  });
});
