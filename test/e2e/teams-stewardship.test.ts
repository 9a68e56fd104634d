// Stewardship on Teams, end to end, in English and Chinese: a revoke that leaves a
// project group with one admin alerts its owner (Chinese) and the super admin
// (English) in their 1:1 chats, once; the weekly inactivity list reaches the owner,
// and without Microsoft Graph names the people to remove instead of offering
// buttons; a forged click is answered with an error and removes nobody.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { actionsOf, cardOf } from '../support/drive.js';
import { teamsE2E } from '../support/e2e.js';
import { personalChat, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const OWN: TeamsUser = { id: '29:1own', name: 'Wang Fang', aadObjectId: 'aad-own-0000-0000-0000-000000000002' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };
const DAY = 86_400_000;

describe.each(DATABASES)('Teams stewardship ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = teamsE2E(target, {
    channel: [ADA, OWN, MO, BOB],
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
    clock,
  });
  const { connector, send, command } = e2e;
  const cardsTo = (user: TeamsUser, needle: string) => connector.sent(personalChat(user)).map(cardOf).filter((c) => JSON.stringify(c).includes(needle));

  beforeAll(async () => {
    for (const u of [ADA, OWN, MO, BOB]) await send(e2e.teams.personalMessage(u, 'help', u === OWN ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register project The launch');
    await send(e2e.teams.channelMessage(ADA, `role grant <at>${OWN.name}</at> owner runs it`, [OWN]));
    await send(e2e.teams.channelMessage(OWN, `授权 <at>${MO.name}</at> 管理员 维持秩序`, [MO], 'zh-CN'));
    await send(e2e.teams.channelMessage(OWN, `role revoke <at>${ADA.name}</at> owner hands over`, [ADA]));
    await e2e.db.knex('groups').update({ created_at: new Date(clock.now().getTime() - 100 * DAY) });
  });

  it('alerts the owner (in Chinese) and the super admin (in English) once when a revoke leaves one admin', async () => {
    await send(e2e.teams.channelMessage(OWN, `撤权 <at>${MO.name}</at> 管理员 调岗`, [MO], 'zh-CN'));
    const [zh] = cardsTo(OWN, '需要更多管理员');
    const [en] = cardsTo(ADA, 'needs more admins');
    expect(zh).toBeDefined();
    expect(en).toBeDefined();
    expect(adaptiveProblems(en!)).toEqual([]);
    expect(adaptiveProblems(zh!)).toEqual([]);
    expect(JSON.stringify(en)).toContain('it needs at least 2');
    await e2e.charter.jobs.send('stewardship.daily', {});
    await e2e.charter.settle();
    expect(cardsTo(ADA, 'needs more admins')).toHaveLength(1);
  });

  it('without Graph, the weekly list names the people for the owner to remove, with no buttons; a forged click removes nobody', async () => {
    await e2e.charter.jobs.send('stewardship.weekly', {});
    await e2e.charter.settle();
    const [list] = cardsTo(OWN, '不活跃成员');
    expect(list).toBeDefined();
    expect(adaptiveProblems(list!)).toEqual([]);
    const body = JSON.stringify(list);
    expect(body).toContain('请你亲自移出');
    expect(body).toContain(BOB.name);
    expect(body).not.toContain(ADA.name);
    expect(actionsOf(list!).filter((a) => a.verb === 'stewardship.remove')).toEqual([]);
    const memberId = ((await e2e.db.knex('stewardship_inactive_members').first('id')) as { id: string }).id;
    const where = { conversation: personalChat(OWN), activityId: '1' };
    const forged = await send(e2e.teams.invoke(BOB, 'stewardship.remove', { payload: { memberId } }, where));
    expect(JSON.stringify(await forged.json())).toContain('Only the owners');
    const owner = await send({ ...e2e.teams.invoke(OWN, 'stewardship.remove', { payload: { memberId } }, where), locale: 'zh-CN' });
    expect(JSON.stringify(await owner.json())).toContain('请你亲自移出');
    const made = await send(e2e.teams.invoke(OWN, 'stewardship.remove', { payload: { memberId: 'not-a-list' } }, where));
    expect(JSON.stringify(await made.json())).toContain('not known');
    expect(connector.calls.filter((c) => c.method === 'DELETE')).toEqual([]);
  });
});
