// Group policy (GRP-5), tags and forms (MSG-1, MSG-2), information classes
// (MSG-3), quiet hours (MSG-4), broadcast mentions (MSG-5) and scheduled send
// (NOTE-2), in the core with the real store and job runner.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormModel } from '../../src/core/cards.js';
import { handleCardAction, handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { MessageEvent } from '../../src/core/inputs.js';
import type { Reply } from '../../src/core/replies.js';
import type { ActivityStore } from '../../src/features/activity/store.js';
import type { PostMessageCard } from '../../src/features/post/cards.js';
import type { PostStore } from '../../src/features/post/store.js';
import type { PolicyCard } from '../../src/features/policy/cards.js';
import type { ReminderCard } from '../../src/features/rules/cards.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { actorOf, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { messageEvent } from '../support/messages.js';
import { RecordingPlatform, SLACK_LIKE } from '../support/platform.js';

const HOUR = 3_600_000;
type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const CORE: Conv = { id: 'CCORE', kind: 'channel', name: 'core-team', teamId: null };
const NEWS: Conv = { id: 'CNEWS', kind: 'channel', name: 'news', teamId: null };
const EXT: Conv = { id: 'CEXT', kind: 'channel', name: 'partners', teamId: null };
const DM: Conv = { id: 'D1', kind: 'direct', name: null, teamId: null };

let seq = 0;
function message(user: string, conv: Conv, text: string, over: Partial<MessageEvent> = {}): MessageEvent & { type: 'message' } {
  seq += 1;
  // Tuesday 11:00 in Shanghai.
  return messageEvent({ workspace: 'T1', channel: conv.id, user, messageId: `m${seq}`, text, at: new Date('2026-11-24T03:00:00Z') }, over);
}

describe.each(DATABASES)('group message policy ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  let store: CharterStore & PostStore & ActivityStore;
  const clock = new TestClock();
  const logs = memoryLogger();

  const run = async (user: string, text: string, conv: Conv = CORE): Promise<Reply> => {
    const { reply } = await handleCommand(core.deps, { actor: actorOf(user), conversation: conv, text });
    await core.settle();
    return reply;
  };
  const on = async (e: MessageEvent & { type: 'message' }) => {
    await handlePlatformEvent(core.deps, e);
    await core.settle();
  };
  const reminders = () => platform.of('remindPrivately').map((c) => ({ to: c.to, card: (c.message as unknown as { card: ReminderCard }).card }));
  const policyCard = (r: Reply): PolicyCard => {
    if (r.kind !== 'card') throw new Error(`expected the policy card, got ${r.kind}`);
    return r.card as PolicyCard;
  };

  async function begin(p: RecordingPlatform): Promise<void> {
    platform = p;
    for (const u of ['UADA', 'UOWN', 'UMO', 'UBOB', 'UZOE']) platform.profiles.set(u, { realName: u });
    for (const c of [CORE, NEWS, EXT]) platform.members.set(c.id, new Set(['UADA', 'UOWN', 'UMO', 'UBOB', 'UZOE']));
    core = await startCore(db, platform, clock, logs);
    store = core.store as CharterStore & PostStore & ActivityStore;
    await run('UADA', 'group register core The core team');
    await run('UADA', 'role grant <@UOWN> owner runs it');
    await run('UOWN', 'role grant <@UMO> moderator keeps order');
    await run('UADA', 'group register announcement Company news', NEWS);
    await run('UADA', 'group register external Partner work', EXT);
    await run('UADA', 'policy set quiet_hours.timezone Asia/Shanghai');
    platform.calls.length = 0;
  }

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-24T03:00:00Z');
    await resetDatabase(db);
    await begin(new RecordingPlatform({ ...SLACK_LIKE, deleteMessage: true }));
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  describe('policy', () => {
    it('shows every key with its value and where it comes from: group, workspace, type, default', async () => {
      await run('UADA', 'policy default broadcast.action alert', DM);
      await run('UOWN', 'policy set quiet_hours.window 09:00-18:00');
      const shown = policyCard(await run('UMO', 'policy show'));
      const row = (key: string) => shown.rows.find((r) => r.key === key);
      expect(shown.group).toBe('core-team');
      expect(row('quiet_hours.window')).toMatchObject({ value: '09:00-18:00', source: 'group' });
      expect(row('broadcast.action')).toMatchObject({ value: 'alert', source: 'workspace' });
      expect(row('quiet_hours.enabled')).toMatchObject({ value: 'on', source: 'type' });
      expect(row('tags.required')).toMatchObject({ value: 'notices', source: 'type' });
      expect(row('files.allowed')).toMatchObject({ value: 'on', source: 'default' });
      const news = policyCard(await run('UMO', 'policy show', NEWS));
      expect(news.rows.find((r) => r.key === 'posting.who')).toMatchObject({ value: 'admins', source: 'type' });
      const ext = policyCard(await run('UMO', 'policy show', EXT));
      // An external group is of the external tier, whose default (MSG-8) comes before its type's.
      expect(ext.rows.find((r) => r.key === 'files.allowed')).toMatchObject({ value: 'off', source: 'tier' });
      expect(ext.rows.find((r) => r.key === 'quiet_hours.enabled')).toMatchObject({ value: 'off', source: 'default' });
    });

    it('validates every key, in either language, and lists the valid values', async () => {
      for (const def of core.deps.registry.settings) {
        const r = await run('UADA', `policy set ${def.key} ∅nonsense∅`);
        expect(r, def.key).toMatchObject({ kind: 'error', code: 'invalid-input', text: { key: 'policy.badValue', params: { key: def.key, valid: { key: def.valid } } } });
      }
      expect(await run('UADA', 'policy set tags.nothing on')).toMatchObject({ kind: 'error', text: { key: 'policy.unknownKey' } });
      expect(await run('UOWN', '规则 设置 tags.required all')).toMatchObject({ kind: 'text', text: { key: 'policy.set' } });
      expect(await run('UOWN', 'policy set quiet_hours.timezone Mars/Olympus')).toMatchObject({ kind: 'error', text: { key: 'policy.badValue' } });
      expect(await run('UOWN', 'policy set quiet_hours.timezone europe/berlin')).toMatchObject({ kind: 'text', text: { params: { value: 'Europe/Berlin' } } });
    });

    it('lets owners set their group, not moderators; workspace defaults are for super admins; every change audited', async () => {
      expect(await run('UMO', 'policy set tags.required all')).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'policy.forbiddenGroup' } });
      expect(await run('UBOB', 'policy set tags.required all')).toMatchObject({ kind: 'error', code: 'not-allowed' });
      expect(await run('UOWN', 'policy default tags.required all', DM)).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'policy.forbidden' } });
      expect(await run('UOWN', 'policy set tags.required all', DM)).toMatchObject({ kind: 'error', code: 'invalid-input', text: { key: 'policy.inGroup' } });
      expect(await run('UOWN', 'policy set tags.required all')).toMatchObject({ kind: 'text' });
      expect(await run('UOWN', 'policy set tags.required default')).toMatchObject({ kind: 'text', text: { key: 'policy.reset' } });
      const audit = (await store.audit.list('slack:T1', { action: 'policy.set' })).map((a) => [a.actorId, a.outcome, a.details]);
      expect(audit.slice(-5)).toEqual([
        ['slack:UMO', 'refused', { scope: 'group' }],
        ['slack:UBOB', 'refused', { scope: 'group' }],
        ['slack:UOWN', 'refused', { scope: 'workspace' }],
        ['slack:UOWN', 'ok', { scope: 'group', old: null, new: 'all' }],
        ['slack:UOWN', 'ok', { scope: 'group', old: 'all', new: null }],
      ]);
    });
  });

  describe('rules on the message event', () => {
    it('reminds a member who addresses everyone in a core group without a tag, and records tags in the metadata', async () => {
      await on(message('UBOB', CORE, 'everyone please look', { mentions: { users: [], broadcast: ['channel'] } }));
      const [r] = reminders();
      expect(r?.to).toBe('UBOB');
      expect(r?.card.reasons.map((x) => x.key)).toEqual(['rules.reasons.tagsNotices', 'rules.reasons.broadcast']);
      expect(r?.card.outcome).toBe('kept');
      // Notices come from admins in a core group: the member is offered only the tags they may post.
      expect(r?.card.actions.map((a) => [a.id, a.payload['tag']])).toEqual(
        ['leave', 'approval', 'urgent-bug', 'report', 'meeting'].map((t) => ['post.open', t]),
      );
      expect(platform.of('deleteMessage')).toEqual([]);
      const audit = await store.audit.list('slack:T1', { action: 'message.policy' });
      expect(audit.map((a) => a.details)).toEqual([{ author: 'slack:UBOB', rules: ['tags', 'broadcast'], tag: null, removed: false, alerted: false }]);
      expect(JSON.stringify(audit)).not.toContain('everyone please look');

      await on(message('UBOB', CORE, '【通知】 周五停电'));
      const meta = await db.knex('message_meta').where({ message_id: `m${seq}` }).first();
      expect(meta).toMatchObject({ tag: 'notice' });
      // A notice from a member in a core group: notices come from admins.
      expect(reminders().at(-1)?.card.reasons.map((x) => x.key)).toEqual(['rules.reasons.class']);
      // Admins may: no reminder.
      const before = reminders().length;
      await on(message('UMO', CORE, '[Notice] Friday power cut @here', { mentions: { users: [], broadcast: ['here'] } }));
      expect(reminders().length).toBe(before);
    });

    it('removes a member’s post in an announcement group where the platform can, and falls back where it cannot', async () => {
      await on(message('UBOB', NEWS, 'hello all'));
      expect(platform.of('deleteMessage')).toEqual([{ op: 'deleteMessage', channel: 'CNEWS', messageId: `m${seq}` }]);
      expect(reminders().at(-1)?.card).toMatchObject({ outcome: 'removed', reasons: [{ key: 'rules.reasons.posting' }], actions: [] });
      expect((await store.audit.list('slack:T1', { action: 'message.policy' })).at(-1)).toMatchObject({ outcome: 'ok', details: { removed: true } });

      await core.stop();
      await resetDatabase(db);
      await begin(new RecordingPlatform({ ...SLACK_LIKE, deleteMessage: false }));
      await on(message('UBOB', NEWS, 'hello again'));
      expect(platform.of('deleteMessage')).toEqual([]);
      expect(reminders().at(-1)?.card.outcome).toBe('not-removed');
      // The group's admins were alerted (the news group's owner: Ada).
      expect(platform.texts()).toContainEqual(['UADA', 'rules.alertNotRemoved']);
      expect((await store.audit.list('slack:T1', { action: 'message.policy' })).at(-1)).toMatchObject({ outcome: 'fallback', details: { removed: false, alerted: true } });
    });

    it('keeps files out of external groups', async () => {
      await on(message('UBOB', EXT, 'the sheet', { files: [{ id: 'F1', name: 'salaries.xlsx', mimeType: null, size: 10 }] }));
      expect(platform.of('deleteMessage')).toHaveLength(1);
      expect(reminders().at(-1)?.card.reasons.map((x) => x.key)).toEqual(['rules.reasons.files']);
    });

    it('reminds outside quiet hours with the next allowed time, lets urgent tags pass, and knows a swapped Saturday', async () => {
      const late = new Date('2026-11-24T15:30:00Z'); // Tuesday 23:30 in Shanghai
      await on(message('UBOB', CORE, 'a thought for tomorrow', { at: late }));
      const r = reminders().at(-1)!;
      expect(r.card.reasons.map((x) => x.key)).toEqual(['rules.reasons.quiet']);
      expect(r.card.actions[0]).toMatchObject({ id: 'post.open', dialog: true, payload: { sendAt: '2026-11-25T00:00:00.000Z' } });
      const count = reminders().length;
      await on(message('UBOB', CORE, '[Urgent-Bug] payments are down', { at: late }));
      expect(reminders().length).toBe(count);

      const saturday = new Date('2026-10-10T02:00:00Z'); // Saturday 10:00 in Shanghai
      await on(message('UBOB', CORE, 'weekend work', { at: saturday }));
      expect(reminders().length).toBe(count + 1);
      await run('UOWN', 'policy set quiet_hours.workdays 2026-10-10');
      await on(message('UBOB', CORE, 'swapped working Saturday', { at: saturday }));
      expect(reminders().length).toBe(count + 1);
    });

    it('offers a tagged message late at night its own form with the next allowed time, which a member may open', async () => {
      const late = new Date('2026-11-24T15:30:00Z'); // Tuesday 23:30 in Shanghai
      await on(message('UBOB', CORE, '[Report] done: the migration', { at: late }));
      const r = reminders().at(-1)!;
      expect(r.card.actions).toEqual([
        expect.objectContaining({ id: 'post.open', label: expect.objectContaining({ key: 'rules.schedule' }), payload: { groupId: expect.any(String), tag: 'report', sendAt: '2026-11-25T00:00:00.000Z' } }),
      ]);
      clock.set(late);
      const opened = (await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.open', payload: r.card.actions[0]!.payload, inputs: {} })).result;
      expect(opened).toMatchObject({ kind: 'form' });
      const fields = (opened as { form: FormModel }).form.fields;
      expect([fields.find((f) => f.id === 'send_date')?.value, fields.find((f) => f.id === 'send_time')?.value]).toEqual(['2026-11-25', '08:00']);
      // A notice from a member is not theirs to send later: the buttons offer the tags they may post.
      await on(message('UBOB', CORE, '[Notice] office closed', { at: late }));
      const tags = reminders().at(-1)!.card.actions.map((a) => a.payload['tag']);
      expect(tags).not.toContain('notice');
      expect(tags).toContain('report');
    });

    it('leaves thread replies to posts: no tag, class or who-posts rule, but quiet hours still hold', async () => {
      await run('UOWN', 'policy set tags.required all');
      await on(message('UBOB', CORE, 'agreed, thanks', { threadId: 'root-1' }));
      await on(message('UBOB', NEWS, 'a question about this', { threadId: 'root-2' }));
      expect(reminders()).toEqual([]);
      expect(platform.of('deleteMessage')).toEqual([]);
      await on(message('UBOB', CORE, 'the root itself', { threadId: `m${seq + 1}` }));
      expect(reminders().at(-1)?.card.reasons.map((x) => x.key)).toEqual(['rules.reasons.tags']);
      await on(message('UBOB', CORE, 'late reply', { threadId: 'root-1', at: new Date('2026-11-24T15:30:00Z') }));
      expect(reminders().at(-1)?.card.reasons.map((x) => x.key)).toEqual(['rules.reasons.quiet']);
    });

    it('reads quiet hours on each author’s own clock when the group names no zone', async () => {
      await run('UADA', 'policy set quiet_hours.timezone local');
      // Slack tells each person's zone with their profile, read when they first post.
      platform.profiles.set('UBOB', { realName: 'Bob', timezone: 'asia/shanghai' });
      platform.profiles.set('UZOE', { realName: 'Zoe', timezone: 'Europe/Paris' });
      const at = new Date('2026-11-24T15:30:00Z'); // 23:30 in Shanghai, 16:30 in Paris
      await on(message('UBOB', CORE, 'late for me', { at }));
      await on(message('UZOE', CORE, 'afternoon for me', { at }));
      expect(reminders().map((r) => [r.to, r.card.reasons.map((x) => x.key)])).toEqual([['UBOB', ['rules.reasons.quiet']]]);
      expect((await store.people.findByAddress('slack:T1', 'UBOB'))?.timezone).toBe('Asia/Shanghai');
      const lookups = platform.of('lookupProfile').length;
      await on(message('UZOE', CORE, 'again', { at }));
      expect(platform.of('lookupProfile')).toHaveLength(lookups);
    });

    it('keeps discussion in its windows when a group sets them', async () => {
      await run('UOWN', 'policy set quiet_hours.discussion 12:00-13:00');
      await on(message('UBOB', CORE, 'shall we discuss?'));
      expect(reminders().at(-1)?.card.reasons.map((x) => x.key)).toEqual(['rules.reasons.discussion']);
      const count = reminders().length;
      await on(message('UBOB', CORE, '[Report] done: X', {}));
      expect(reminders().length).toBe(count);
      await on(message('UBOB', CORE, 'lunch talk', { at: new Date('2026-11-24T04:30:00Z') }));
      expect(reminders().length).toBe(count);
    });

    it('leaves bots, edits and deletions alone', async () => {
      await on(message('UBOB', NEWS, 'deploy done', { author: { platformUserId: 'B1', address: 'B1', displayName: 'ci', isBot: true } }));
      await on(message('UBOB', NEWS, 'edited', { kind: 'edited' }));
      await on(message('UBOB', NEWS, '', { kind: 'deleted', author: null }));
      expect(reminders()).toEqual([]);
    });
  });

  describe('forms', () => {
    it('opens a tag’s form in either language, checks every field on the server, and posts one message', async () => {
      const opened = await run('UBOB', '发布 会议');
      expect(opened).toMatchObject({ kind: 'form', form: { action: { id: 'post.submit' } } });
      const form = (opened as { form: FormModel }).form;
      expect(form.fields.map((f) => [f.id, f.kind, f.required])).toEqual([
        ['topic', 'text', true],
        ['date', 'date', true],
        ['time', 'time', true],
        ['place', 'text', true],
        ['agenda', 'text', true],
        ['owner', 'user', true],
        ['send_date', 'date', false],
        ['send_time', 'time', false],
      ]);
      expect(form.fields.find((f) => f.id === 'owner')?.options?.map((o) => o.value)).toEqual(expect.arrayContaining(['UBOB', 'UOWN', 'UMO']));
      const payload = form.action.payload;
      const missing = (await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload, inputs: { topic: 'Launch', date: '2026-11-31', time: '25:00', place: 'Room 3' } })).result;
      expect(missing).toMatchObject({ kind: 'form' });
      const errors = Object.fromEntries((missing as { form: FormModel }).form.fields.filter((f) => f.error).map((f) => [f.id, f.error?.key]));
      expect(errors).toEqual({ date: 'post.form.badDate', time: 'post.form.badTime', agenda: 'post.form.required', owner: 'post.form.required' });
      expect(platform.of('postToGroup')).toEqual([]);

      const inputs = { topic: 'Launch review', date: '2026-11-26', time: '15:00', place: 'Room 3', agenda: '1. status\n2. risks', owner: 'UOWN' };
      const done = (await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload, inputs })).result;
      expect(done).toEqual({ kind: 'notice', notice: { key: 'post.posted', params: { group: 'core-team' } } });
      const posted = platform.of('postToGroup');
      expect(posted).toHaveLength(1);
      const card = (posted[0]!.message as unknown as { card: PostMessageCard }).card;
      expect(card).toMatchObject({ kind: 'post.message', tag: { key: 'meeting' }, author: { address: 'UBOB' }, mentions: [{ address: 'UOWN' }] });
      expect(card.fields.map((f) => f.label)).toEqual(['post.fields.meeting.topic', 'post.fields.meeting.date', 'post.fields.meeting.time', 'post.fields.meeting.place', 'post.fields.meeting.agenda', 'post.fields.meeting.owner']);
      expect((await store.audit.list('slack:T1', { action: 'post.publish' }))[0]).toMatchObject({ actorId: 'slack:UBOB', details: { tag: 'meeting' } });
    });

    it('refuses forms where the group says no: announcement groups, notices in core groups', async () => {
      expect(await run('UBOB', 'post report', NEWS)).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'post.adminsOnly' } });
      expect(await run('UBOB', 'post notice')).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'post.noticesByAdmins' } });
      expect(await run('UBOB', 'post gossip')).toMatchObject({ kind: 'error', code: 'not-found', text: { key: 'post.unknownTag' } });
      expect(await run('UBOB', 'post report', DM)).toMatchObject({ kind: 'error', text: { key: 'post.inGroup' } });
    });

    it('schedules a post, sends it once after a restart, and lets only its author cancel one', async () => {
      const form = ((await run('UBOB', 'post report')) as { form: FormModel }).form;
      const inputs = { done: 'shipped', next: 'review', owner: 'UBOB', send_date: '2026-11-25', send_time: '09:30' };
      const r = (await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: form.action.payload, inputs })).result;
      expect(r).toMatchObject({ kind: 'notice', notice: { key: 'post.scheduled' } });
      const [pending] = await store.scheduledPosts.listPending((await store.people.findByAddress('slack:T1', 'UBOB'))!.id);
      expect(pending?.sendAt.toISOString()).toBe('2026-11-25T01:30:00.000Z'); // 09:30 in Shanghai
      expect(await run('UBOB', 'post scheduled')).toMatchObject({ kind: 'card', card: { kind: 'post.scheduled', posts: [{ group: 'core-team', tag: 'report' }] } });

      await core.jobs.stop();
      await core.advance(23 * HOUR);
      expect(platform.of('postToGroup')).toEqual([]);
      await core.restartJobs();
      await core.settle();
      expect(platform.of('postToGroup')).toHaveLength(1);
      await core.advance(2 * 24 * HOUR);
      await core.settle();
      expect(platform.of('postToGroup')).toHaveLength(1);
      expect((await store.scheduledPosts.get(pending!.id))).toMatchObject({ state: 'sent', fields: {} });

      // The same form again schedules nothing.
      const again = await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: form.action.payload, inputs: { ...inputs, send_date: '2026-11-30' } });
      expect(again.result).toEqual({ kind: 'notice', notice: { key: 'post.alreadySubmitted' } });
      expect(await store.scheduledPosts.listPending((await store.people.findByAddress('slack:T1', 'UBOB'))!.id)).toEqual([]);

      // A second one, cancelled: by someone else (refused), then by its author.
      const next = ((await run('UBOB', 'post report')) as { form: FormModel }).form;
      await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: next.action.payload, inputs: { ...inputs, send_date: '2026-11-30' } });
      const [second] = await store.scheduledPosts.listPending((await store.people.findByAddress('slack:T1', 'UBOB'))!.id);
      expect((await handleCardAction(core.deps, { actor: actorOf('UMO'), actionId: 'post.cancel', payload: { postId: second!.id }, inputs: {} })).result).toMatchObject({ kind: 'error', code: 'not-allowed' });
      expect((await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.cancel', payload: { postId: second!.id }, inputs: {} })).result).toMatchObject({ kind: 'notice', notice: { key: 'post.cancelled' } });
      await core.advance(10 * 24 * HOUR);
      await core.settle();
      expect(platform.of('postToGroup')).toHaveLength(1);
    });

    it('checks again at send time: a post its author may no longer make is not sent, and the author is told', async () => {
      const form = ((await run('UBOB', 'post report')) as { form: FormModel }).form;
      const inputs = { done: 'shipped', next: 'review', owner: 'UBOB', send_date: '2026-11-25', send_time: '09:30' };
      await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: form.action.payload, inputs });
      const bob = (await store.people.findByAddress('slack:T1', 'UBOB'))!;
      const [pending] = await store.scheduledPosts.listPending(bob.id);
      await run('UOWN', 'policy set posting.who admins');
      platform.calls.length = 0;
      await core.advance(24 * HOUR);
      await core.settle();
      expect(platform.of('postToGroup')).toEqual([]);
      expect(await store.scheduledPosts.get(pending!.id)).toMatchObject({ state: 'cancelled', fields: {} });
      const told = platform.of('sendPrivate').find((c) => c.to === 'UBOB');
      expect(told?.message).toMatchObject({ text: { key: 'post.notSent', params: { group: 'core-team', why: { key: 'post.adminsOnly' } } } });
      const audit = await store.audit.list('slack:T1', { action: 'post.publish' });
      expect(audit.at(-1)).toMatchObject({ outcome: 'refused', targetId: pending!.id, details: { tag: 'report', scheduled: true, why: 'post.adminsOnly' } });
    });

    it('retries a post the platform refuses, then gives it up an hour after its time and tells the author', async () => {
      const form = ((await run('UBOB', 'post report')) as { form: FormModel }).form;
      await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: form.action.payload, inputs: { done: 'a', next: 'b', owner: 'UBOB', send_date: '2026-11-24', send_time: '12:00' } });
      const [pending] = await store.scheduledPosts.listPending((await store.people.findByAddress('slack:T1', 'UBOB'))!.id);
      platform.groupPostsFail = true;
      for (let i = 0; i < 12; i += 1) {
        await core.advance(15 * 60_000);
        await core.settle();
      }
      expect(platform.of('postToGroup').length).toBeGreaterThan(2);
      expect(await store.scheduledPosts.get(pending!.id)).toMatchObject({ state: 'failed', fields: {} });
      expect(platform.texts()).toContainEqual(['UBOB', 'post.notSent']);
      const tries = platform.of('postToGroup').length;
      await core.advance(24 * HOUR);
      await core.settle();
      expect(platform.of('postToGroup')).toHaveLength(tries);
      expect(logs.text()).toContain('given up');
    });

    it('offers the next allowed time when a form is sent in quiet hours', async () => {
      clock.set('2026-11-24T15:30:00Z'); // 23:30 in Shanghai
      const form = ((await run('UBOB', 'post report')) as { form: FormModel }).form;
      const r = (await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: form.action.payload, inputs: { done: 'a', next: 'b', owner: 'UBOB' } })).result as { kind: string; form: FormModel };
      expect(r.kind).toBe('form');
      expect(r.form.fields.find((f) => f.id === 'send_date')).toMatchObject({ value: '2026-11-25', error: { key: 'post.form.quietHoursNow', params: { next: '2026-11-25 08:00' } } });
      expect(r.form.fields.find((f) => f.id === 'send_time')?.value).toBe('08:00');
      expect(platform.of('postToGroup')).toEqual([]);

      // A send time chosen inside quiet hours is refused the same way: Sunday 03:00 → Monday 08:00.
      clock.set('2026-11-24T03:00:00Z');
      const later = (await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: form.action.payload, inputs: { done: 'a', next: 'b', owner: 'UBOB', send_date: '2026-11-29', send_time: '03:00' } })).result as { kind: string; form: FormModel };
      expect(later.form.fields.find((f) => f.id === 'send_date')).toMatchObject({ value: '2026-11-30', error: { key: 'post.form.quietHoursThen', params: { next: '2026-11-30 08:00' } } });
      // An urgent tag is not held back.
      const bug = ((await run('UBOB', 'post urgent-bug')) as { form: FormModel }).form;
      const urgent = await handleCardAction(core.deps, { actor: actorOf('UBOB'), actionId: 'post.submit', payload: bug.action.payload, inputs: { system: 'pay', impact: 'down', owner: 'UBOB', steps: '1', send_date: '2026-11-29', send_time: '03:00' } });
      expect(urgent.result).toMatchObject({ kind: 'notice', notice: { key: 'post.scheduled' } });
      expect(platform.of('postToGroup')).toEqual([]);
    });

    it('lets super admins add their own tags, recognised like the built-in ones', async () => {
      expect(await run('UOWN', 'post tag add release-note "Release note" 发版说明 --class notice', DM)).toMatchObject({ kind: 'error', code: 'not-allowed' });
      expect(await run('UADA', 'post tag add release-note "Release note" 发版说明 --class notice', DM)).toMatchObject({ kind: 'text', text: { key: 'post.tags.added' } });
      expect(await run('UADA', 'post tag add meeting2 Meeting 会议二', DM)).toMatchObject({ kind: 'error', code: 'conflict' });
      await on(message('UMO', CORE, '【发版说明】 v2.3'));
      expect(await db.knex('message_meta').where({ message_id: `m${seq}` }).first()).toMatchObject({ tag: 'release-note' });
      expect(await run('UADA', 'post tag remove release-note', DM)).toMatchObject({ kind: 'text' });
      expect(await run('UADA', 'post tag remove meeting', DM)).toMatchObject({ kind: 'error', text: { key: 'post.tags.builtIn' } });
    });
  });
});
