// LIFE-1 onboarding end to end on Slack: a signed hire over real HTTP adds the new
// employee to the default groups of their department (`conversations.invite`), each
// group welcomes them, and they get the welcome pack privately, in their language;
// the same event again adds nobody. Someone hired before their account existed is
// onboarded when it appears (Slack team_join; Teams: the app installed for them).
// On Teams without Microsoft Graph Charter cannot add: the group's owner is asked,
// and the pack says so.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems, blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { cardOf } from '../support/drive.js';
import { slackE2E, teamsE2E } from '../support/e2e.js';
import { HR_SECRET, hrEvent } from '../support/hr.js';
import { eventFixture, type SlackUser } from '../support/slack.js';
import { CHANNEL, personalChat, TENANT, type TeamsUser } from '../support/teams.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin', email: 'ada@example.com' };
const NIA: SlackUser = { id: 'U0NIA', name: 'nia', real_name: 'Nia New', email: 'Nia.New@Example.com' };
const RESEARCH = 'C0RES';
const ALL = 'C0ALL';
const SALES = 'C0SALES';

describe.each(DATABASES)('onboarding on Slack ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-12-23T02:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, NIA],
    channels: { [RESEARCH]: { name: 'research-team', members: [ADA] }, [ALL]: { name: 'all-hands', members: [ADA] }, [SALES]: { name: 'sales', members: [ADA] } },
    channel: RESEARCH,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}`, CHARTER_HR_SECRET: HR_SECRET },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token|nia\.new@example\.com/i),
  });
  const { fake, run, later } = e2e;
  const invites = () => fake.of('conversations.invite').filter((c) => c['users'] === NIA.id).map((c) => String(c['channel'])).sort();
  const dm = `D${NIA.id.slice(1)}`;

  beforeAll(async () => {
    await run(ADA, 'group register community Research <papers> & *lab* news', RESEARCH);
    await run(ADA, 'group register community Company-wide announcements', ALL);
    await run(ADA, 'group register community Deals', SALES);
    expect((await run(ADA, 'policy default onboarding.groups Research: research-team, all-hands; *: all-hands', RESEARCH)).join(' ')).not.toMatch(/invalid|not a valid/i);
    await run(NIA, 'help', ALL); // the new employee's Slack account is known
  });

  it('adds a new employee to their department\'s groups once, welcomes them, and sends the welcome pack in their language', async () => {
    const hire = hrEvent('evt-slack-hire', 'hire', clock.now().toISOString(), { employeeId: 'E77', email: 'nia.new@example.com', realName: '倪 Nia', department: 'Research', title: 'Analyst', locale: 'zh_CN' });
    expect((await e2e.hr.send(hire)).status).toBe(202);
    await e2e.charter.settle();
    await later(5_000);
    expect(invites()).toEqual([ALL, RESEARCH].sort());
    expect(fake.channels.get(SALES)!.members.has(NIA.id)).toBe(false);
    // Each group welcomes them, mentioning them.
    for (const c of [RESEARCH, ALL]) expect([...fake.messages.values()].some((m) => m.channel === c && `${m.text}${JSON.stringify(m.blocks)}`.includes(`<@${NIA.id}>`))).toBe(true);
    // The welcome pack, privately, in Chinese, with each group's purpose (user text inert).
    const packs = fake.posts.filter((p) => p.channel === dm && JSON.stringify(p.blocks).includes('欢迎你'));
    expect(packs).toHaveLength(1);
    expect(blockKitProblems(packs[0]!.blocks as KnownBlock[])).toEqual([]);
    const body = JSON.stringify(packs[0]!.blocks);
    expect(body).toContain('research-team');
    expect(body).toContain('all-hands');
    expect(body).toContain('Company-wide announcements');
    expect(body).toContain('&lt;papers&gt;');
    expect(body).toContain(`<@${ADA.id}>`); // the owner to ask

    // The HR system sends it again: 200, a no-op; nobody invited twice, no second pack.
    expect(await e2e.hr.send(hire)).toMatchObject({ status: 200 });
    await later(30_000);
    expect(invites()).toHaveLength(2);
    expect(fake.posts.filter((p) => p.channel === dm && JSON.stringify(p.blocks).includes('欢迎你'))).toHaveLength(1);
    const actions = ((await e2e.db.knex('audit_log').select('action')) as { action: string }[]).map((r) => r.action);
    expect(actions.filter((a) => a === 'member.add')).toHaveLength(2);
  });

  it('onboards someone hired before their Slack account existed when the account joins the workspace (team_join), once', async () => {
    const NINA: SlackUser = { id: 'U0NINA', name: 'nina', real_name: 'Nina New', email: 'nina.new@example.com' };
    const hire = hrEvent('evt-slack-hire-2', 'hire', clock.now().toISOString(), { employeeId: 'E79', email: 'Nina.New@example.com', realName: 'Nina New', department: 'Sales', title: 'Rep' });
    expect((await e2e.hr.send(hire)).status).toBe(202);
    await e2e.charter.settle();
    const ninaInvites = () => fake.of('conversations.invite').filter((c) => c['users'] === NINA.id).map((c) => String(c['channel']));
    expect(ninaInvites()).toEqual([]);

    // Two days later her account is made; Slack tells the workspace's apps (delivered twice: a retry).
    await later(2 * 86_400_000);
    fake.users.set(NINA.id, NINA);
    const joined = eventFixture('team-join', {}, { event_time: Math.floor(clock.now().getTime() / 1000) });
    expect((await e2e.slack.event(joined)).status).toBe(200);
    expect((await e2e.slack.event(joined, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } })).status).toBe(200);
    await e2e.charter.settle();
    await later(5_000);
    expect(ninaInvites()).toEqual([ALL]);
    const packs = fake.posts.filter((p) => p.channel === `D${NINA.id.slice(1)}` && JSON.stringify(p.blocks).includes('Welcome, Nina New'));
    expect(packs).toHaveLength(1);
    const starts = (await e2e.db.knex('audit_log').where({ action: 'hr.onboard.start', workspace_id: 'slack:T0001' }).select('details')) as { details: Record<string, unknown> }[];
    expect(starts.map((r) => r.details)).toEqual([{ eventId: 'evt-slack-hire-2', accounts: 1, late: true }]);

    // A bot's account, or one already deleted, is no one to onboard.
    expect((await e2e.slack.event(eventFixture('team-join', { user: { id: 'U0ROBOT', is_bot: true } }, { event_id: 'Ev0TEAMJOIN02' }))).status).toBe(200);
    await e2e.charter.settle();
    expect(await e2e.db.knex('people').where({ platform_user_id: 'U0ROBOT' }).first()).toBeUndefined();
  });
});

const T_ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001', email: 'ada@acme.test' };
const T_NIA: TeamsUser = { id: '29:1nia', name: 'Nia New', aadObjectId: 'aad-nia-0000-0000-0000-000000000007', email: 'nia@acme.test' };

describe.each(DATABASES)('onboarding on Teams without Graph ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-12-23T02:00:00Z'));
  const e2e = teamsE2E(target, {
    channel: [T_ADA],
    team: [T_ADA, T_NIA],
    chats: [T_ADA, T_NIA],
    env: { CHARTER_SUPER_ADMINS: `teams:${T_ADA.aadObjectId}`, CHARTER_HR_SECRET: HR_SECRET },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/nia@acme\.test/),
  });
  const { connector, send, command } = e2e;

  beforeAll(async () => {
    await send(e2e.teams.personalMessage(T_ADA, 'help', 'zh-CN'));
    await command(T_ADA, 'group register project 发布小组 --name release', 'zh-CN');
    await send(e2e.teams.personalMessage(T_ADA, 'policy default onboarding.groups 研发部: release'));
    await send(e2e.teams.personalMessage(T_NIA, 'help'));
  });

  it('asks the owner to add the new employee, and the pack says an owner will add them', async () => {
    expect((await e2e.hr.send(hrEvent('evt-teams-hire', 'hire', clock.now().toISOString(), { employeeId: 'E78', email: 'NIA@acme.test', realName: 'Nia New', department: '研发部', title: 'Engineer' }))).status).toBe(202);
    await e2e.charter.settle();
    const asked = connector.sent(personalChat(T_ADA)).map((a) => JSON.stringify(a)).filter((a) => a.includes('default groups'));
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain('release');
    const packs = connector.sent(personalChat(T_NIA)).map((a) => cardOf(a)).filter((c) => JSON.stringify(c).includes('Welcome, Nia New'));
    expect(packs).toHaveLength(1);
    expect(adaptiveProblems(packs[0]!)).toEqual([]);
    expect(JSON.stringify(packs[0])).toContain('An owner will add you shortly');
    expect(connector.members.get(CHANNEL)?.has(T_NIA.id)).not.toBe(true);
  });

  it('onboards someone hired before Charter knew their Teams account when the app is installed for them', async () => {
    const T_NED: TeamsUser = { id: '29:1ned', name: 'Ned New', aadObjectId: 'aad-ned-0000-0000-0000-000000000009', email: 'ned@acme.test' };
    connector.join(personalChat(T_NED), T_NED);
    expect((await e2e.hr.send(hrEvent('evt-teams-hire-2', 'hire', clock.now().toISOString(), { employeeId: 'E80', email: 'ned@acme.test', realName: 'Ned New', department: '研发部', title: 'Engineer' }))).status).toBe(202);
    await e2e.charter.settle();
    const askedOfNed = () => connector.sent(personalChat(T_ADA)).map((a) => JSON.stringify(a)).filter((a) => a.includes('default groups') && a.includes('Ned New'));
    expect(askedOfNed()).toEqual([]);

    // An app setup policy installs Charter for him: Teams sends the personal conversationUpdate (twice: a retry).
    const installed = e2e.teams.fixture('conversation-update-personal-bot-added', {
      from: { id: T_NED.id, aadObjectId: T_NED.aadObjectId },
      conversation: { conversationType: 'personal', tenantId: TENANT, id: personalChat(T_NED) },
      channelData: { tenant: { id: TENANT } },
    });
    expect((await send(installed)).status).toBe(200);
    expect((await send(installed)).status).toBe(200);
    await e2e.charter.settle();
    expect(askedOfNed()).toHaveLength(1);
    const packs = connector.sent(personalChat(T_NED)).map((a) => cardOf(a)).filter((c) => JSON.stringify(c).includes('Welcome, Ned New'));
    expect(packs).toHaveLength(1);
  });
});
