// ROLE-5 the role review in the core: `role review` (and 角色审查) for super
// admins only, listing owners and moderators with no message in their group for
// 60 days (or who left), each with the group's most active non-admins as
// replacements; and the quarterly job sending it to every super admin.
import { describe, expect, it } from 'vitest';
import type { ReviewCard } from '../../src/features/stewardship/cards.js';
import { DATABASES } from '../support/db.js';
import { DAY, DM, START, stewardshipWorld } from '../support/stewardship.js';

const at = (days: number) => new Date(new Date(START).getTime() + days * DAY);

describe.each(DATABASES)('stewardship: role review ($name)', (target) => {
  const { w, run, post, job, cards, later } = stewardshipWorld(target);

  it('lists the admins inactive for 60 days with replacements, for super admins only', async () => {
    await later(70 * DAY);
    await post('UOWN', at(65));
    await post('UBOB', at(62));
    await post('UBOB', at(63));
    await post('UCAT', at(64));
    const reply = await run('UADA', 'role review', DM);
    expect(reply).toMatchObject({ kind: 'card', card: { kind: 'stewardship.review', days: 60, more: 0, groups: 1 } });
    if (reply.kind !== 'card') throw new Error('expected a card');
    const card = reply.card as ReviewCard;
    expect(card.entries).toHaveLength(1);
    expect(card.entries[0]).toMatchObject({ group: 'team', admin: { address: 'UMO' }, role: 'moderator', lastActiveAt: null, departed: false });
    expect(card.entries[0]!.suggestions.map((m) => m.address)).toEqual(['UBOB', 'UCAT']);

    expect(await run('UADA', '角色审查', DM)).toMatchObject({ kind: 'card', card: { kind: 'stewardship.review' } });
    expect(await run('UOWN', 'role review', DM)).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'stewardship.review.forbidden' } });
    expect(await run('UADA', 'role review now', DM)).toMatchObject({ kind: 'error', code: 'invalid-input' });
    expect((await w.core.store.audit.list('slack:T1', { action: 'stewardship.review' })).map((a) => a.outcome).sort()).toEqual(['ok', 'ok', 'refused']);
  });

  it('sends the review to the super admins each quarter; a leaver is listed as such', async () => {
    await w.db.knex('people').where({ platform_user_id: 'UOWN' }).update({ employment: 'inactive' });
    w.platform.calls.length = 0;
    await job('stewardship.quarterly');
    const sent = cards<ReviewCard>('stewardship.review');
    expect(sent.map(([to]) => to)).toEqual(['UADA']);
    expect(sent[0]![1].entries.map((e) => [e.admin.address, e.role, e.departed])).toEqual([['UOWN', 'owner', true]]);
  });
});
