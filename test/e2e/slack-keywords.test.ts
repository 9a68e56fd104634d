// Keyword lists and sensitive data on Slack, end to end through the running
// server: spam written to dodge the list is removed with the admin user token,
// its author told in an ephemeral message, the moderators alerted once on a card
// in their DMs (a retried event changes nothing); a moderator's click updates every
// copy; an ID number is removed and appears nowhere in the database or the log.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/cards.js';
import { DATABASES } from '../support/db.js';
import { dumpAllTables, residentId } from '../support/dlp.js';
import { slackE2E } from '../support/e2e.js';
import { blockAction, eventFixture, formSubmission, type OpenedView, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', locale: 'zh-CN' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const TEAM = 'C0TEAM';

const ID = residentId('44030419851231002');

describe.each(DATABASES)('Slack keywords and sensitive data ($name)', (target) => {
  const e2e = slackE2E(target, {
    users: [ADA, MO, BOB],
    channels: { [TEAM]: { name: 'launch', members: [ADA, MO, BOB] } },
    channel: TEAM,
    env: { SLACK_ADMIN_USER_TOKEN: 'xoxp-e2e-admin-token', CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
  });
  const { fake, run } = e2e;
  let events = 0;
  let ts = 1795489200;

  function messageEvent(user: SlackUser, text: string): Record<string, unknown> {
    events += 1;
    ts += 60;
    const id = `${ts}.000${events}`;
    return eventFixture('message-channels', { user: user.id, channel: TEAM, text, ts: id, event_ts: id, client_msg_id: `k-${events}`, blocks: undefined }, { event_id: `Ev0KW${events}`, event_time: ts });
  }
  async function deliver(payload: Record<string, unknown>, retry?: number): Promise<void> {
    const r = await e2e.slack.event(payload, retry === undefined ? {} : { headers: { 'x-slack-retry-num': String(retry), 'x-slack-retry-reason': 'http_timeout' } });
    expect(r.status).toBe(200);
    await e2e.charter.settle();
  }
  const idOf = (payload: Record<string, unknown>) => String((payload['event'] as { ts: string }).ts);
  const dmCards = (user: SlackUser) => fake.posts.filter((p) => p.channel === `D${user.id.slice(1)}` && JSON.stringify(p.blocks).includes('keywords.'));
  const ephemerals = (user: SlackUser) => fake.of('chat.postEphemeral').filter((b) => b['user'] === user.id).map((b) => String(b['text']));
  const buttonsOf = (blocks: unknown[]) => (blocks as KnownBlock[]).flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string; value: string; text: { text: string } }[]) : []));

  beforeAll(async () => {
    await run(ADA, 'group register project The launch team');
    await run(ADA, `role grant <@${MO.id}|mo> moderator keeps order`);
  });

  it('removes spam with the admin token, tells the author, alerts each moderator once, and a click updates every copy', async () => {
    const spam = messageEvent(BOB, '兼职日结 加 微 信 领取红包');
    await deliver(spam);
    await deliver(spam, 1);
    expect(fake.calls.filter((c) => c.method === 'chat.delete')).toEqual([expect.objectContaining({ token: 'xoxp-e2e-admin-token', body: expect.objectContaining({ channel: TEAM, ts: idOf(spam) }) })]);
    expect(ephemerals(BOB)).toEqual([expect.stringContaining('was removed')]);
    const [adaCard] = dmCards(ADA);
    const [moCard] = dmCards(MO);
    expect(dmCards(ADA)).toHaveLength(1);
    expect(dmCards(MO)).toHaveLength(1);
    expect(blockKitProblems(moCard!.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(moCard!.blocks)).toContain('可疑消息'); // Mo reads Chinese
    expect(JSON.stringify(adaCard!.blocks)).toContain('Ads and spam');

    // Bob cannot clear his own alert; Mo dismisses it, and Ada's copy says so.
    const dismiss = buttonsOf(moCard!.blocks).find((b) => b.text.text.includes('忽略（误报）'))!;
    const forged = blockAction(BOB, dismiss.action_id, dismiss.value, { channel: `D${BOB.id.slice(1)}`, ts: '9.9' });
    await e2e.slack.interact(forged);
    await e2e.charter.settle();
    expect(JSON.stringify(fake.responses.filter((x) => x.url === forged['response_url']))).toContain('Only the group');
    await e2e.slack.interact(blockAction(MO, dismiss.action_id, dismiss.value, { channel: moCard!.channel, ts: moCard!.ts }));
    await e2e.charter.settle();
    const updated = fake.messages.get(`${adaCard!.channel}/${adaCard!.ts}`);
    expect(JSON.stringify(updated?.blocks)).toContain('Dismissed by');
    expect(buttonsOf(updated?.blocks ?? [])).toEqual([]);
    expect(await e2e.db.knex('message_findings').where({ dismissed: true }).select('rule')).toEqual([{ rule: 'spam' }]);
  });

  it('lets the super admin add a keyword in Chinese, and refuses a member', async () => {
    expect(await run(BOB, 'keyword add spam 代购')).toEqual([expect.stringContaining('Only super admins')]);
    expect(await run(ADA, '关键词 添加 spam 代购')).toEqual([expect.stringContaining('代购')]);
    const before = fake.calls.filter((c) => c.method === 'chat.delete').length;
    await deliver(messageEvent(BOB, '专业代购'));
    expect(fake.calls.filter((c) => c.method === 'chat.delete')).toHaveLength(before + 1);
  });

  it('imports a CSV file uploaded in the modal, reads it from files.slack.com only, and reports rejected lines', async () => {
    const lines = Array.from({ length: 10_000 }, (_, i) => `推广词${i}`);
    fake.uploads.set('F0CSV', { name: 'spam.csv', content: `pattern,kind\n${lines.join('\n')}\n(?=x)y,regex\nbad,unknown\n` });
    expect(await run(BOB, 'keyword import spam')).toEqual([expect.stringContaining('Only super admins')]);
    expect(await run(ADA, 'keyword import spam')).toEqual([]);
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    expect(view.blocks.find((b) => b.block_id === 'csv')?.element?.type).toBe('file_input');
    // Bob submits the modal he could not open: refused before the file is even looked up.
    const forged = await e2e.slack.interact(formSubmission(BOB, view, { csv: 'F0CSV' }));
    expect(JSON.stringify(await forged.json())).toContain('Only super admins');
    expect(fake.of('files.info')).toEqual([]);
    const r = await e2e.slack.interact(formSubmission(ADA, view, { csv: 'F0CSV' }));
    // Answered at once (Slack allows three seconds); the report follows in a DM.
    expect(JSON.stringify(await r.json())).toContain('Importing 10000 entries');
    await e2e.charter.settle();
    const report = fake.posts.filter((p) => p.channel === 'D0ADA').at(-1);
    expect(JSON.stringify(fake.messages.get(`${report!.channel}/${report!.ts}`))).toContain('10000 new');
    expect(JSON.stringify(fake.messages.get(`${report!.channel}/${report!.ts}`))).toContain('2 rejected');
    expect(Number((await e2e.db.knex('keyword_entries').count({ n: '*' }).first())?.['n'])).toBeGreaterThan(10_000);
    // A file Slack says lives elsewhere is not fetched.
    fake.uploads.set('F0EVIL', { name: 'x.csv', content: 'evil', url: 'https://evil.example.net/files-pri/x.csv' });
    const evil = await e2e.slack.interact(formSubmission(ADA, view, { csv: 'F0EVIL' }));
    expect(await evil.json()).toMatchObject({ response_action: 'errors' });
    // The imported list acts on the next message.
    const before = fake.calls.filter((c) => c.method === 'chat.delete').length;
    await deliver(messageEvent(BOB, '今日推广词9999请看'));
    expect(fake.calls.filter((c) => c.method === 'chat.delete')).toHaveLength(before + 1);
  });

  it('removes an ID number; the raw number is nowhere in the database or the log', async () => {
    const msg = messageEvent(BOB, `请帮我报销，身份证 ${ID}`);
    await deliver(msg);
    expect(fake.deleted).toContain(`${TEAM}/${idOf(msg)}`);
    expect(ephemerals(BOB).at(-1)).toContain('company drive');
    const all = await dumpAllTables(e2e.db);
    expect(all).toContain(`${ID.slice(0, 4)}**********${ID.slice(-4)}`);
    expect(all).not.toContain(ID.slice(4, 14));
    expect(e2e.charter.logs.text()).not.toContain(ID.slice(4, 14));
  });
});
