// Group policy, tags and forms, broadcast mentions and announcement groups on
// Teams, end to end through the running server (emulator mode, the connector on
// loopback): `post <tag>` answers with a card whose button opens a dialog (task
// module); the dialog's form comes back with the error under the field; the
// complete form posts one card into the channel. Rules act on channel messages
// delivered with RSC: the reminder goes to the author's 1:1 chat, and since a
// Teams bot cannot remove other people's messages, removal falls back to
// alerting the moderators — said in the reminder and in the audit log.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { teamsE2E } from '../support/e2e.js';
import { CHANNEL, personalChat, TEAM, TENANT, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };
const LI: TeamsUser = { id: '29:1li', name: '李雷', aadObjectId: 'aad-li-0000-0000-0000-000000000006' };
const NEWS = '19:news@thread.tacv2';

type Json = Record<string, unknown>;
interface DialogAnswer {
  task: { type: 'continue'; value: { title: string; card: { content: Json } } } | { type: 'message'; value: string };
}

/** Every element of a card, depth first. */
function elements(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) elements(v, out);
  else if (value !== null && typeof value === 'object') {
    const o = value as Json;
    if (typeof o['type'] === 'string') out.push(o);
    for (const v of Object.values(o)) elements(v, out);
  }
  return out;
}
const submits = (card: Json) => elements(card).filter((e) => e['type'] === 'Action.Submit') as { title: string; data: Json }[];

describe.each(DATABASES)('Teams message policy ($name)', (target) => {
  // Tuesday 2026-11-24 11:00 in Shanghai: scheduled times are in the future; the clock runs.
  const clock = new RunningClock('2026-11-24T03:00:00Z');
  const e2e = teamsE2E(target, {
    channel: [ADA, MO, BOB, LI],
    arrange: (connector) => {
      connector.channels.get(TEAM)?.push({ id: NEWS, name: 'news' });
      connector.join(NEWS, ADA, MO, BOB, LI);
    },
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
    clock,
  });
  const { connector, send } = e2e;

  /** A command mentioning Charter in a channel; the reply Charter posted in its thread. */
  async function command(user: TeamsUser, text: string, channel = CHANNEL, locale = 'en-US', mentions: TeamsUser[] = []): Promise<Json> {
    const activity = e2e.teams.channelMessage(user, text, mentions, locale);
    const id = String(activity['id']);
    const r = await send({ ...activity, conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${channel};messageid=${id}` }, channelData: { ...(activity['channelData'] as Json), teamsChannelId: channel, channel: { id: channel } } });
    expect(r.status).toBe(200);
    return connector.sent(`${channel};messageid=${id}`).at(-1) ?? {};
  }
  async function dialog(user: TeamsUser, name: 'task/fetch' | 'task/submit', data: Json, locale = 'en-US'): Promise<DialogAnswer> {
    const r = await send(e2e.teams.dialog(user, name, data, `${CHANNEL};messageid=1`, locale));
    expect(r.status).toBe(200);
    return (await r.json()) as DialogAnswer;
  }
  const cardOf = (activity: Json) => ((activity['attachments'] as { content: Json }[] | undefined)?.[0]?.content ?? {}) as Json;
  const reminders = (user: TeamsUser) => connector.sent(personalChat(user)).map(cardOf).filter((c) => JSON.stringify(c).includes('About your message'));
  const channelPosts = (channel: string) => connector.calls.filter((c) => c.method === 'POST' && c.conversation.split(';')[0] === channel).map((c) => c.body);
  const audit = (action: string) => e2e.db.knex('audit_log').where({ action }).orderBy([{ column: 'occurred_at' }, { column: 'id' }]).select('outcome', 'details', 'target_id');

  beforeAll(async () => {
    for (const u of [ADA, MO, BOB, LI]) await send(e2e.teams.personalMessage(u, 'help', u === MO || u === LI ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register core The core team');
    expect(JSON.stringify(await command(ADA, `role grant <at>${MO.name}</at> moderator keeps order`, CHANNEL, 'en-US', [MO]))).toContain('is now moderator of **ship-v2**');
    await command(ADA, 'group register announcement Company news', NEWS);
    await command(ADA, 'policy set quiet_hours.enabled off');
  });

  describe('policy', () => {
    it('is set by admins in either language and refused to members, in their language', async () => {
      expect(JSON.stringify(await command(ADA, 'policy set tags.required all'))).toContain('`all`');
      expect(JSON.stringify(await command(LI, '规则 设置 tags.required off', CHANNEL, 'zh-CN'))).toContain('只有');
      const shown = await command(MO, '规则 查看', CHANNEL, 'zh-CN');
      const card = cardOf(shown);
      expect(adaptiveProblems(card)).toEqual([]);
      expect(JSON.stringify(card)).toContain('tags.required');
      expect(JSON.stringify(card)).toContain('本群');
      expect((await audit('policy.set')).map((a) => [a.outcome, a.details])).toEqual([
        ['ok', { scope: 'group', old: null, new: 'off' }],
        ['ok', { scope: 'group', old: null, new: 'all' }],
        ['refused', { scope: 'group' }],
      ]);
      await command(ADA, 'policy set tags.required default');
    });
  });

  describe('forms in a dialog', () => {
    it('opens from the command’s card, shows a missing field under it, and posts one card with every field', async () => {
      const launcher = cardOf(await command(BOB, 'post meeting'));
      expect(adaptiveProblems(launcher)).toEqual([]);
      const [open] = submits(launcher);
      expect(open?.data).toMatchObject({ msteams: { type: 'task/fetch' }, charter: { action: 'post.open', payload: { tag: 'meeting' } } });

      const fetched = await dialog(BOB, 'task/fetch', open!.data);
      expect(fetched.task.type).toBe('continue');
      const form = (fetched.task as { value: { title: string; card: { content: Json } } }).value;
      expect(form.title).toBe('Post [Meeting]');
      expect(adaptiveProblems(form.card.content)).toEqual([]);
      const inputs = elements(form.card.content).filter((e) => String(e['type']).startsWith('Input.'));
      expect(inputs.map((e) => [e['id'], e['type']])).toEqual([
        ['topic', 'Input.Text'],
        ['date', 'Input.Date'],
        ['time', 'Input.Time'],
        ['place', 'Input.Text'],
        ['agenda', 'Input.Text'],
        ['owner', 'Input.ChoiceSet'],
        ['send_date', 'Input.Date'],
        ['send_time', 'Input.Time'],
      ]);
      const owner = inputs.find((e) => e['id'] === 'owner')!;
      expect(owner['choices.data']).toEqual({ type: 'Data.Query', dataset: 'graph.microsoft.com/users' });
      expect((owner['choices'] as { value: string }[]).map((c) => c.value)).toEqual(expect.arrayContaining([BOB.id, ADA.id]));
      const [submit] = submits(form.card.content);
      expect(submit?.data).toMatchObject({ charter: { action: 'post.submit' } });
      expect(submit?.data['msteams']).toBeUndefined();

      // Teams merges the inputs beside the action's data; the agenda is missing, the time malformed.
      const filled = { topic: 'Launch review', date: '2026-11-26', time: '25:00', place: 'Room 3', agenda: '', owner: ADA.id };
      const again = await dialog(BOB, 'task/submit', { ...submit!.data, ...filled });
      expect(again.task.type).toBe('continue');
      const redrawn = (again.task as { value: { card: { content: Json } } }).value.card.content;
      expect(adaptiveProblems(redrawn)).toEqual([]);
      const body = elements(redrawn);
      const after = (id: string) => body[body.findIndex((e) => e['id'] === id) + 1];
      expect(after('agenda')).toMatchObject({ type: 'TextBlock', text: 'Fill this in.', color: 'Attention' });
      expect(after('time')).toMatchObject({ type: 'TextBlock', text: 'Pick a time (HH:MM).', color: 'Attention' });
      expect(body.find((e) => e['id'] === 'topic')?.['value']).toBe('Launch review');
      expect(channelPosts(CHANNEL).filter((b) => JSON.stringify(b).includes('Launch review'))).toEqual([]);

      const [resubmit] = submits(redrawn);
      // The owner picked from the organisation's directory: Teams' people picker answers with the Entra object id.
      const done = await dialog(BOB, 'task/submit', { ...resubmit!.data, ...filled, time: '15:00', agenda: '1. status\n2. risks', owner: ADA.aadObjectId });
      expect(done).toEqual({ task: { type: 'message', value: 'Posted to ship-v2.' } });
      const posted = channelPosts(CHANNEL).filter((b) => JSON.stringify(b).includes('Launch review'));
      expect(posted).toHaveLength(1);
      const card = cardOf(posted[0]!);
      expect(adaptiveProblems(card)).toEqual([]);
      const shown = JSON.stringify(card);
      // No zone set for the group: dates are read on the author's clock, which their Teams client reports.
      expect(await e2e.db.knex('people').where({ address: BOB.id }).first('timezone')).toEqual({ timezone: 'Asia/Shanghai' });
      for (const part of ['[Meeting]', 'Launch review', '2026-11-26 (Asia/Shanghai)', '15:00 (Asia/Shanghai)', 'Room 3', '1. status', `<at>${ADA.name}</at>`, `<at>${BOB.name}</at>`]) expect(shown).toContain(part);
      expect((card['msteams'] as { entities: { mentioned: { id: string } }[] }).entities.map((e) => e.mentioned.id)).toEqual(expect.arrayContaining([ADA.id, BOB.id]));

      // The same dialog sent twice (a double click) posts once.
      const twice = await dialog(BOB, 'task/submit', { ...resubmit!.data, ...filled, time: '15:00', agenda: '1. status\n2. risks' });
      expect(twice).toEqual({ task: { type: 'message', value: 'This form was sent already.' } });
      expect(channelPosts(CHANNEL).filter((b) => JSON.stringify(b).includes('Launch review'))).toHaveLength(1);
    });

    it('speaks Chinese in a Chinese client, with the tag written in Chinese', async () => {
      const [open] = submits(cardOf(await command(LI, '发布 汇报', CHANNEL, 'zh-CN')));
      const fetched = await dialog(LI, 'task/fetch', open!.data, 'zh-CN');
      const form = (fetched.task as { value: { title: string; card: { content: Json } } }).value;
      expect(form.title).toBe('发布【汇报】');
      const [submit] = submits(form.card.content);
      const again = await dialog(LI, 'task/submit', { ...submit!.data, done: '接口联调', next: '', owner: '' }, 'zh-CN');
      const body = elements((again.task as { value: { card: { content: Json } } }).value.card.content);
      expect(body[body.findIndex((e) => e['id'] === 'next') + 1]).toMatchObject({ text: '请填写此项。', color: 'Attention' });
    });

    it('schedules a post from the dialog, lists it in the 1:1 chat, and lets only its author cancel it', async () => {
      const [open] = submits(cardOf(await command(BOB, 'post report')));
      const form = (await dialog(BOB, 'task/fetch', open!.data)).task as { value: { card: { content: Json } } };
      const [submit] = submits(form.value.card.content);
      const done = await dialog(BOB, 'task/submit', { ...submit!.data, done: 'the audit', next: 'sign-off', owner: BOB.id, send_date: '2026-11-26', send_time: '09:30' });
      expect(done.task).toMatchObject({ type: 'message', value: expect.stringContaining('Scheduled for ship-v2') });
      const row = (await e2e.db.knex('scheduled_posts').where({ state: 'pending' }).first('id', 'send_at')) as { id: string; send_at: Date };
      expect(new Date(row.send_at).toISOString()).toBe('2026-11-26T01:30:00.000Z'); // 09:30 on Bob's clock (Asia/Shanghai)

      await send(e2e.teams.personalMessage(BOB, 'post scheduled'));
      const list = cardOf(connector.sent(personalChat(BOB)).at(-1)!);
      expect(adaptiveProblems(list)).toEqual([]);
      expect(JSON.stringify(list)).toContain('ship-v2');
      const cancel = elements(list).find((e) => e['type'] === 'Action.Execute' && JSON.stringify(e).includes('post.cancel')) as { verb: string; data: Json } | undefined;
      expect(cancel).toBeDefined();
      const where = { conversation: personalChat(BOB), activityId: 'list-1' };
      const refused = await send({ ...e2e.teams.invoke(MO, cancel!.verb, cancel!.data, where), locale: 'zh-CN' });
      expect(refused.status).toBe(200);
      expect(JSON.stringify(await refused.json())).toContain('只有作者可以取消定时消息。');
      expect(await e2e.db.knex('scheduled_posts').where({ id: row.id }).first('state')).toEqual({ state: 'pending' });
      const cancelled = await send(e2e.teams.invoke(BOB, cancel!.verb, cancel!.data, where));
      expect(cancelled.status).toBe(200);
      expect(JSON.stringify(await cancelled.json())).toContain('cancelled');
      expect(await e2e.db.knex('scheduled_posts').where({ id: row.id }).first('state', 'fields')).toEqual({ state: 'cancelled', fields: {} });
    });

    it('refuses a dialog forged for a group the person cannot post in, and one without Charter’s data', async () => {
      const news = (await e2e.db.knex('groups').where({ channel_id: NEWS }).first('id')) as { id: string };
      const forged = await dialog(BOB, 'task/submit', { charter: { action: 'post.submit', payload: { groupId: news.id, tag: 'report' } }, done: 'x', next: 'y', owner: BOB.id });
      expect(forged).toEqual({ task: { type: 'message', value: 'Only the admins of news post there.' } });
      expect(await dialog(BOB, 'task/fetch', { msteams: { type: 'task/fetch' } })).toMatchObject({ task: { type: 'message' } });
      expect(channelPosts(NEWS).filter((b) => JSON.stringify(b).includes('"x"'))).toEqual([]);
    });
  });

  describe('rules on channel messages', () => {
    it('reminds a member who mentions the channel, in the 1:1 chat, with buttons that open the forms as dialogs', async () => {
      await send(e2e.teams.channelPost(BOB, '<at>ship-v2</at> please review the plan', { mentions: [{ id: CHANNEL, name: 'ship-v2' }] }));
      const [reminder] = reminders(BOB);
      expect(adaptiveProblems(reminder!)).toEqual([]);
      const said = JSON.stringify(reminder);
      expect(said).toContain('A message for everyone starts with a tag');
      expect(said).toContain('Only admins mention everyone');
      expect(said).toContain('Your message stays');
      const buttons = submits(reminder!);
      expect(buttons.map((b) => b.title)).toEqual(['Leave', 'Approval', 'Urgent-Bug', 'Report', 'Meeting']);
      const fetched = await dialog(BOB, 'task/fetch', buttons.find((b) => b.title === 'Report')!.data);
      expect((fetched.task as { value: { title: string } }).value.title).toBe('Post [Report]');
      expect((await audit('message.policy')).at(-1)).toMatchObject({ outcome: 'ok', details: { rules: ['tags', 'broadcast'], removed: false } });
    });

    it('knows team and tag mentions for everyone, and lets admins use them', async () => {
      const before = reminders(BOB).length;
      await send(e2e.teams.channelPost(BOB, '[Report] <at>Apps</at> lunch', { mentions: [{ id: TEAM, name: 'Apps' }] }));
      await send(e2e.teams.channelPost(BOB, '[Report] <at>Release managers</at> freeze', { mentions: [{ id: 'MjQzMmI1N2ItMGFiZC00M2RiLWFhN2ItMTZlYWRkMTE1ZDM0', name: 'Release managers', type: 'tag' }] }));
      expect(reminders(BOB).length).toBe(before + 2);
      const mine = reminders(ADA).length;
      await send(e2e.teams.channelPost(ADA, '【通知】 <at>Apps</at> 周五停电', { mentions: [{ id: TEAM, name: 'Apps' }] }));
      expect(reminders(ADA).length).toBe(mine);
    });

    it('falls back where removal is asked: the author is told, the moderators alerted, the audit says so', async () => {
      await command(ADA, 'policy set broadcast.action remove');
      await send(e2e.teams.channelPost(BOB, '[Report] @all standup now'));
      const last = reminders(BOB).at(-1)!;
      expect(JSON.stringify(last)).toContain('Charter cannot remove messages here, so the group');
      expect(submits(last)).toEqual([]);
      const alert = connector.said(personalChat(MO)).at(-1);
      expect(alert).toContain('无法');
      expect(alert).toContain(BOB.name);
      expect((await audit('message.policy')).at(-1)).toMatchObject({ outcome: 'fallback', details: { rules: ['broadcast'], removed: false, alerted: true } });
      expect(JSON.stringify(await audit('message.policy'))).not.toContain('standup');
      await command(ADA, 'policy set broadcast.action default');
    });

    it('keeps an announcement group for its admins: a member’s post is flagged to the moderators', async () => {
      expect(JSON.stringify(await command(ADA, `role grant <at>${MO.name}</at> moderator news desk`, NEWS, 'en-US', [MO]))).toContain('is now moderator of **news**');
      const alerts = connector.said(personalChat(MO)).length;
      await send(e2e.teams.channelPost(BOB, 'is the canteen open?', { channel: NEWS }));
      expect(JSON.stringify(reminders(BOB).at(-1))).toContain('Only the admins post in this group.');
      expect(connector.said(personalChat(MO)).length).toBe(alerts + 1);
      expect((await audit('message.policy')).at(-1)).toMatchObject({ outcome: 'fallback', details: { rules: ['posting'] } });
      const before = reminders(ADA).length;
      await send(e2e.teams.channelPost(ADA, '[Notice] The canteen opens at 11:30', { channel: NEWS }));
      expect(reminders(ADA).length).toBe(before);
    });
  });
});
