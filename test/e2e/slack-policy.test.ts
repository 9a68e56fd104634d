// Group policy, tags and forms, broadcast mentions and announcement groups on
// Slack, end to end through the running server: a form opened as a modal from
// the command and from a reminder's button, field errors beside the fields
// (`response_action: errors`), one message posted with every field; rules acting
// on the message event with an ephemeral reminder, removal with the admin user
// token (`chat.delete`) and the fallback when Slack refuses.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems, modalProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { slackE2E } from '../support/e2e.js';
import { blockAction, eventFixture, formSubmission, type OpenedView, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', locale: 'zh-CN' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const LI: SlackUser = { id: 'U0LI', name: 'li', real_name: '李雷', locale: 'zh-CN' };
const CORE = 'C0CORE';
const NEWS = 'C0NEWS';
/** Tuesday 2026-11-24 11:00 in Shanghai: inside the default working window. */
const TUESDAY_11 = 1795489200;

describe.each(DATABASES)('Slack message policy ($name)', (target) => {
  // Forms check quiet hours against the time they are sent: the day is fixed, the clock runs.
  const clock = new RunningClock(new Date(TUESDAY_11 * 1000));
  const e2e = slackE2E(target, {
    users: [ADA, MO, BOB, LI],
    channels: { [CORE]: { name: 'core-team', members: [ADA, MO, BOB, LI] }, [NEWS]: { name: 'news', members: [ADA, MO, BOB, LI] } },
    channel: CORE,
    env: { SLACK_ADMIN_USER_TOKEN: 'xoxp-e2e-admin-token', CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    clock,
  });
  const { fake, run } = e2e;
  let events = 0;
  let ts = TUESDAY_11;

  /** A person's message in a channel, as the Events API delivers it. */
  async function say(user: SlackUser, channel: string, text: string): Promise<string> {
    events += 1;
    ts += 60;
    const id = `${ts}.000${events}`;
    const r = await e2e.slack.event(eventFixture('message-channels', { user: user.id, channel, text, ts: id, event_ts: id, client_msg_id: `c-${events}`, blocks: undefined }, { event_id: `Ev0POL${events}`, event_time: ts }));
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    return id;
  }
  const lastView = () => JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
  const ephemerals = (user: SlackUser) =>
    fake.of('chat.postEphemeral').filter((b) => b['user'] === user.id).map((b) => ({ channel: b['channel'], text: String(b['text']), blocks: JSON.parse(String(b['blocks'] ?? '[]')) as KnownBlock[] }));
  const buttonsOf = (blocks: KnownBlock[]) => blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string; value: string; text: { text: string } }[]) : []));
  const audit = (action: string) => e2e.db.knex('audit_log').where({ action }).orderBy([{ column: 'occurred_at' }, { column: 'id' }]).select('outcome', 'details', 'target_id');

  beforeAll(async () => {
    await run(ADA, 'group register core The core team');
    await run(ADA, `role grant <@${MO.id}|mo> moderator keeps order`);
    await run(ADA, 'group register announcement Company news', NEWS);
  });

  describe('policy', () => {
    it('is set by admins in either language, refused to members, shown with where each value comes from', async () => {
      expect(await run(ADA, 'policy set quiet_hours.timezone Asia/Shanghai')).toEqual([expect.stringContaining('`Asia/Shanghai`')]);
      expect(await run(LI, '规则 设置 quiet_hours.window 07:00-23:00')).toEqual([expect.stringContaining('只有')]);
      expect(await run(BOB, 'policy set tags.required all')).toEqual([expect.stringContaining('owners')]);
      expect(await run(ADA, 'policy set quiet_hours.window 8am-late')).toEqual([expect.stringContaining('08:00-22:00')]);
      const shown = await run(MO, '规则 查看');
      expect(shown).toHaveLength(1);
      const policy = fake.responses.at(-1)!.body as { blocks: KnownBlock[] };
      expect(blockKitProblems(policy.blocks)).toEqual([]);
      const all = JSON.stringify(policy.blocks);
      expect(all).toContain('quiet_hours.timezone');
      expect(all).toContain('Asia/Shanghai');
      expect(all).toContain('tags.required');
      expect((await audit('policy.set')).map((a) => a.outcome)).toEqual(['ok', 'refused', 'refused']);
    });
  });

  describe('forms', () => {
    it('opens a tag’s form as a modal, shows a missing field beside it, and posts one message with every field', async () => {
      expect(await run(BOB, 'post meeting')).toEqual([]);
      const view = lastView();
      expect(modalProblems(view as never)).toEqual([]);
      expect(view.callback_id).toBe('post.submit');
      expect(view.title.text).toBe('Post [Meeting]');
      const pickers = Object.fromEntries(view.blocks.filter((b) => b.type === 'input').map((b) => [b.block_id, b.element?.type]));
      expect(pickers).toEqual({
        topic: 'plain_text_input',
        date: 'datepicker',
        time: 'timepicker',
        place: 'plain_text_input',
        agenda: 'plain_text_input',
        owner: 'users_select',
        send_date: 'datepicker',
        send_time: 'timepicker',
      });
      expect(view.blocks.find((b) => b.block_id === 'time')?.element?.timezone).toBe('Asia/Shanghai');

      const missing = await e2e.slack.interact(formSubmission(BOB, view, { topic: 'Launch review', date: '2026-11-26', time: '15:00', place: 'Room 3', agenda: '  ' }));
      await e2e.charter.settle();
      expect(await missing.json()).toEqual({ response_action: 'errors', errors: { agenda: 'Fill this in.', owner: 'Fill this in.' } });
      const postsBefore = fake.of('chat.postMessage').filter((p) => p['channel'] === CORE).length;
      expect(postsBefore).toBe(0);

      const done = await e2e.slack.interact(formSubmission(BOB, view, { topic: 'Launch review', date: '2026-11-26', time: '15:00', place: 'Room 3', agenda: '1. status\n2. risks', owner: ADA.id }));
      await e2e.charter.settle();
      expect(await done.json()).toMatchObject({ response_action: 'update', view: { blocks: [{ text: { text: 'Posted to *core-team*.' } }] } });
      const posted = fake.of('chat.postMessage').filter((p) => p['channel'] === CORE);
      expect(posted).toHaveLength(1);
      const blocks = JSON.parse(String(posted[0]!['blocks'])) as KnownBlock[];
      expect(blockKitProblems(blocks)).toEqual([]);
      const shown = JSON.stringify(blocks);
      for (const part of ['[Meeting]', 'Launch review', '2026-11-26 (Asia/Shanghai)', '15:00 (Asia/Shanghai)', 'Room 3', '1. status\\n2. risks', `<@${ADA.id}>`, `<@${BOB.id}>`]) expect(shown).toContain(part);
      expect((await audit('post.publish')).map((a) => a.details)).toEqual([{ tag: 'meeting' }]);

      // The same form sent again (a double click, a resent request) posts nothing more.
      const again = await e2e.slack.interact(formSubmission(BOB, view, { topic: 'Launch review', date: '2026-11-26', time: '15:00', place: 'Room 3', agenda: '1. status\n2. risks', owner: ADA.id }));
      await e2e.charter.settle();
      expect(await again.json()).toMatchObject({ response_action: 'update', view: { blocks: [{ text: { text: 'This form was sent already.' } }] } });
      expect(fake.of('chat.postMessage').filter((p) => p['channel'] === CORE)).toHaveLength(1);
      // Nothing of what was posted is kept.
      expect(JSON.stringify(await e2e.db.knex('scheduled_posts').select('fields'))).not.toContain('Launch');
    });

    it('speaks Chinese to a Chinese user, with the tag written in Chinese', async () => {
      expect(await run(LI, '发布 汇报')).toEqual([]);
      const view = lastView();
      expect(view.title.text).toBe('发布【汇报】');
      const labels = view.blocks.filter((b) => b.type === 'input').map((b) => b.label?.text);
      expect(labels.slice(0, 4)).toEqual(['已完成', '下一步', '阻碍', '负责人']);
      const r = await e2e.slack.interact(formSubmission(LI, view, { done: '接口联调', next: '', owner: null }));
      expect(await r.json()).toEqual({ response_action: 'errors', errors: { next: '请填写此项。', owner: '请填写此项。' } });
    });

    it('names the next allowed time beside the send date when a form is sent in quiet hours', async () => {
      clock.set('2026-11-24T15:30:00Z'); // Tuesday 23:30 in Shanghai
      try {
        expect(await run(BOB, 'post report')).toEqual([]);
        const view = lastView();
        const r = await e2e.slack.interact(formSubmission(BOB, view, { done: 'migration', next: 'review', owner: BOB.id }));
        const body = (await r.json()) as { response_action: string; errors: Record<string, string> };
        expect(body.response_action).toBe('errors');
        expect(body.errors['send_date']).toContain('2026-11-25 08:00');
        expect(fake.of('chat.postMessage').filter((p) => String(p['blocks'] ?? '').includes('migration'))).toEqual([]);
      } finally {
        clock.set(new Date(TUESDAY_11 * 1000));
      }
    });

    it('schedules a post, lists it for its author, and cancels it from the list', async () => {
      expect(await run(BOB, 'post report')).toEqual([]);
      const view = lastView();
      const r = await e2e.slack.interact(formSubmission(BOB, view, { done: 'the audit', next: 'sign-off', owner: BOB.id, send_date: '2026-11-26', send_time: '09:30' }));
      await e2e.charter.settle();
      expect(await r.json()).toMatchObject({ response_action: 'update', view: { blocks: [{ text: { text: expect.stringContaining('Scheduled for *core-team*') } }] } });
      const pending = await e2e.db.knex('scheduled_posts').where({ state: 'pending' }).select('id', 'send_at');
      expect(pending).toHaveLength(1);
      expect(new Date(pending[0].send_at as string).toISOString()).toBe('2026-11-26T01:30:00.000Z');

      await run(BOB, 'post scheduled');
      const list = fake.responses.at(-1)!.body as { blocks: KnownBlock[] };
      expect(blockKitProblems(list.blocks)).toEqual([]);
      expect(JSON.stringify(list.blocks)).toContain('core-team');
      const [cancel] = buttonsOf(list.blocks);
      expect(cancel?.text.text).toContain('Cancel');
      // Someone else's click on the author's button cancels nothing.
      const forgedClick = blockAction(MO, cancel!.action_id, cancel!.value, { channel: CORE, ts: '2.1' });
      expect((await e2e.slack.interact(forgedClick)).status).toBe(200);
      await e2e.charter.settle();
      expect(JSON.stringify(fake.responses.filter((x) => x.url === forgedClick['response_url']).map((x) => x.body))).toContain('只有作者可以取消定时消息。'); // Mo reads Chinese
      expect(await e2e.db.knex('scheduled_posts').where({ id: pending[0].id }).first('state')).toEqual({ state: 'pending' });
      const click = await e2e.slack.interact(blockAction(BOB, cancel!.action_id, cancel!.value, { channel: CORE, ts: '2.1' }));
      expect(click.status).toBe(200);
      await e2e.charter.settle();
      expect(await e2e.db.knex('scheduled_posts').where({ id: pending[0].id }).first('state', 'fields')).toEqual({ state: 'cancelled', fields: {} });
      expect(JSON.stringify(fake.responses.slice(-2).map((x) => x.body))).toContain('cancelled');
    });

    it('refuses a form where the group says no, and a submission forged for a group the person cannot post in', async () => {
      expect(await run(BOB, 'post notice', NEWS)).toEqual([expect.stringContaining('Only the admins of *news* post there.')]);
      const view = lastView();
      const news = (await e2e.db.knex('groups').where({ channel_id: NEWS }).first('id')) as { id: string };
      const forged = { ...view, private_metadata: JSON.stringify({ payload: { groupId: news.id, tag: 'report' } }) };
      const before = fake.of('chat.postMessage').length;
      const r = await e2e.slack.interact(formSubmission(BOB, forged, { done: 'x', next: 'y', owner: BOB.id }));
      expect(await r.json()).toMatchObject({ response_action: 'update', view: { blocks: [{ text: { text: expect.stringContaining('Only the admins of *news* post there.') } }] } });
      expect(fake.of('chat.postMessage').length).toBe(before);
    });
  });

  describe('rules on the message event', () => {
    it('reminds a member who mentions everyone without a tag, privately, with buttons that open the forms', async () => {
      await say(BOB, CORE, '<!channel> please review the plan');
      const [reminder] = ephemerals(BOB);
      expect(reminder?.channel).toBe(CORE);
      expect(blockKitProblems(reminder!.blocks)).toEqual([]);
      const said = JSON.stringify(reminder!.blocks);
      expect(said).toContain('A message for everyone starts with a tag');
      expect(said).toContain('Only admins mention everyone');
      expect(said).toContain('Your message stays');
      const buttons = buttonsOf(reminder!.blocks);
      expect(buttons.map((b) => b.text.text)).toEqual(['Leave', 'Approval', 'Urgent-Bug', 'Report', 'Meeting']);
      expect(new Set(buttons.map((b) => b.action_id)).size).toBe(buttons.length);
      expect(fake.deleted).toEqual([]);

      // A button of the ephemeral reminder opens that tag's form.
      const meeting = buttons.find((b) => b.text.text === 'Meeting')!;
      const click = blockAction(BOB, meeting.action_id, meeting.value, { channel: CORE, ts: '1.1' });
      await e2e.slack.interact({ ...click, container: { type: 'message', message_ts: '1.1', channel_id: CORE, is_ephemeral: true } });
      await e2e.charter.settle();
      expect(lastView()).toMatchObject({ callback_id: 'post.submit', title: { text: 'Post [Meeting]' } });

      const entries = await audit('message.policy');
      expect(entries.at(-1)).toMatchObject({ outcome: 'ok', details: { rules: ['tags', 'broadcast'], removed: false } });
      expect(JSON.stringify(entries)).not.toContain('please review the plan');
    });

    it('lets admins address everyone, and takes a tagged notice from them', async () => {
      const before = fake.of('chat.postEphemeral').length;
      await say(MO, CORE, '【通知】 <!here> 周五停电');
      expect(fake.of('chat.postEphemeral').length).toBe(before);
    });

    it('removes with the admin user token when the policy says remove, and audits the rule, not the text', async () => {
      await run(ADA, 'policy set broadcast.action strict');
      const id = await say(BOB, CORE, '[Report] <!everyone> lunch is here');
      const del = fake.calls.filter((c) => c.method === 'chat.delete').at(-1);
      expect(del).toMatchObject({ token: 'xoxp-e2e-admin-token', body: { channel: CORE, ts: id } });
      expect(fake.deleted).toContain(`${CORE}/${id}`);
      expect(JSON.stringify(ephemerals(BOB).at(-1)?.blocks)).toContain('Your message was removed.');
      expect(buttonsOf(ephemerals(BOB).at(-1)!.blocks)).toEqual([]);
      expect((await audit('message.policy')).at(-1)).toMatchObject({ outcome: 'ok', target_id: id, details: { rules: ['broadcast'], tag: 'report', removed: true } });
      expect(JSON.stringify(await audit('message.policy'))).not.toContain('lunch');
    });

    it('falls back when Slack refuses to delete: the author is told, the moderators alerted, the audit says so', async () => {
      fake.failNext.set('chat.delete', 'cant_delete_message');
      const id = await say(BOB, CORE, '[Report] <!channel> again');
      expect(JSON.stringify(ephemerals(BOB).at(-1)?.blocks)).toContain('moderators were told');
      const alert = fake.of('chat.postMessage').filter((p) => p['channel'] === MO.id).at(-1);
      expect(String(alert?.['text'])).toContain('无法');
      expect(String(alert?.['text'])).toContain(`<@${BOB.id}>`);
      expect((await audit('message.policy')).at(-1)).toMatchObject({ outcome: 'fallback', target_id: id, details: { removed: false, alerted: true } });
      await run(ADA, 'policy set broadcast.action default');
    });

    it('removes a member’s post in an announcement group, and leaves the admins’ posts', async () => {
      const id = await say(BOB, NEWS, 'is the canteen open?');
      expect(fake.deleted).toContain(`${NEWS}/${id}`);
      expect(JSON.stringify(ephemerals(BOB).at(-1)?.blocks)).toContain('Only the admins post in this group.');
      const mine = await say(ADA, NEWS, '[Notice] The canteen opens at 11:30');
      expect(fake.deleted).not.toContain(`${NEWS}/${mine}`);
    });

    it('leaves a retried event at one reminder', async () => {
      const before = ephemerals(BOB).length;
      const body = eventFixture('message-channels', { user: BOB.id, channel: CORE, text: '@all stand-up now', ts: `${TUESDAY_11 + 5000}.000900`, blocks: undefined }, { event_id: 'Ev0POLRETRY' });
      await e2e.slack.event(body);
      await e2e.slack.event(body, { headers: { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' } });
      await e2e.charter.settle();
      expect(ephemerals(BOB).length).toBe(before + 1);
    });
  });
});
