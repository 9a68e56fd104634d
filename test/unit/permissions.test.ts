// ROLE-2: the whole permission matrix, as the features declare it.
import { describe, expect, it } from 'vitest';
import { can, type Holder } from '../../src/core/permissions.js';
import { buildRegistry } from '../../src/core/registry.js';
import { FEATURES } from '../../src/features/index.js';

describe('ROLE-2 permission matrix', () => {
  const matrix = buildRegistry(FEATURES).permissions;
  const holders: Holder[] = ['member', 'moderator', 'owner', 'super-admin'];
  const expected: Record<string, Holder[]> = {
    'group.register': ['super-admin'],
    'group.decide': ['super-admin'],
    'group.lifecycle': ['owner', 'super-admin'],
    'group.remove': ['moderator', 'owner', 'super-admin'],
    'role.manage.owner': ['owner', 'super-admin'],
    'role.manage.moderator': ['owner', 'super-admin'],
    'role.manage.super-admin': ['super-admin'],
    'join.decide': ['moderator', 'owner', 'super-admin'],
    'join.review': ['moderator', 'owner', 'super-admin'],
    'policy.group': ['owner', 'super-admin'],
    'policy.workspace': ['super-admin'],
    'post.tags': ['super-admin'],
    'faq.manage.group': ['moderator', 'owner', 'super-admin'],
    'faq.manage.workspace': ['super-admin'],
    'keywords.manage': ['super-admin'],
    'keywords.moderate': ['moderator', 'owner', 'super-admin'],
    'incident.declare': ['member', 'moderator', 'owner', 'super-admin'],
    'incident.run': ['moderator', 'owner', 'super-admin'],
    'incident.lock': ['moderator', 'owner', 'super-admin'],
    'notice.post': ['moderator', 'owner', 'super-admin'],
    'survey.run': ['moderator', 'owner', 'super-admin'],
    'stewardship.review': ['super-admin'],
    'stewardship.group': ['owner', 'super-admin'],
  };
  it('is exactly these rows', () => {
    expect(Object.keys(matrix).sort()).toEqual(Object.keys(expected).sort());
  });
  it.each(Object.entries(expected))('%s is for %o only', (permission, allowed) => {
    for (const h of holders) expect(can([h], matrix[permission]!), `${h} → ${permission}`).toBe(allowed.includes(h));
  });
  it('moderators may decide joins but not manage roles', () => {
    expect(can(['member', 'moderator'], matrix['join.decide']!)).toBe(true);
    expect(can(['member', 'moderator'], matrix['role.manage.moderator']!)).toBe(false);
    expect(can([], matrix['join.decide']!)).toBe(false);
  });
});
