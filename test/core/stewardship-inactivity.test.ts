// LIFE-3 inactive members in the core: the weekly list to the owners (never the
// admins, super admins or bots; someone who never posted counts from their join,
// else from the group's registration), the one-click Remove with its authority
// checked on every click, forged ids, a double click, a platform error, someone
// active since the list; removal by policy; and a platform that cannot remove.
import { describe, expect, it } from 'vitest';
import { handlePlatformEvent } from '../../src/core/dispatch.js';
import type { InactiveCard } from '../../src/features/stewardship/cards.js';
import { DATABASES } from '../support/db.js';
import { SLACK_LIKE } from '../support/platform.js';
import { DAY, START, stewardshipWorld, TEAM } from '../support/stewardship.js';

const at = (days: number) => new Date(new Date(START).getTime() + days * DAY);

describe.each(DATABASES)('stewardship: inactive members ($name)', (target) => {
  const { w, run, post, job, cards, click, later } = stewardshipWorld(target);

  /** UCAT posted on day 1, UDAN never, UBOB on day 95; now is day 100. */
  async function history() {
    await post('UCAT', at(1));
    await post('UBOB', at(1));
    await later(100 * DAY);
    await post('UBOB', at(95));
    w.platform.calls.length = 0;
  }
  const listed = (card: InactiveCard) => card.rows.map((r) => r.person.address);

  it('lists the inactive members to the owners weekly; Remove removes once, with the reason, audited', async () => {
    await history();
    await job('stewardship.weekly');
    const sent = cards<InactiveCard>('stewardship.inactive');
    expect(sent.map(([to]) => to)).toEqual(['UOWN']);
    const card = sent[0]![1];
    expect(card).toMatchObject({ group: 'team', days: 90, mode: 'list', more: 0 });
    // Longest silent first: UDAN never posted (counted from the group's registration), UCAT on day 1.
    expect(listed(card)).toEqual(['UDAN', 'UCAT']);
    expect(card.rows[0]).toMatchObject({ lastActiveAt: null, since: new Date(START) });
    expect(card.rows[1]).toMatchObject({ lastActiveAt: at(1), since: at(1) });
    const dan = card.rows[0]!.action!;
    expect(dan).toMatchObject({ id: 'stewardship.remove', style: 'danger' });

    // Not an owner: refused, audited, nothing removed.
    expect(await click('UBOB', dan.id, dan.payload)).toMatchObject({ kind: 'error', code: 'not-allowed' });
    // A moderator is no owner either.
    expect(await click('UMO', dan.id, dan.payload)).toMatchObject({ kind: 'error', code: 'not-allowed' });
    // Forged ids name nothing.
    expect(await click('UOWN', dan.id, { memberId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UOWN', dan.id, { memberId: "x' or 1=1" })).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UOWN', dan.id, { personId: 'UBOB' })).toMatchObject({ kind: 'error', code: 'invalid-input' });
    // Another workspace's owner cannot use this list.
    expect(await click('UOWN', dan.id, dan.payload, {}, 'T2')).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(w.platform.of('removeMember')).toEqual([]);

    const done = await click('UOWN', dan.id, dan.payload);
    expect(done).toMatchObject({ kind: 'card', notice: { key: 'stewardship.inactive.removed' } });
    if (done.kind !== 'card') throw new Error('expected a card');
    const after = done.card as InactiveCard;
    expect(after.rows[0]).toMatchObject({ state: 'removed', by: { address: 'UOWN' }, action: null });
    expect(after.rows[1]!.action).not.toBeNull();
    expect(w.platform.of('removeMember')).toEqual([{ op: 'removeMember', channel: TEAM.id, user: 'UDAN' }]);
    expect(w.platform.texts()).toContainEqual(['UDAN', 'stewardship.inactive.removedToYou']);
    // The owner's own copy is updated in place.
    expect(w.platform.of('updateCard').some((u) => u.card.kind === 'stewardship.inactive')).toBe(true);
    const audit = await w.core.store.audit.list('slack:T1', { action: 'member.remove' });
    expect(audit.map((a) => [a.actorId, a.outcome, a.reason])).toEqual(
      expect.arrayContaining([
        ['slack:UBOB', 'refused', 'inactive for 90 days'],
        ['slack:UMO', 'refused', 'inactive for 90 days'],
        ['slack:UOWN', 'ok', 'inactive for 90 days'],
      ]),
    );

    // A double click changes nothing.
    expect(await click('UOWN', dan.id, dan.payload)).toMatchObject({ kind: 'notice', notice: { key: 'stewardship.inactive.alreadyRemoved' } });
    // Super admins may remove too.
    const cat = card.rows[1]!.action!;
    expect(await click('UADA', cat.id, cat.payload)).toMatchObject({ kind: 'card' });
    expect(w.platform.of('removeMember')).toHaveLength(2);
  });

  it('a platform error leaves the button for another try; someone who posted since is not removed', async () => {
    await history();
    await job('stewardship.weekly');
    const card = cards<InactiveCard>('stewardship.inactive')[0]![1];
    const [dan, cat] = card.rows.map((r) => r.action!);
    const original = w.platform.removeMember.bind(w.platform);
    w.platform.removeMember = async () => {
      throw new Error('ratelimited');
    };
    expect(await click('UOWN', dan!.id, dan!.payload)).toMatchObject({ kind: 'error', code: 'unavailable', text: { key: 'stewardship.inactive.removeFailed' } });
    expect((await w.core.store.audit.list('slack:T1', { action: 'member.remove' })).map((a) => a.outcome)).toEqual(['failed']);
    w.platform.removeMember = original;
    expect(await click('UOWN', dan!.id, dan!.payload)).toMatchObject({ kind: 'card', notice: { key: 'stewardship.inactive.removed' } });

    await post('UCAT');
    expect(await click('UOWN', cat!.id, cat!.payload)).toMatchObject({ kind: 'notice', notice: { key: 'stewardship.inactive.noLongerInactive' } });
    expect(w.platform.of('removeMember').map((c) => c.user)).toEqual(['UDAN']);
  });

  it('counts someone who never posted from when Charter saw them join, and caps the card', async () => {
    await later(100 * DAY);
    await handlePlatformEvent(w.core.deps, {
      type: 'membership',
      kind: 'joined',
      workspace: { externalId: 'T1' },
      conversation: { id: TEAM.id, teamId: null },
      member: { platformUserId: 'UNEW', address: 'UNEW', displayName: '', isBot: false },
      addedBy: null,
      at: at(99),
    });
    const many = Array.from({ length: 14 }, (_, i) => `UX${i}`);
    for (const u of ['UNEW', ...many]) w.platform.members.get(TEAM.id)!.add(u);
    for (const u of many) w.platform.profiles.set(u, { realName: `<@U1> *${u}*` });
    const reply = await run('UOWN', 'stewardship inactive');
    expect(reply).toMatchObject({ kind: 'card' });
    if (reply.kind !== 'card') throw new Error('expected a card');
    const card = reply.card as InactiveCard;
    expect(card.rows).toHaveLength(10);
    expect(card.more).toBe(7); // UBOB, UCAT, UDAN and 14 new people: 17 found, 10 shown
    expect(listed(card)).not.toContain('UNEW');
    expect(listed(card)).not.toContain('UBOT');
    expect(listed(card)).not.toContain('UADA');
    expect(listed(card)).not.toContain('UMO');
    expect(await run('UBOB', 'stewardship inactive')).toMatchObject({ kind: 'error', code: 'not-allowed' });
  });

  it('removes them itself where the group says so, and tells the owners who', async () => {
    await history();
    await run('UOWN', 'policy set inactivity.action remove');
    await run('UOWN', 'policy set inactivity.days 30');
    w.platform.calls.length = 0;
    await job('stewardship.weekly');
    expect(w.platform.of('removeMember').map((c) => c.user).sort()).toEqual(['UCAT', 'UDAN']);
    const card = cards<InactiveCard>('stewardship.inactive')[0]![1];
    expect(card).toMatchObject({ mode: 'removed', days: 30 });
    expect(card.rows.every((r) => r.state === 'removed' && r.action === null)).toBe(true);
    const audit = await w.core.store.audit.list('slack:T1', { action: 'member.remove' });
    expect(audit.map((a) => [a.actorId, a.reason])).toEqual([
      ['system', 'inactive for 30 days'],
      ['system', 'inactive for 30 days'],
    ]);
    // The job again (a retry) removes nobody twice and sends no second card.
    await w.core.jobs.send('stewardship.inactivity-group', { workspaceId: 'slack:T1', groupId: (await w.core.store.groups.findActiveByChannel('slack:T1', TEAM.id))!.id });
    await w.core.settle();
    expect(w.platform.of('removeMember')).toHaveLength(2);
    expect(cards('stewardship.inactive')).toHaveLength(1);
  });

  it('on Teams, where the group\'s team holds other governed groups, names the people for the owners instead of removing them from the whole team', async () => {
    // Teams removes a team member: a second governed channel of the same team would lose them too.
    await run('UADA', 'group register community The team chatter', { id: 'COTHER', kind: 'channel', name: 'chatter', teamId: null });
    await w.db.knex('groups').update({ team_id: '19:team@thread.tacv2' });
    w.core.deps = { ...w.core.deps, capabilities: { ...w.core.deps.capabilities, removalScope: 'team' } };
    await history();
    await job('stewardship.weekly');
    const card = cards<InactiveCard>('stewardship.inactive')[0]![1];
    expect(card.mode).toBe('team-wide');
    expect(card.rows.every((r) => r.action === null)).toBe(true);
    // A click from an older card removes nobody.
    expect(await click('UOWN', 'stewardship.remove', { memberId: card.rows[0]!.memberId })).toMatchObject({ kind: 'notice', notice: { key: 'stewardship.inactive.teamWide' } });
    // Nor does the policy, nor a moderator's `group remove`.
    await run('UOWN', 'policy set inactivity.action remove');
    await later(8 * DAY);
    await job('stewardship.weekly');
    expect(await run('UOWN', 'group remove <@UCAT> never here')).toMatchObject({ kind: 'error', text: { key: 'group.remove.teamWide' } });
    expect(w.platform.of('removeMember')).toEqual([]);
    // The same group alone in its team: removal works as anywhere.
    await w.db.knex('groups').where({ channel_id: 'COTHER' }).update({ team_id: '19:other@thread.tacv2' });
    expect(await run('UOWN', 'group remove <@UCAT> never here')).not.toMatchObject({ kind: 'error' });
    expect(w.platform.of('removeMember')).toEqual([{ op: 'removeMember', channel: TEAM.id, user: 'UCAT' }]);
  });
});

describe.each(DATABASES)('stewardship: inactive members where the platform cannot remove ($name)', (target) => {
  const { w, post, job, cards, click, later, run } = stewardshipWorld(target, { ...SLACK_LIKE, removeMember: false });

  it('names the people for the owners to remove, with no buttons, even when the policy says remove', async () => {
    await post('UCAT', at(1));
    await later(100 * DAY);
    await run('UOWN', 'policy set inactivity.action remove');
    w.platform.calls.length = 0;
    await job('stewardship.weekly');
    const card = cards<InactiveCard>('stewardship.inactive')[0]![1];
    expect(card.mode).toBe('manual');
    expect(card.rows.map((r) => [r.person.address, r.action])).toEqual([
      ['UBOB', null],
      ['UDAN', null],
      ['UCAT', null],
    ]);
    expect(w.platform.of('removeMember')).toEqual([]);
    const memberId = card.rows[0]!.memberId;
    expect(await click('UOWN', 'stewardship.remove', { memberId })).toMatchObject({ kind: 'notice', notice: { key: 'stewardship.inactive.cannotRemove' } });
  });
});
