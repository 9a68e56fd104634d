// The Teams paths through Microsoft Graph, end to end: signed Bot Framework
// activities into the running server, with MICROSOFT_GRAPH_ENABLED; nock stands in
// only for what Charter calls outside: login.microsoftonline.com (the bot's and
// Graph's tokens), the Graph API and the Bot Connector.
//  - GRP-2: a request approved on the card creates a standard channel (Graph
//    `POST teams/{id}/channels`, its name cleaned for Teams) and registers it; Graph
//    refusing (409, 403) registers nothing and both people are told why, in their
//    language; a name Teams cannot take is answered at once; a request typed outside
//    a team, and Teams without Graph, tell the requester to create it themselves.
//  - GRP-3: expiry notices 7 and 1 days before, Archive from the card (a forged
//    click does nothing, a double click archives once) and archive on expiry
//    (Graph `POST …/channels/{id}/archive`, once).
//  - LIFE-3: the weekly inactivity card's Remove through Graph, once on a double
//    click, refused to someone without authority.
//  - LIFE-2: an HR leave removes the person through Graph from a team and a group
//    chat, tells the owner and reports.
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_ID, APP_PASSWORD, BotFrameworkIdentity, graphCharterEnv, OUTBOUND_TOKEN } from '../support/botframework.js';
import { adaptiveProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { actionsOf, cardOf } from '../support/drive.js';
import { teamsE2E } from '../support/e2e.js';
import { FakeGraph, GRAPH_TOKEN } from '../support/graph.js';
import { HR_SECRET, hrEvent } from '../support/hr.js';
import { CHANNEL, personalChat, TEAM, TENANT, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'a0000000-0000-4000-8000-000000000001', email: 'ada@acme.test' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'b0000000-0000-4000-8000-000000000002', email: 'bob@acme.test' };
const CAT: TeamsUser = { id: '29:1cat', name: 'Cat Lin', aadObjectId: 'c0000000-0000-4000-8000-000000000003', email: 'cat@acme.test' };
const LEE: TeamsUser = { id: '29:1lee', name: '李 Lee', aadObjectId: 'd0000000-0000-4000-8000-000000000004', email: 'lee@acme.test' };
const PEOPLE = [ADA, BOB, CAT, LEE];
/** Bob's Teams speaks Chinese, everyone else's English. */
const LOCALE = (user: TeamsUser) => (user === BOB ? 'zh-CN' : 'en-US');
/** The team's Entra group (FakeConnector's team details). */
const AAD_TEAM = 'aad-group-apps';
const OPS = '19:ops@thread.tacv2';
const CHAT = '19:crew@thread.v2';
const DAY = 86_400_000;

type Json = Record<string, unknown>;
/** One signing key for the whole file: botbuilder caches the published keys for the process. */
const identity = new BotFrameworkIdentity();
type InvokeBody = { statusCode: number; type: string; value: unknown };

describe.each(DATABASES)('Teams with Microsoft Graph ($name)', (target) => {
  const graph = new FakeGraph();
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = teamsE2E(target, {
    identity,
    channel: PEOPLE,
    arrange: (connector) => {
      graph.install();
      connector.channels.get(TEAM)!.push({ id: OPS, name: 'ops' });
      connector.join(OPS, ...PEOPLE);
      connector.join(CHAT, ADA, LEE);
      for (const u of PEOPLE) {
        graph.addUser({ id: u.aadObjectId, displayName: u.name, mail: u.email ?? null });
        graph.joinTeam(AAD_TEAM, u.aadObjectId);
      }
      graph.joinChat(CHAT, ADA.aadObjectId);
      graph.joinChat(CHAT, LEE.aadObjectId);
    },
    env: graphCharterEnv({ CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}`, CHARTER_HR_SECRET: HR_SECRET }),
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toContain(APP_PASSWORD),
  });
  const { connector, send, command, later } = e2e;
  const said = (user: TeamsUser) => connector.said(personalChat(user)).join('\n');
  const cardsTo = (user: TeamsUser, needle: string) => connector.sent(personalChat(user)).map(cardOf).filter((c) => JSON.stringify(c).includes(needle));

  /** Where a card about a subject went in a person's 1:1 chat (the latest copy). */
  async function cardPost(user: TeamsUser, subjectId: string): Promise<{ conversation: string; activityId: string }> {
    const row = (await e2e.db
      .knex('card_posts as c')
      .join('people as p', 'p.id', 'c.recipient_id')
      .where({ 'p.address': user.id, 'c.subject_id': subjectId })
      .orderBy('c.id', 'desc')
      .first('c.conversation_id', 'c.message_id')) as { conversation_id: string; message_id: string } | undefined;
    if (row === undefined) throw new Error(`no card about ${subjectId} for ${user.name}`);
    return { conversation: row.conversation_id, activityId: row.message_id };
  }

  /** A click on a card's Action.Execute, from the person's Teams (in their language), answered by the invoke response. */
  const invoke = (user: TeamsUser, verb: string, data: Json, where: { conversation: string; activityId: string }) => ({ ...e2e.teams.invoke(user, verb, data, where), locale: LOCALE(user) });
  async function click(user: TeamsUser, verb: string, data: Json, where: { conversation: string; activityId: string }): Promise<InvokeBody> {
    const r = await send(invoke(user, verb, data, where));
    expect(r.status).toBe(200);
    return (await r.json()) as InvokeBody;
  }

  /** Two clicks at once, as a double click reaches the bot. */
  async function doubleClick(user: TeamsUser, verb: string, data: Json, where: { conversation: string; activityId: string }): Promise<InvokeBody[]> {
    const responses = await Promise.all([e2e.teams.send(invoke(user, verb, data, where)), e2e.teams.send(invoke(user, verb, data, where))]);
    await e2e.charter.settle();
    return Promise.all(responses.map(async (r) => (await r.json()) as InvokeBody));
  }

  /** A command typed in another conversation of the tenant (a second channel, a group chat). */
  function elsewhere(user: TeamsUser, text: string, conversation: { id: string; type: 'channel' | 'groupChat' }): Json {
    const base = e2e.teams.channelMessage(user, text);
    const id = String(base['id']);
    if (conversation.type === 'groupChat') {
      return { ...base, conversation: { isGroup: true, conversationType: 'groupChat', tenantId: TENANT, id: conversation.id }, channelData: { tenant: { id: TENANT } } };
    }
    return {
      ...base,
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${conversation.id};messageid=${id}` },
      channelData: { teamsChannelId: conversation.id, teamsTeamId: TEAM, channel: { id: conversation.id }, team: { id: TEAM }, tenant: { id: TENANT } },
    };
  }

  async function requestId(name: string): Promise<string> {
    return ((await e2e.db.knex('group_requests').where({ name }).first('id')) as { id: string }).id;
  }

  const count = async (table: string, where: Json) => Number(((await e2e.db.knex(table).where(where).count('* as n').first()) as { n: number | string }).n);
  const channelPosts = () => graph.of('POST', /^teams\/aad-group-apps\/channels$/);

  beforeAll(async () => {
    for (const u of PEOPLE) await send(e2e.teams.personalMessage(u, 'help', LOCALE(u)));
    expect(await command(ADA, 'group register project The launch')).toContain('Registered **ship-v2**');
    await send(e2e.teams.channelMessage(ADA, `role grant <at>${LEE.name}</at> moderator keeps order`, [LEE]));
    await send(elsewhere(ADA, 'group register task Weekly operations --expires 2026-12-10', { id: OPS, type: 'channel' }));
    await send(elsewhere(ADA, 'group register project Release crew --name crew', { id: CHAT, type: 'groupChat' }));
    expect((await e2e.db.knex('groups').orderBy('name').select('name', 'channel_id')).map((g: { name: string }) => g.name)).toEqual(['crew', 'ops', 'ship-v2']);
    graph.calls.length = 0;
  });

  it('GRP-2: an approved request creates a standard channel through Graph, once, with a name Teams accepts, and registers it', async () => {
    expect(await command(BOB, 'group request "Ship/V3: launch?" task Ship the third version', 'zh-CN')).toContain('Ship/V3: launch?');
    const id = await requestId('Ship/V3: launch?');
    const [card] = cardsTo(ADA, 'group.approve');
    expect(card).toBeDefined();
    expect(adaptiveProblems(card!)).toEqual([]);
    // The approver sees the channel Teams will get.
    expect(JSON.stringify(card)).toContain('Ship V3 launch');
    const approve = actionsOf(card!).find((a) => a.verb === 'group.approve')!;
    const where = await cardPost(ADA, id);

    // Nobody else decides: the requester, someone who is no super admin.
    expect((await click(BOB, 'group.approve', approve.data, where)).statusCode).toBe(403);
    expect((await click(CAT, 'group.approve', approve.data, where)).statusCode).toBe(403);
    expect(channelPosts()).toEqual([]);

    const answers = await doubleClick(ADA, 'group.approve', approve.data, where);
    expect(answers.map((a) => a.type)).toEqual(['application/vnd.microsoft.card.adaptive', 'application/vnd.microsoft.card.adaptive']);
    expect(channelPosts()).toHaveLength(1);
    expect(channelPosts()[0]).toMatchObject({
      body: { displayName: 'Ship V3 launch', description: 'Ship the third version', membershipType: 'standard' },
      authorization: `Bearer ${GRAPH_TOKEN}`,
    });
    expect(identity.graphTokenRequests.length).toBeGreaterThanOrEqual(1);
    expect(identity.graphTokenRequests[0]).toContain(`client_id=${APP_ID}`);

    const created = graph.channels.get(AAD_TEAM)![0]!;
    expect(await e2e.db.knex('groups').where({ name: 'Ship/V3: launch?' }).first()).toMatchObject({
      channel_id: created.id,
      channel_name: 'Ship V3 launch',
      team_id: TEAM,
      team_aad_group_id: AAD_TEAM,
      type: 'task',
      status: 'active',
      expires_on: '2026-12-08',
    });
    const owner = await e2e.db.knex('roles as r').join('groups as g', 'g.id', 'r.group_id').join('people as p', 'p.id', 'r.person_id').where({ 'g.channel_id': created.id, 'r.role': 'owner' }).select('p.address');
    expect(owner).toEqual([{ address: BOB.id }]);
    // The new channel hears its welcome; the requester (in Chinese) and the approver are told.
    expect(connector.said(created.id).join('\n')).toContain('Ship the third version');
    expect(said(BOB)).toContain('已就绪');
    expect(said(ADA)).toContain('is created and registered');
    expect(JSON.stringify(connector.updates().filter((u) => u.conversation === personalChat(ADA)).at(-1)?.body)).toContain('the group is created and registered');
  });

  it('GRP-2: Graph refusing (409, 403) registers nothing, tries once, and tells both why in their language', async () => {
    graph.failNext('POST', /^teams\/aad-group-apps\/channels$/, 409, 'Conflict', 'Channel name already existed, please use other name.');
    await command(BOB, 'group request Design project Design reviews', 'zh-CN');
    const taken = await requestId('Design');
    await click(ADA, 'group.approve', { payload: { requestId: taken } }, await cardPost(ADA, taken));
    expect(channelPosts().filter((c) => (c.body as Json)['displayName'] === 'Design')).toHaveLength(1);
    expect(await e2e.db.knex('groups').where({ name: 'Design' }).first()).toBeUndefined();
    expect(connector.said(personalChat(BOB)).at(-1)).toContain('已有同名频道');
    expect(connector.said(personalChat(ADA)).at(-1)).toContain('a channel or group with that name exists already');

    graph.failNext('POST', /^teams\/aad-group-apps\/channels$/, 403, 'Forbidden', 'Missing role permissions on the request.');
    await command(BOB, 'group request Budget project Budget questions', 'zh-CN');
    const forbidden = await requestId('Budget');
    await click(ADA, 'group.approve', { payload: { requestId: forbidden } }, await cardPost(ADA, forbidden));
    expect(channelPosts().filter((c) => (c.body as Json)['displayName'] === 'Budget')).toHaveLength(1);
    expect(await e2e.db.knex('groups').where({ name: 'Budget' }).first()).toBeUndefined();
    expect(connector.said(personalChat(BOB)).at(-1)).toContain('Charter 无权');
    expect(connector.said(personalChat(ADA)).at(-1)).toContain('Charter is not allowed to create channels there');
    expect(await e2e.db.knex('group_requests').whereIn('id', [taken, forbidden]).pluck('fulfilment')).toEqual(['gave-up', 'gave-up']);
    expect(await count('audit_log', { action: 'group.create', outcome: 'failed' })).toBe(2);
  });

  it('GRP-2: a channel whose creation answer was lost is taken over on the retry, not refused as taken', async () => {
    graph.loseNext('POST', /^teams\/aad-group-apps\/channels$/);
    await command(BOB, 'group request Roadmap project Roadmap talks', 'zh-CN');
    const id = await requestId('Roadmap');
    await click(ADA, 'group.approve', { payload: { requestId: id } }, await cardPost(ADA, id));
    // Graph made it, the answer was lost: the follow-up is retried later; Graph answers 409 and Charter finds its own channel.
    await later(60_000);
    await later(120_000);
    const made = graph.channels.get(AAD_TEAM)!.filter((c) => c.displayName === 'Roadmap');
    expect(made).toHaveLength(1);
    expect(channelPosts().filter((c) => (c.body as Json)['displayName'] === 'Roadmap')).toHaveLength(2);
    expect(graph.of('GET', /^teams\/aad-group-apps\/channels$/).map((c) => c.query['$filter'])).toContain("displayName eq 'Roadmap'");
    const group = (await e2e.db.knex('groups').where({ name: 'Roadmap' }).first('channel_id')) as { channel_id: string } | undefined;
    expect(group?.channel_id).toBe(made[0]!.id);
    expect(await e2e.db.knex('group_requests').where({ id }).pluck('fulfilment')).toEqual(['done']);
  });

  it('GRP-2: a name Teams cannot take is answered at once, in the asker’s language; a request typed outside a team is left to the requester', async () => {
    const before = await count('group_requests', {});
    expect(await command(CAT, 'group request General project Everything')).toContain('cannot be the name of a Teams channel');
    expect(await command(BOB, 'group request ??? project 问题', 'zh-CN')).toContain('不能用作 Teams 频道名');
    expect(await count('group_requests', {})).toBe(before);

    await send(e2e.teams.personalMessage(CAT, 'group request "Field notes" project Notes from the field'));
    const id = await requestId('Field notes');
    await click(ADA, 'group.approve', { payload: { requestId: id } }, await cardPost(ADA, id));
    expect(channelPosts().filter((c) => (c.body as Json)['displayName'] === 'Field notes')).toEqual([]);
    expect(connector.said(personalChat(CAT)).at(-1)).toContain('please create the channel');
    expect(await e2e.db.knex('groups').where({ name: 'Field notes' }).first()).toBeUndefined();
  });

  it('GRP-3: notices 7 and 1 days before; a forged Archive does nothing; Archive from the card archives the channel through Graph once', async () => {
    const group = (await e2e.db.knex('groups').where({ name: 'Ship/V3: launch?' }).first('id', 'channel_id')) as { id: string; channel_id: string };
    await later(7 * DAY);
    await e2e.charter.jobs.send('group.daily', {});
    await e2e.charter.settle();
    expect(cardsTo(BOB, 'group.archive')).toHaveLength(1);
    await later(6 * DAY);
    await e2e.charter.jobs.send('group.daily', {});
    await e2e.charter.settle();
    await e2e.charter.jobs.send('group.daily', {});
    await e2e.charter.settle();
    const notices = cardsTo(BOB, 'group.archive');
    expect(notices).toHaveLength(2);
    expect(adaptiveProblems(notices[1]!)).toEqual([]);
    expect(JSON.stringify(notices[1])).toContain('2026-12-08');
    const archive = actionsOf(notices[1]!).find((a) => a.verb === 'group.archive')!;
    expect(actionsOf(notices[1]!).map((a) => a.title)).toEqual(expect.arrayContaining([expect.stringMatching(/续期|Renew/), expect.stringMatching(/归档|Archive/)]));
    const where = await cardPost(BOB, group.id);
    const archivePath = `teams/${AAD_TEAM}/channels/${encodeURIComponent(group.channel_id)}/archive`;

    const forged = await click(CAT, 'group.archive', archive.data, where);
    expect(forged.statusCode).toBe(403);
    expect(graph.of('POST', /\/archive$/)).toEqual([]);
    expect(await e2e.db.knex('groups').where({ id: group.id }).first('status')).toEqual({ status: 'active' });

    const answers = await doubleClick(BOB, 'group.archive', archive.data, where);
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    expect(graph.of('POST', /\/archive$/).map((c) => [c.path, c.body])).toEqual([[archivePath, {}]]);
    expect(await e2e.db.knex('groups').where({ id: group.id }).first('status')).toEqual({ status: 'archived' });
    expect(connector.said(group.channel_id).filter((t) => t.includes('is archived by'))).toHaveLength(1);
    expect(await count('audit_log', { action: 'group.archive', outcome: 'ok' })).toBe(1);
  });

  it('GRP-3: on its expiry day a task group is archived through Graph, once however often the scan runs', async () => {
    await later(3 * DAY);
    await e2e.charter.jobs.send('group.daily', {});
    await e2e.charter.settle();
    await e2e.charter.jobs.send('group.daily', {});
    await e2e.charter.settle();
    const opsArchive = `teams/${AAD_TEAM}/channels/${encodeURIComponent(OPS)}/archive`;
    expect(graph.of('POST', /\/archive$/).filter((c) => c.path === opsArchive)).toHaveLength(1);
    expect(await e2e.db.knex('groups').where({ channel_id: OPS }).first('status')).toEqual({ status: 'archived' });
    expect(connector.said(OPS).join('\n')).toContain('has reached its expiry date');
  });

  it('LIFE-3: Remove on the weekly card removes through Graph once on a double click; someone without authority is refused', async () => {
    // ship-v2 alone among the team's governed channels (whatever the tests before left): a removal
    // takes someone out of the whole team, which Charter does only for its one governed group.
    await e2e.db.knex('groups').whereNot({ channel_id: CHANNEL }).whereNotNull('team_id').update({ status: 'archived' });
    await e2e.db.knex('groups').update({ created_at: new Date(clock.now().getTime() - 100 * DAY) });
    await e2e.charter.jobs.send('stewardship.weekly', {});
    await e2e.charter.settle();
    const [list] = cardsTo(ADA, 'stewardship.remove').filter((c) => JSON.stringify(c).includes('ship-v2'));
    expect(list).toBeDefined();
    expect(adaptiveProblems(list!)).toEqual([]);
    const member = (await e2e.db
      .knex('stewardship_inactive_members as m')
      .join('people as p', 'p.id', 'm.person_id')
      .join('stewardship_inactive_lists as l', 'l.id', 'm.list_id')
      .join('groups as g', 'g.id', 'l.group_id')
      .where({ 'p.address': CAT.id, 'g.channel_id': CHANNEL })
      .first('m.id', 'l.id as list')) as { id: string; list: string };
    const remove = actionsOf(list!).find((a) => a.verb === 'stewardship.remove' && JSON.stringify(a.data).includes(member.id))!;
    expect(remove).toBeDefined();
    const where = await cardPost(ADA, member.list);

    const refused = await click(BOB, 'stewardship.remove', remove.data, where);
    expect(refused).toMatchObject({ statusCode: 403, value: { message: expect.stringContaining('只有 **ship-v2** 的群主') } });
    expect(graph.of('DELETE', /members/)).toEqual([]);

    const answers = await doubleClick(ADA, 'stewardship.remove', remove.data, where);
    expect(answers.every((a) => a.statusCode === 200)).toBe(true);
    const filter = `(microsoft.graph.aadUserConversationMember/userId eq '${CAT.aadObjectId}')`;
    expect(graph.of('GET', /^teams\/aad-group-apps\/members$/).filter((c) => c.query['$filter'] === filter)).toHaveLength(1);
    expect(graph.of('DELETE', /members/).map((c) => c.path)).toEqual([`teams/${AAD_TEAM}/members/MT-${CAT.aadObjectId}`]);
    expect(graph.teamMembers.get(AAD_TEAM)!.some((m) => m.userId === CAT.aadObjectId)).toBe(false);
    expect(said(CAT)).toContain('no message there for 90 days');
    expect(await count('audit_log', { action: 'member.remove', outcome: 'ok' })).toBe(1);
  });

  it('LIFE-2: an HR leave removes the person through Graph from a team and a group chat, tells the owner and reports', async () => {
    graph.calls.length = 0;
    const leave = hrEvent('evt-graph-leave', 'leave', clock.now().toISOString(), { employeeId: 'E77', email: 'LEE@acme.test' });
    expect((await e2e.hr.send(leave)).status).toBe(202);
    await e2e.charter.settle();
    await later(5_000);
    const lee = (await e2e.db.knex('people').where({ address: LEE.id }).first('id')) as { id: string };
    expect(await e2e.charter.store.roles.listForPerson(lee.id)).toEqual([]);
    const teamFilter = `(microsoft.graph.aadUserConversationMember/userId eq '${LEE.aadObjectId}')`;
    expect(graph.of('GET', /^teams\/aad-group-apps\/members$/).map((c) => c.query['$filter'])).toEqual([teamFilter]);
    expect(graph.of('GET', /^chats\//).map((c) => c.path)).toEqual([`chats/${encodeURIComponent(CHAT)}/members`]);
    expect(graph.of('DELETE', /members/).map((c) => c.path).sort()).toEqual([`chats/${encodeURIComponent(CHAT)}/members/MC-${LEE.aadObjectId}`, `teams/${AAD_TEAM}/members/MT-${LEE.aadObjectId}`].sort());
    const told = cardsTo(ADA, 'has left the organisation');
    expect(told).toHaveLength(1);
    expect(adaptiveProblems(told[0]!)).toEqual([]);
    expect(JSON.stringify(told[0])).toContain('ship-v2');
    expect(JSON.stringify(told[0])).toContain('crew');
    const report = (await e2e.db.knex('audit_log').where({ action: 'hr.offboard.report' }).first('outcome', 'details')) as { outcome: string; details: { manual: number } };
    expect(report).toMatchObject({ outcome: 'ok', details: { manual: 0 } });

    // The HR system sends it again: nothing more is removed.
    expect((await e2e.hr.send(leave)).status).toBe(200);
    await later(30_000);
    expect(graph.of('DELETE', /members/)).toHaveLength(2);
  });

  it('every Graph call carried the Graph token, every connector call the bot’s', () => {
    expect(graph.calls.length).toBeGreaterThan(0);
    expect(graph.calls.every((c) => c.authorization === `Bearer ${GRAPH_TOKEN}`)).toBe(true);
    expect(connector.calls.every((c) => c.authorization === `Bearer ${OUTBOUND_TOKEN}`)).toBe(true);
  });
});

describe.each(DATABASES.slice(0, 1))('Teams group requests without Microsoft Graph ($name)', (target) => {
  const e2e = teamsE2E(target, {
    channel: [ADA, BOB],
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
  });
  const { connector, send, command } = e2e;

  beforeAll(async () => {
    for (const u of [ADA, BOB]) await send(e2e.teams.personalMessage(u, 'help', u === BOB ? 'zh-CN' : 'en-US'));
  });

  it('GRP-2: the approved requester is told how to create the channel and register it; nothing is registered', async () => {
    await command(BOB, '申请建群 发布周报 项目 汇总每周发布', 'zh-CN');
    const id = ((await e2e.db.knex('group_requests').first('id')) as { id: string }).id;
    const where = (await e2e.db.knex('card_posts').where({ subject_id: id }).first('conversation_id', 'message_id')) as { conversation_id: string; message_id: string };
    const r = await send(e2e.teams.invoke(ADA, 'group.approve', { payload: { requestId: id } }, { conversation: where.conversation_id, activityId: where.message_id }));
    expect(r.status).toBe(200);
    expect(connector.said(personalChat(BOB)).at(-1)).toContain('group register project');
    expect(connector.said(personalChat(BOB)).at(-1)).toContain('--name 发布周报');
    expect(await e2e.db.knex('groups').where({ name: '发布周报' }).first()).toBeUndefined();
    expect(await e2e.db.knex('group_requests').where({ id }).first('fulfilment')).toEqual({ fulfilment: 'owner-asked' });
    expect(JSON.stringify(connector.updates().at(-1)?.body)).toContain('the requester was asked to create it');
  });
});
