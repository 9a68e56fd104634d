// The Slack journey through the running HTTP server: signed slash commands and
// interactions in, Web API calls out (caught by nock into FakeSlack).
import { describe, expect, it } from 'vitest';
import { DATABASES } from '../support/db.js';
import { slackE2E } from '../support/e2e.js';
import { blockAction, fixture, HOOKS, newTrigger, viewSubmission, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin', title: 'Head of Delivery' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', locale: 'zh-CN' };
const JANE: SlackUser = { id: 'U0JANE', name: 'jane', real_name: 'Jane Doe', title: 'Engineer' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const CAROL: SlackUser = { id: 'U0CAROL', name: 'carol', real_name: 'Carol King', locale: 'zh-CN' };

describe.each(DATABASES)('Slack end to end ($name)', (target) => {
  const e2e = slackE2E(target, {
    users: [ADA, MO, JANE, BOB, CAROL],
    channels: { C0SHIP: { name: 'ship-v2', members: [ADA, MO, BOB] } },
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
  });
  const { fake } = e2e;

  const as = (user: SlackUser, text: string, extra: Record<string, string> = {}) => ({
    user_id: user.id,
    user_name: user.name,
    text,
    trigger_id: newTrigger(),
    response_url: `${HOOKS}/commands/T0001/${Math.random().toString(36).slice(2)}`,
    ...extra,
  });

  async function send(res: Promise<Response>, status = 200): Promise<Response> {
    const r = await res;
    expect(r.status).toBe(status);
    await e2e.charter.settle();
    return r;
  }

  /** The text Charter answered on a response_url. */
  const answered = (url: string) => fake.responses.filter((r) => r.url === url).map((r) => String(r.body['text']));

  async function requestId(user: SlackUser): Promise<string> {
    const row = await e2e.db.knex('join_requests as r').join('people as p', 'p.id', 'r.requester_id').where('p.platform_user_id', user.id).orderBy('r.created_at', 'desc').first('r.id');
    return (row as { id: string }).id;
  }

  /** The latest approval card posted to a user's DM, with its blocks as they are now. */
  function cardFor(user: SlackUser): { channel: string; ts: string; blocks: unknown[] } {
    const dm = `D${user.id.slice(1)}`;
    const post = fake.posts.filter((p) => p.channel === dm && JSON.stringify(p.blocks).includes('join.approve')).at(-1);
    if (post === undefined) throw new Error(`no card for ${user.id}`);
    return { channel: dm, ts: post.ts, blocks: fake.messages.get(`${dm}/${post.ts}`)!.blocks };
  }

  it('answers url_verification and ssl_check itself', async () => {
    const r = await e2e.slack.event({ type: 'url_verification', token: 'x', challenge: 'c-123' });
    expect(await r.json()).toEqual({ challenge: 'c-123' });
    expect((await e2e.slack.post('ssl_check=1&token=x', 'application/x-www-form-urlencoded')).status).toBe(200);
  });

  it('registers a group from a signed slash command', async () => {
    const cmd = as(ADA, 'group register project Ship the second version');
    await send(e2e.slack.command(cmd));
    expect(answered(cmd.response_url)).toEqual([expect.stringContaining('Registered *ship-v2* as a project group')]);
    expect(fake.of('users.info').map((b) => b['user'])).toContain(ADA.id);
    const group = await e2e.db.knex('groups').first();
    expect(group).toMatchObject({ name: 'ship-v2', channel_id: 'C0SHIP', type: 'project', purpose: 'Ship the second version' });
    const adaRow = await e2e.db.knex('people').where({ platform_user_id: ADA.id }).first();
    expect(adaRow).toMatchObject({ real_name: 'Ada Admin', title: 'Head of Delivery', locale: 'en' });
  });

  it('lets the owner appoint a moderator who answers in Chinese', async () => {
    const cmd = as(ADA, `role grant <@${MO.id}|mo> moderator covers weekends`);
    await send(e2e.slack.command(cmd));
    expect(answered(cmd.response_url)).toEqual([`<@${MO.id}> is now moderator of *ship-v2*.`]);
    expect(fake.of('chat.postMessage').find((m) => m['channel'] === MO.id)?.['text']).toContain('管理员');
  });

  it('refuses unsigned and stale requests, changing nothing', async () => {
    const before = fake.calls.length;
    const unsigned = await e2e.slack.command(as(JANE, 'join #ship-v2 let me in'), { sign: false });
    expect(unsigned.status).toBe(401);
    const stale = await e2e.slack.command(as(JANE, 'join #ship-v2 let me in'), { timestamp: Math.floor(Date.now() / 1000) - 6 * 60 });
    expect(stale.status).toBe(401);
    const forged = await e2e.slack.post('payload=%7B%7D', 'application/x-www-form-urlencoded', { headers: { 'x-slack-request-timestamp': String(Math.floor(Date.now() / 1000)), 'x-slack-signature': 'v0=deadbeef' }, sign: false });
    expect(forged.status).toBe(401);
    await e2e.charter.settle();
    expect(fake.calls.length).toBe(before);
    expect(Number((await e2e.db.knex('join_requests').count('* as n').first())?.['n'])).toBe(0);
  });

  let joinCommand: ReturnType<typeof as>;
  it("sends another user's join request to the approvers as a card", async () => {
    joinCommand = as(JANE, 'join <#C0SHIP|ship-v2> I own the release notes');
    await send(e2e.slack.command(joinCommand));
    expect(answered(joinCommand.response_url)).toEqual([expect.stringContaining('went to its 2 approvers')]);
    const posts = fake.of('chat.postMessage').filter((m) => String(m['blocks'] ?? '').includes('join.approve'));
    expect(posts.map((p) => p['channel'])).toEqual([ADA.id, MO.id]);
    const adaCard = JSON.stringify(cardFor(ADA).blocks);
    expect(adaCard).toContain('Jane Doe');
    expect(adaCard).toContain('Engineer');
    expect(adaCard).toContain('I own the release notes');
    expect(JSON.stringify(cardFor(MO).blocks)).toContain('批准');
  });

  it('drops a retried slash command', async () => {
    const postsBefore = fake.of('chat.postMessage').length;
    await send(e2e.slack.command(joinCommand, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }));
    expect(answered(joinCommand.response_url)).toHaveLength(1);
    expect(fake.of('chat.postMessage').length).toBe(postsBefore);
    expect(Number((await e2e.db.knex('join_requests').count('* as n').first())?.['n'])).toBe(1);
    // Typed again (a new trigger): told it is already pending.
    const again = as(JANE, 'join ship-v2 please');
    await send(e2e.slack.command(again));
    expect(answered(again.response_url)).toEqual([expect.stringContaining('You already asked to join *ship-v2*')]);
  });

  it('ignores a click by someone who is not an approver', async () => {
    const id = await requestId(JANE);
    const card = cardFor(ADA);
    const payload = blockAction(BOB, 'join.approve', id, { channel: card.channel, ts: card.ts });
    await send(e2e.slack.interact(payload));
    expect(fake.responses.find((r) => r.url === payload['response_url'])?.body).toMatchObject({ response_type: 'ephemeral', replace_original: false, text: expect.stringContaining("can't decide") });
    expect(fake.of('conversations.invite')).toEqual([]);
    expect(fake.of('chat.update')).toEqual([]);
    expect((await e2e.db.knex('join_requests').where({ id }).first())?.state).toBe('pending');
  });

  it("invites the member once on the approver's click, even when the click comes twice", async () => {
    const id = await requestId(JANE);
    const card = cardFor(ADA);
    const click = blockAction(ADA, 'join.approve', id, { channel: card.channel, ts: card.ts });
    await send(e2e.slack.interact(click));
    expect(fake.of('conversations.invite')).toEqual([expect.objectContaining({ channel: 'C0SHIP', users: JANE.id })]);
    // The very same payload again (a retry), and a second real click.
    await send(e2e.slack.interact(click));
    const second = blockAction(ADA, 'join.approve', id, { channel: card.channel, ts: card.ts });
    await send(e2e.slack.interact(second));
    const moCard = cardFor(MO);
    await send(e2e.slack.interact(blockAction(MO, 'join.approve', id, { channel: moCard.channel, ts: moCard.ts })));
    expect(fake.of('conversations.invite')).toHaveLength(1);
    expect(fake.responses.find((r) => r.url === second['response_url'])?.body['text']).toContain('Already approved by <@U0ADA>');

    // Welcome in the group, word to the requester, every card updated in place.
    const posts = fake.of('chat.postMessage');
    expect(posts.find((p) => p['channel'] === 'C0SHIP')?.['text']).toContain(`Welcome <@${JANE.id}> to *ship-v2*`);
    expect(posts.find((p) => p['channel'] === JANE.id)?.['text']).toContain('You were added to *ship-v2*');
    const updates = fake.of('chat.update');
    expect(updates.map((u) => u['channel']).sort()).toEqual(['D0ADA', 'D0MO']);
    expect(JSON.stringify(cardFor(ADA).blocks)).toContain('Approved by <@U0ADA>');
    expect(JSON.stringify(cardFor(MO).blocks)).toContain('批准');
    expect(JSON.stringify(cardFor(MO).blocks)).not.toContain('join.approve"');
    const audit = await e2e.db.knex('audit_log').orderBy('id').pluck('action');
    expect(audit).toEqual(expect.arrayContaining(['group.register', 'role.grant', 'join.request', 'join.notify', 'join.approve', 'member.add']));
  });

  it('asks for a reason in a modal before denying, and tells the requester', async () => {
    await send(e2e.slack.command(as(CAROL, 'join ship-v2 我想参与测试')));
    const id = await requestId(CAROL);
    const card = cardFor(ADA);
    await send(e2e.slack.interact(blockAction(ADA, 'join.deny', id, { channel: card.channel, ts: card.ts })));
    const opened = fake.of('views.open').at(-1)!;
    const view = JSON.parse(String(opened['view'])) as { callback_id: string; private_metadata: string; title: { text: string } };
    expect(view.callback_id).toBe('join.deny');
    expect(view.title.text).toBe('Deny join request');

    const empty = await send(e2e.slack.interact(viewSubmission(ADA, view.private_metadata, '  ')));
    expect(await empty.json()).toEqual({ response_action: 'errors', errors: { reason: 'Give a reason; the requester will see it.' } });
    expect((await e2e.db.knex('join_requests').where({ id }).first())?.state).toBe('pending');

    const done = await send(e2e.slack.interact(viewSubmission(ADA, view.private_metadata, 'Testing is staffed until March')));
    expect(await done.text()).toBe('');
    expect((await e2e.db.knex('join_requests').where({ id }).first())).toMatchObject({ state: 'denied', decision_reason: 'Testing is staffed until March' });
    const told = fake.of('chat.postMessage').find((p) => p['channel'] === CAROL.id);
    expect(told?.['text']).toContain('Testing is staffed until March');
    expect(told?.['text']).toContain('拒绝');
    expect(fake.of('conversations.invite')).toHaveLength(1);
  });

  it('follows a channel rename once, however often Slack retries the event', async () => {
    const event = fixture('slack/event-channel-rename.json');
    await send(e2e.slack.event(event));
    await send(e2e.slack.event(event, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } }));
    expect((await e2e.db.knex('groups').first())?.channel_name).toBe('ship-v2-launch');
    expect(Number((await e2e.db.knex('audit_log').where({ action: 'group.channel.rename' }).count('* as n').first())?.['n'])).toBe(1);
  });

  it('answers clicks, submissions and events it does not know without changing anything', async () => {
    const card = cardFor(ADA);
    const before = fake.calls.filter((c) => c.method !== 'users.info').length;
    const unknown = blockAction(ADA, 'join.explode', await requestId(JANE), { channel: card.channel, ts: card.ts });
    await send(e2e.slack.interact(unknown));
    expect(fake.responses.find((r) => r.url === unknown['response_url'])?.body['text']).toContain("is not one Charter knows");
    const outside = blockAction(ADA, 'legacy_button', 'x', { channel: card.channel, ts: card.ts });
    await send(e2e.slack.interact(outside));
    expect(fake.responses.find((r) => r.url === outside['response_url'])).toBeUndefined();
    await send(e2e.slack.event({ ...fixture('slack/event-channel-rename.json'), event_id: 'Ev0OTHER', event: { type: 'reaction_added', user: ADA.id, reaction: 'tada' } }));
    const broken = await send(e2e.slack.interact(viewSubmission(ADA, 'not json', 'because')));
    expect(await broken.json()).toMatchObject({ response_action: 'update', view: { blocks: [{ text: { text: expect.stringContaining('This card is out of date') } }] } });
    const unknownRequest = await send(e2e.slack.interact(viewSubmission(ADA, JSON.stringify({ payload: { requestId: '00000000-0000-0000-0000-000000000000' } }), 'because')));
    expect(await unknownRequest.json()).toMatchObject({ response_action: 'update', view: { blocks: [{ text: { text: "I can't find this request any more." } }] } });
    expect(fake.calls.filter((c) => c.method !== 'users.info').length).toBe(before);
  });

  it('answers bad input in the user’s language with the usage, never a stack trace', async () => {
    const cmd = as(CAROL, '加入');
    await send(e2e.slack.command(cmd));
    expect(answered(cmd.response_url)).toEqual(['请说明要加入哪个群。\n用法：`/charter 加入 &lt;#群或群名&gt; &lt;理由…&gt;`（英文 `join`）']);
    const unknown = as(BOB, 'frobnicate');
    await send(e2e.slack.command(unknown));
    expect(answered(unknown.response_url)[0]).toContain("I don't know the command `frobnicate`");
    const later = as(BOB, 'report weekly');
    await send(e2e.slack.command(later));
    expect(answered(later.response_url)[0]).toContain('not available in this version yet');
    expect(e2e.charter.logs.text()).not.toMatch(/xoxb-e2e-token/);
  });
});
