// LIFE-2 offboarding end to end: a signed leave over real HTTP; on Slack the leaver's
// roles are revoked first, then `conversations.kick` removes them from every
// governed channel they are in (the rest left alone), within Slack's rate limit, and
// the owner hears of it; the same event again removes nobody. On Teams without
// Microsoft Graph, Charter cannot remove: the owner gets the exact list, in their
// language, and the leaver can no longer act as an admin.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems, blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { cardOf } from '../support/drive.js';
import { slackE2E, teamsE2E } from '../support/e2e.js';
import { HR_SECRET, hrEvent } from '../support/hr.js';
import type { SlackUser } from '../support/slack.js';
import { CHANNEL, personalChat, type TeamsUser } from '../support/teams.js';
import type { KnownBlock } from '@slack/types';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin', email: 'ada@example.com' };
const LEE: SlackUser = { id: 'U0LEE', name: 'lee', real_name: 'Lee Left', email: 'Lee.Left@Example.com' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone', email: 'bob@example.com' };
// Twelve: Slack's burst of 10 removals and two more at its pace (25 groups are timed by the bench).
const CHANNELS = Array.from({ length: 12 }, (_, i) => `C0G${String(i).padStart(2, '0')}`);

describe.each(DATABASES)('offboarding on Slack ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-12-21T02:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, LEE, BOB],
    channels: { ...Object.fromEntries(CHANNELS.map((c) => [c, { name: c.toLowerCase(), members: [ADA, LEE, BOB] }])), C0OTHER: { name: 'ungoverned', members: [LEE] } },
    channel: CHANNELS[0]!,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}`, CHARTER_HR_SECRET: HR_SECRET },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token|lee\.left@example\.com/i),
  });
  const { fake, run, later } = e2e;
  const kicks = () => fake.of('conversations.kick').filter((c) => c['user'] === LEE.id).map((c) => String(c['channel']));

  beforeAll(async () => {
    for (const c of CHANNELS) await run(ADA, `group register project Work stream ${c}`, c);
    await run(ADA, `role grant <@${LEE.id}|lee> moderator keeps order`, CHANNELS[0]);
    await run(ADA, `role grant <@${BOB.id}|bob> moderator keeps order`, CHANNELS[0]);
    await run(LEE, 'help', CHANNELS[0]);
  });

  it('revokes roles first, removes the leaver from every governed channel once, and tells the owner', async () => {
    const leave = hrEvent('evt-slack-leave', 'leave', clock.now().toISOString(), { employeeId: 'E42', email: 'lee.left@example.com' });
    expect((await e2e.hr.send(leave)).status).toBe(202);
    await e2e.charter.settle();
    // Roles are gone before the removals are through: Lee can no longer act as a moderator.
    const lee = (await e2e.db.knex('people').where({ address: LEE.id }).first('id')) as { id: string };
    expect(await e2e.charter.store.roles.listForPerson(lee.id)).toEqual([]);
    // Slack lets about 50 removals a minute through: past its burst, the job waits its turn.
    await later(5_000);
    expect(kicks().sort()).toEqual([...CHANNELS].sort());
    expect(fake.channels.get('C0OTHER')!.members.has(LEE.id)).toBe(true);
    const cards = fake.posts.filter((p) => p.channel === `D${ADA.id.slice(1)}` && JSON.stringify(p.blocks).includes('has left the organisation'));
    expect(cards).toHaveLength(1);
    expect(blockKitProblems(cards[0]!.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(cards[0]!.blocks)).toContain(CHANNELS[11]!.toLowerCase());

    // The HR system sends it again: 200, a no-op.
    expect(await e2e.hr.send(leave)).toMatchObject({ status: 200 });
    await later(30_000);
    expect(kicks()).toHaveLength(12);
  });
});

const T_ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001', email: 'ada@acme.test' };
const T_LEE: TeamsUser = { id: '29:1lee', name: '李 Lee', aadObjectId: 'aad-lee-0000-0000-0000-000000000009', email: 'lee@acme.test' };

describe.each(DATABASES)('offboarding on Teams without Graph ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-12-21T02:00:00Z'));
  const e2e = teamsE2E(target, {
    channel: [T_ADA, T_LEE],
    env: { CHARTER_SUPER_ADMINS: `teams:${T_ADA.aadObjectId}`, CHARTER_HR_SECRET: HR_SECRET },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/lee@acme\.test/),
  });
  const { connector, send, command } = e2e;

  beforeAll(async () => {
    await send(e2e.teams.personalMessage(T_ADA, 'help', 'zh-CN'));
    await command(T_ADA, 'group register project 发布小组', 'zh-CN');
    await command(T_ADA, 'role grant <at>李 Lee</at> moderator 值班', 'zh-CN', [T_LEE]);
  });

  it('revokes the role and gives the owner the exact list to remove by hand, in their language', async () => {
    expect((await e2e.hr.send(hrEvent('evt-teams-leave', 'leave', clock.now().toISOString(), { employeeId: 'E43', email: 'LEE@acme.test' }))).status).toBe(202);
    await e2e.charter.settle();
    const lee = (await e2e.db.knex('people').where({ address: T_LEE.id }).first('id')) as { id: string };
    expect(await e2e.charter.store.roles.listForPerson(lee.id)).toEqual([]);
    const told = connector.sent(personalChat(T_ADA)).map((a) => cardOf(a)).filter((c) => JSON.stringify(c).includes('已离职'));
    expect(told).toHaveLength(1);
    expect(adaptiveProblems(told[0]!)).toEqual([]);
    expect(JSON.stringify(told[0])).toContain('请你手动将其移出');
    expect(JSON.stringify(told[0])).toContain('Microsoft Graph');
    // Lee is still in the channel (Charter could not remove) but no longer an admin there.
    expect(connector.members.get(CHANNEL)?.has(T_LEE.id)).toBe(true);
  });
});
