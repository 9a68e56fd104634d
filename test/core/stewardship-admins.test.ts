// ROLE-3 minimum admins in the core: a revoke that leaves a project group with
// one admin alerts its owners and the super admins once (a card naming the group,
// its admins and the most active members to make moderator), the daily check
// does not alert again, a grant fixes it (cards updated, people told), a leaver
// counts as no admin, and groups of other types have no minimum.
import { describe, expect, it } from 'vitest';
import type { AdminsCard } from '../../src/features/stewardship/cards.js';
import { DATABASES } from '../support/db.js';
import { DAY, stewardshipWorld, TEAM } from '../support/stewardship.js';

describe.each(DATABASES)('stewardship: minimum admins ($name)', (target) => {
  const { w, run, post, job, cards, later } = stewardshipWorld(target);

  it('alerts the owners and super admins once when a revoke leaves one admin, and says when it is fixed', async () => {
    await post('UBOB');
    await post('UBOB');
    await post('UCAT');
    w.platform.calls.length = 0;
    expect(await run('UOWN', 'role revoke <@UMO> moderator stepped down')).toMatchObject({ kind: 'text', text: { key: 'role.revoked' } });
    const alerts = cards<AdminsCard>('stewardship.admins');
    expect(alerts.map(([to]) => to).sort()).toEqual(['UADA', 'UOWN']);
    const card = alerts[0]![1];
    expect(card).toMatchObject({ group: 'team', type: 'project', required: 2, fixedAt: null });
    expect(card.admins.map((m) => m.address)).toEqual(['UOWN']);
    expect(card.suggestions.map((m) => m.address).slice(0, 2)).toEqual(['UBOB', 'UCAT']);
    expect(card.suggestions.map((m) => m.address)).not.toContain('UOWN');

    // Not twice for the same shortfall: another revoke-free day, the daily check, a command.
    w.platform.calls.length = 0;
    await later(DAY);
    await job('stewardship.daily');
    expect(await run('UOWN', 'stewardship admins')).toMatchObject({ kind: 'text', text: { key: 'stewardship.admins.short' } });
    expect(cards('stewardship.admins')).toEqual([]);

    // Fixed by a grant: every copy says so in place, and the people alerted are told.
    expect(await run('UOWN', 'role grant <@UBOB> moderator active')).toMatchObject({ kind: 'text', text: { key: 'role.granted' } });
    const updates = w.platform.of('updateCard').filter((u) => u.card.kind === 'stewardship.admins');
    expect(updates).toHaveLength(2);
    expect((updates[0]!.card as unknown as AdminsCard).fixedAt).not.toBeNull();
    expect(w.platform.texts().filter(([, k]) => k === 'stewardship.admins.fixedToYou').map(([to]) => to).sort()).toEqual(['UADA', 'UOWN']);
    const audit = (await w.core.store.audit.list('slack:T1', { action: 'stewardship.admins-fixed' })).length;
    expect(audit).toBe(1);

    // A new shortfall later is a new alert.
    w.platform.calls.length = 0;
    await run('UOWN', 'role revoke <@UBOB> moderator rotation');
    expect(cards('stewardship.admins').map(([to]) => to).sort()).toEqual(['UADA', 'UOWN']);
  });

  it('the daily check finds a group whose moderator left the company, and alerts once', async () => {
    await w.db.knex('people').where({ platform_user_id: 'UMO' }).update({ employment: 'inactive' });
    await job('stewardship.daily');
    const alerts = cards<AdminsCard>('stewardship.admins');
    expect(alerts.map(([to]) => to).sort()).toEqual(['UADA', 'UOWN']);
    expect(alerts[0]![1].admins.map((m) => m.address)).toEqual(['UOWN']);
    w.platform.calls.length = 0;
    await later(DAY);
    await job('stewardship.daily');
    expect(cards('stewardship.admins')).toEqual([]);
    // Back (HR rehired them): fixed at the next check.
    await w.db.knex('people').where({ platform_user_id: 'UMO' }).update({ employment: 'active' });
    await later(DAY);
    await job('stewardship.daily');
    expect(w.platform.texts().filter(([, k]) => k === 'stewardship.admins.fixedToYou')).toHaveLength(2);
  });

  it('has no minimum for other group types, and only owners and super admins may check', async () => {
    await w.db.knex('groups').where({ channel_id: TEAM.id }).update({ type: 'community' });
    await run('UOWN', 'role revoke <@UMO> moderator stepped down');
    expect(cards('stewardship.admins')).toEqual([]);
    expect(await run('UOWN', 'stewardship admins')).toMatchObject({ kind: 'text', text: { key: 'stewardship.admins.notRequired' } });
    expect(await run('UBOB', 'stewardship admins')).toMatchObject({ kind: 'error', code: 'not-allowed' });
  });
});
