// The Teams journey through the running HTTP server: Bot Framework activities in
// (emulator mode: no app id), connector calls out (caught by nock).
import { describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { DATABASES } from '../support/db.js';
import { teamsE2E } from '../support/e2e.js';
import { CHANNEL, personalChat, TEAM, TEAM_NAME, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const JANE: TeamsUser = { id: '29:1jane', name: 'Jane Doe', aadObjectId: 'aad-jane-0000-0000-0000-000000000002' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };
const CAROL: TeamsUser = { id: '29:1carol', name: 'Carol King', aadObjectId: 'aad-carol-0000-0000-0000-000000000005' };

type InvokeBody = { statusCode: number; type: string; value: unknown };

describe.each(DATABASES)('Teams end to end ($name)', (target) => {
  const e2e = teamsE2E(target, { channel: [ADA, MO, BOB], chats: [ADA, MO, JANE, BOB, CAROL], env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` } });
  const { connector, send } = e2e;

  async function invoke(activity: Record<string, unknown>): Promise<InvokeBody> {
    const r = await send(activity);
    expect(r.status).toBe(200);
    return (await r.json()) as InvokeBody;
  }

  async function requestId(user: TeamsUser): Promise<string> {
    const row = await e2e.db.knex('join_requests as r').join('people as p', 'p.id', 'r.requester_id').where('p.address', user.id).orderBy('r.created_at', 'desc').first('r.id');
    return (row as { id: string }).id;
  }

  /** Where the approval card for a request went in a user's 1:1 chat. */
  async function cardIn(user: TeamsUser, id: string): Promise<{ conversation: string; activityId: string }> {
    const post = await e2e.db.knex('card_posts as c').join('people as p', 'p.id', 'c.recipient_id').where({ 'p.address': user.id, 'c.subject_id': id }).first('c.conversation_id', 'c.message_id');
    const p = post as { conversation_id: string; message_id: string };
    return { conversation: p.conversation_id, activityId: p.message_id };
  }

  it('registers a group by mention in a channel', async () => {
    const r = await send(e2e.teams.channelMessage(ADA, 'group register project Ship the second version'));
    expect(r.status).toBe(200);
    const replies = connector.calls.filter((c) => c.method === 'POST' && c.conversation.startsWith(CHANNEL));
    expect(replies).toHaveLength(1);
    expect(replies[0]!.activityId).not.toBeNull(); // a reply in the thread
    expect(replies[0]!.body['text']).toBe('Registered **ship-v2** as a project group in the core team tier. Purpose: Ship the second version. You are its owner.');
    expect(await e2e.db.knex('groups').first()).toMatchObject({ name: 'ship-v2', channel_id: CHANNEL, team_id: TEAM, conversation_kind: 'channel' });
    expect(await e2e.db.knex('people').where({ address: ADA.id }).first()).toMatchObject({ platform_user_id: ADA.aadObjectId, real_name: 'Ada Admin' });
  });

  it('names a group after its Teams channel, the General channel after its team, and honours --name', async () => {
    // The channel name came from the connector: real channel messages carry ids only.
    expect(connector.calls.some((c) => c.method === 'GET' && c.conversation === TEAM && c.body['channels'] === true)).toBe(true);
    const general = e2e.teams.channelMessage(ADA, 'group register community All hands');
    const inGeneral = { ...general, conversation: { isGroup: true, conversationType: 'channel', tenantId: 'tenant-0001', id: `${TEAM};messageid=${String(general['id'])}` }, channelData: { ...(general['channelData'] as object), channel: { id: TEAM } } };
    await send(inGeneral);
    expect(await e2e.db.knex('groups').where({ channel_id: TEAM }).first()).toMatchObject({ name: TEAM_NAME, type: 'community' });
    await e2e.db.knex('roles').whereIn('group_id', e2e.db.knex('groups').select('id').where({ channel_id: TEAM })).delete();
    await e2e.db.knex('groups').where({ channel_id: TEAM }).delete();
    const named = { ...inGeneral, id: `${String(general['id'])}9`, text: '<at>Charter</at> group register community All hands --name town-hall' };
    await send(named);
    expect(await e2e.db.knex('groups').where({ channel_id: TEAM }).first()).toMatchObject({ name: 'town-hall' });
    await e2e.db.knex('roles').whereIn('group_id', e2e.db.knex('groups').select('id').where({ channel_id: TEAM })).delete();
    await e2e.db.knex('groups').where({ channel_id: TEAM }).delete();
  });

  it('answers in Chinese to someone whose Teams speaks Chinese', async () => {
    await send(e2e.teams.personalMessage(MO, '帮助', 'zh-CN'));
    const said = connector.said(personalChat(MO));
    // Code spans as Teams shows them: written as typed, no entities inside.
    expect(said.at(-1)).toContain('`@Charter 加入 <#群或群名> <理由…>`（英文 `join`）');
    expect(said.at(-1)).not.toContain('&lt;');
  });

  it('lets the owner appoint a moderator by mention', async () => {
    await send(e2e.teams.channelMessage(ADA, 'role grant <at>Mo Li</at> moderator covers weekends', [MO]));
    const reply = connector.calls.filter((c) => c.method === 'POST' && c.conversation.startsWith(CHANNEL)).at(-1)!.body;
    expect(reply['text']).toBe('<at>Mo Li</at> is now moderator of **ship-v2**.');
    expect(reply['entities']).toEqual([{ type: 'mention', text: '<at>Mo Li</at>', mentioned: { id: MO.id, name: 'Mo Li' } }]);
    expect(connector.said(personalChat(MO)).at(-1)).toContain('管理员');
  });

  it("sends another user's join request to the approvers as Universal Action cards", async () => {
    await send(e2e.teams.personalMessage(JANE, 'join ship-v2 I own the release notes'));
    expect(connector.said(personalChat(JANE)).at(-1)).toContain('went to its 2 approvers');
    const id = await requestId(JANE);
    for (const approver of [ADA, MO]) {
      const where = await cardIn(approver, id);
      expect(where.conversation).toBe(personalChat(approver));
      const card = (connector.activities.get(`${where.conversation}/${where.activityId}`)?.['attachments'] as { content: Record<string, unknown> }[])[0]!.content;
      expect(adaptiveProblems(card)).toEqual([]);
      expect(card['refresh']).toEqual({ action: { type: 'Action.Execute', verb: 'join.refresh', data: { payload: { requestId: id } } }, userIds: [ADA.id, MO.id] });
      expect(JSON.stringify(card)).toContain(approver === MO ? '批准' : 'Approve');
    }
    // Ada had never chatted 1:1 with the bot: the chat was created for her.
    expect(connector.calls.find((c) => c.conversation === '(create)')?.body).toMatchObject({ members: [{ id: ADA.id }], tenantId: 'tenant-0001', isGroup: false });
  });

  it('drops a retried message', async () => {
    const activity = e2e.teams.personalMessage(JANE, 'join ship-v2 again');
    await send(activity);
    const count = connector.sent(personalChat(JANE)).length;
    await send(activity);
    expect(connector.sent(personalChat(JANE)).length).toBe(count);
  });

  it('refuses a click by someone who is not an approver', async () => {
    const id = await requestId(JANE);
    const where = await cardIn(ADA, id);
    const body = await invoke(e2e.teams.invoke(BOB, 'join.approve', { requestId: id }, where));
    expect(body).toEqual({
      statusCode: 403,
      type: 'application/vnd.microsoft.error',
      value: { code: 'Forbidden', message: "You can't decide this request: only the group's owners and moderators (and super admins) can. Nothing was changed." },
    });
    expect((await e2e.db.knex('join_requests').where({ id }).first())?.state).toBe('pending');
    expect(connector.updates()).toEqual([]);
  });

  it('approves on the first click only; asks the owner to add the member without Graph; updates every copy', async () => {
    const id = await requestId(JANE);
    const adaCard = await cardIn(ADA, id);
    const body = await invoke(e2e.teams.invoke(ADA, 'join.approve', { requestId: id }, adaCard));
    expect(body.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(adaptiveProblems(body.value as Record<string, unknown>)).toEqual([]);
    expect(JSON.stringify(body.value)).toContain('Approved by <at>Ada Admin</at>');
    expect(JSON.stringify(body.value)).not.toContain('"verb":"join.approve"');

    // No Graph here: the owner is asked, the requester told, both copies updated.
    expect(connector.said(personalChat(ADA)).at(-1)).toContain("approved <at>Jane Doe</at>'s request to join **ship-v2**, but Charter can't add members here");
    expect(connector.said(personalChat(JANE)).at(-1)).toContain('an owner will add you shortly');
    expect(connector.updates().map((u) => u.conversation).sort()).toEqual([personalChat(ADA), personalChat(MO)].sort());
    expect(JSON.stringify(connector.updates().find((u) => u.conversation === personalChat(MO))?.body)).toContain('已请群主把对方加入群');

    const updatesBefore = connector.updates().length;
    const again = await invoke(e2e.teams.invoke(ADA, 'join.approve', { requestId: id }, adaCard));
    expect(JSON.stringify(again.value)).toContain('Already approved by <at>Ada Admin</at>');
    const moCard = await cardIn(MO, id);
    const late = await invoke(e2e.teams.invoke(MO, 'join.approve', { requestId: id }, moCard));
    expect(JSON.stringify(late.value)).toContain('Ada Admin');
    expect(connector.updates().length).toBe(updatesBefore);
    const audit = await e2e.db.knex('audit_log').where({ action: 'join.approve', outcome: 'ok' });
    expect(audit).toHaveLength(1);
    expect((await e2e.db.knex('audit_log').where({ action: 'member.add' }).first())?.outcome).toBe('fallback');
  });

  it('shows the live card to an approver opening it (refresh), buttons only while pending', async () => {
    const id = await requestId(JANE);
    const refreshed = await invoke(e2e.teams.invoke(MO, 'join.refresh', { requestId: id }, await cardIn(MO, id)));
    expect(refreshed.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(refreshed.value)).not.toContain('"verb":"join.approve"');
  });

  it('asks for a deny reason beside the field, then denies and tells the requester', async () => {
    await send(e2e.teams.personalMessage(CAROL, '加入 ship-v2 我想参与测试', 'zh-CN'));
    expect(connector.said(personalChat(CAROL)).at(-1)).toContain('已发给 2 位审批人');
    const id = await requestId(CAROL);
    const where = await cardIn(ADA, id);
    const blank = await invoke(e2e.teams.invoke(ADA, 'join.deny', { requestId: id, reason: '' }, where));
    expect(blank.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(blank.value)).toContain('Give a reason; the requester will see it.');
    expect((await e2e.db.knex('join_requests').where({ id }).first())?.state).toBe('pending');

    const denied = await invoke(e2e.teams.invoke(ADA, 'join.deny', { requestId: id, reason: 'Testing is staffed until March' }, where));
    expect(JSON.stringify(denied.value)).toContain('Denied by <at>Ada Admin</at>');
    expect(connector.said(personalChat(CAROL)).at(-1)).toContain('Testing is staffed until March');
    expect(connector.said(personalChat(CAROL)).at(-1)).toContain('拒绝');
  });

  it('saves the conversation of an install and answers invokes it does not handle with 501', async () => {
    const update = { ...e2e.teams.personalMessage(BOB, ''), type: 'conversationUpdate', id: 'cu-1', membersAdded: [{ id: '28:app-0000' }], text: undefined };
    expect((await send(update)).status).toBe(200);
    const saved = await e2e.db.knex('conversation_refs').where({ conversation_id: personalChat(BOB), kind: 'personal', user_address: BOB.id }).first('reference');
    // Kept with the ids it needs, without the display name (AUD-4: nothing to erase there).
    expect(saved?.reference).toMatchObject({ user: { id: BOB.id }, conversation: { id: personalChat(BOB) } });
    expect(JSON.stringify(await e2e.db.knex('conversation_refs').pluck('reference'))).not.toMatch(/"user":\{[^}]*"name"/);
    expect(connector.sent(personalChat(BOB))).toEqual([]);
    const other = { ...e2e.teams.invoke(BOB, 'join.approve', {}, { conversation: personalChat(BOB), activityId: 'x' }), name: 'composeExtension/query' };
    expect((await send(other)).status).toBe(501);
  });

  it('answers a malformed invoke and a malformed body without a stack trace', async () => {
    const broken = e2e.teams.invoke(ADA, 'join.approve', {}, { conversation: personalChat(ADA), activityId: 'x' });
    (broken['value'] as Record<string, unknown>)['action'] = { type: 'Action.Submit' };
    expect(await invoke(broken)).toMatchObject({ statusCode: 400, type: 'application/vnd.microsoft.error', value: { message: expect.stringContaining("is not one Charter knows") } });
    const unknownRequest = await invoke(e2e.teams.invoke(ADA, 'join.approve', { requestId: 'not-a-request' }, { conversation: personalChat(ADA), activityId: 'x' }));
    expect(unknownRequest).toEqual({ statusCode: 404, type: 'application/vnd.microsoft.error', value: { code: 'NotFound', message: "I can't find this request any more." } });
    const bad = await fetch(`${e2e.charter.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"type":' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).not.toMatch(/at .*\.js/);
    const notActivity = await fetch(`${e2e.charter.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '[1,2]' });
    expect(notActivity.status).toBe(400);
    expect(e2e.charter.logs.text()).not.toMatch(/unexpected error/);
  });
});
