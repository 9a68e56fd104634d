// Slack events through the running server: the message pipeline (metadata, a
// feature's own handler, a handler that throws, retries), ADM-6 on
// member_joined_channel, and a feature defined in this test picked up by the
// parser, dispatch, card routing and the job runner.
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.js';
import { DATABASES } from '../support/db.js';
import { slackE2E } from '../support/e2e.js';
import { brokenFeature, flakyFeature, probeFeature, type ProbeLog } from '../support/probe.js';
import { blockAction, eventFixture, HOOKS, newTrigger, viewSubmission, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', locale: 'zh-CN' };
const JANE: SlackUser = { id: 'U0JANE', name: 'jane', real_name: 'Jane Doe' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const CAROL: SlackUser = { id: 'U0CAROL', name: 'carol', real_name: 'Carol King' };

describe.each(DATABASES)('Slack events ($name)', (target) => {
  const probe: ProbeLog = { commands: [], actions: [], jobs: [], messages: [] };
  const outage = { on: false };
  const e2e = slackE2E(target, {
    users: [ADA, MO, JANE, BOB, CAROL],
    channels: { C0SHIP: { name: 'ship-v2', members: [ADA, MO, BOB] } },
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    start: { features: [...FEATURES, probeFeature(probe), brokenFeature, flakyFeature(outage)] },
  });
  const { fake } = e2e;

  const command = (user: SlackUser, text: string) => {
    const response_url = `${HOOKS}/commands/T0001/${Math.random().toString(36).slice(2)}`;
    return { response_url, sent: e2e.slack.command({ user_id: user.id, user_name: user.name, text, trigger_id: newTrigger(), response_url }) };
  };
  async function run(user: SlackUser, text: string): Promise<string[]> {
    const c = command(user, text);
    expect((await c.sent).status).toBe(200);
    await e2e.charter.settle();
    return fake.responses.filter((r) => r.url === c.response_url).map((r) => String(r.body['text']));
  }
  async function event(body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<number> {
    const r = await e2e.slack.event(body, { headers });
    await e2e.charter.settle();
    return r.status;
  }
  const meta = (messageId: string) => e2e.db.knex('message_meta').where({ message_id: messageId }).first();
  const count = async (table: string) => Number(((await e2e.db.knex(table).count({ n: '*' }).first()) as { n: unknown }).n);

  beforeAll(async () => {
    await run(ADA, 'group register project Ship the second version');
    await run(ADA, `role grant <@${MO.id}|mo> moderator weekends`);
  });

  it('refuses a command longer than any command can be, in the person’s words', async () => {
    expect(await run(BOB, `join #ship-v2 ${'<@U1|x '.repeat(700)}`)).toEqual([expect.stringContaining('too long for a command')]);
  });

  describe('a feature defined in the test', () => {
    it('gets its command parsed and dispatched (English and alias), and its job run', async () => {
      expect(await run(BOB, 'probe hello there')).toEqual(['This command is not available in this version yet.']);
      expect(await run(BOB, '探针 你好')).toHaveLength(1);
      expect(probe.commands).toEqual(['hello there', '你好']);
      expect(probe.jobs).toEqual([
        { workspaceId: 'slack:T0001', n: 11 },
        { workspaceId: 'slack:T0001', n: 2 },
      ]);
    });

    it('gets its card action routed with its typed payload checked', async () => {
      const click = (value: string) => {
        const body = blockAction(BOB, 'probe.poke', value, { channel: 'C0SHIP', ts: '1.1' });
        return { url: String(body['response_url']), sent: e2e.slack.interact(body) };
      };
      const good = click(JSON.stringify({ n: 7 }));
      expect((await good.sent).status).toBe(200);
      const bad = click(JSON.stringify({ n: 'seven' }));
      expect((await bad.sent).status).toBe(200);
      await e2e.charter.settle();
      expect(probe.actions).toEqual([7]);
      expect(fake.responses.find((r) => r.url === bad.url)?.body['text']).toContain('out of date');
    });
  });

  describe('the message pipeline', () => {
    it('records a message’s metadata — not its text — and hands it to every handler, even after one throws', async () => {
      expect(await event(eventFixture('message-channels'))).toBe(200);
      expect(await meta('1795251600.100200')).toMatchObject({ thread_id: null, is_question: false, mentions: 0, broadcast: false, files: 0, author_is_bot: false });
      expect(probe.messages.at(-1)).toEqual({
        kind: 'posted',
        messageId: '1795251600.100200',
        threadId: null,
        mentions: { users: [], broadcast: [] },
        text: 'Kickoff notes for ship-v2 are pinned. Please review them by Friday.',
      });
      expect(e2e.charter.logs.text()).toContain('this handler always fails');
      expect(e2e.charter.logs.text()).toContain('an event handler failed; the others still ran');
    });

    it('handles a retried event once', async () => {
      const before = probe.messages.length;
      const retry = eventFixture('message-thread-reply');
      expect(await event(retry)).toBe(200);
      expect(await event(retry, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_timeout' })).toBe(200);
      expect(probe.messages.length).toBe(before + 1);
      expect(await meta('1795251720.200300')).toMatchObject({ thread_id: '1795251600.100200', is_question: false });
    });

    it('never parses an ordinary message as a command', async () => {
      await event(eventFixture('message-channels', { text: 'join #ship-v2 please let me in', ts: '1795251601.000001' }, { event_id: 'Ev0NOTCMD' }));
      expect(await count('join_requests')).toBe(0);
      expect(await meta('1795251601.000001')).toMatchObject({ is_question: false });
    });

    it('marks questions, mentions and broadcasts, files, edits and deletions', async () => {
      await event(eventFixture('message-broadcast-mentions'));
      expect(await meta('1795251900.300400')).toMatchObject({ is_question: true, broadcast: true, mentions: 1 });
      expect(probe.messages.at(-1)?.mentions).toEqual({ users: ['U0BOB'], broadcast: ['channel', 'here', 'everyone'] });
      await event(eventFixture('message-channels', { text: '谁能看一下这个？', ts: '1795251602.000002' }, { event_id: 'Ev0QUESTION' }));
      expect(await meta('1795251602.000002')).toMatchObject({ is_question: true });
      await event(eventFixture('message-file-share'));
      expect(await meta('1795252500.400500')).toMatchObject({ files: 1 });
      await event(eventFixture('message-changed'));
      expect((await meta('1795251600.100200'))?.edited_at).not.toBeNull();
      await event(eventFixture('message-deleted'));
      expect((await meta('1795251720.200300'))?.deleted_at).not.toBeNull();
      await event(eventFixture('message-bot-message'));
      expect(await meta('1795252800.500600')).toMatchObject({ author_is_bot: true });
    });

    it('leaves out Charter’s own messages, system messages and conversations that are not governed', async () => {
      const before = await count('message_meta');
      await event(eventFixture('message-own-bot'));
      await event(eventFixture('message-channel-join'));
      await event(eventFixture('message-groups'));
      await event(eventFixture('message-mpim'));
      await event(eventFixture('file-shared'));
      expect(await count('message_meta')).toBe(before);
    });

    it('writes the text of messages nowhere: no table, no job', async () => {
      const tables = (await e2e.db.knex.raw(`select tablename from pg_tables where schemaname in (current_schema(), ?)`, [e2e.db.jobSchema])) as { rows: { tablename: string }[] };
      const { rows: jobs } = (await e2e.db.knex.raw(`select tablename from pg_tables where schemaname = ?`, [e2e.db.jobSchema])) as { rows: { tablename: string }[] };
      const jobTables = new Set(jobs.map((j) => j.tablename));
      for (const { tablename } of tables.rows) {
        const from = jobTables.has(tablename) ? `"${e2e.db.jobSchema}"."${tablename}"` : `"${tablename}"`;
        const { rows } = (await e2e.db.knex.raw(`select count(*)::int as n from ${from} t where t::text like ? or t::text like ?`, ['%Kickoff notes%', '%谁能看一下%'])) as { rows: { n: number }[] };
        expect(rows[0]!.n, tablename).toBe(0);
      }
      expect(e2e.charter.logs.text()).not.toContain('Kickoff notes');
    });

    it('answers 500 when the database is away, so Slack delivers the event again, and then takes it', async () => {
      const body = eventFixture('message-channels', { ts: '1795251603.000003', text: 'during the outage' }, { event_id: 'Ev0OUTAGE' });
      outage.on = true;
      expect(await event(body)).toBe(500);
      expect(await meta('1795251603.000003')).toBeUndefined();
      outage.on = false;
      expect(await event(body, { 'x-slack-retry-num': '1', 'x-slack-retry-reason': 'http_error' })).toBe(200);
      expect(await meta('1795251603.000003')).toMatchObject({ is_question: false });
    });

    it('refuses a signed message event of the wrong shape with 400 and changes nothing', async () => {
      const before = await count('message_meta');
      expect(await event(eventFixture('message-channels', { ts: 12, channel: null }, { event_id: 'Ev0BADSHAPE' }))).toBe(400);
      expect(await event(eventFixture('message-channels', { user: 'U0A\u0000DA' }, { event_id: 'Ev0NUL1' }))).toBe(400);
      expect(await event(eventFixture('message-channels', { ts: '1e300' }, { event_id: 'Ev0BADTS' }))).toBe(400);
      expect(await event(eventFixture('member-joined-channel-self', { channel: 'C0\u0007SHIP' }, { event_id: 'Ev0NUL2' }))).toBe(400);
      const modal = viewSubmission(ADA, JSON.stringify({ payload: { bypassId: '00000000-0000-0000-0000-000000000000' } }), 'x');
      (modal['view'] as { state: unknown }).state = { values: { reason: { reason: { type: 'plain_text_input', value: 12345 } } } };
      expect((await e2e.slack.interact({ ...modal, view: { ...(modal['view'] as object), callback_id: 'join.remove' } })).status).toBe(400);
      expect(e2e.charter.logs.text()).not.toContain('Slack listener failed');
      expect(await count('message_meta')).toBe(before);
    });
  });

  describe('ADM-6 on member_joined_channel', () => {
    it('flags a self-join to the approvers privately, with keep and remove', async () => {
      expect(await event(eventFixture('member-joined-channel-self'))).toBe(200);
      const cards = fake.posts.filter((p) => JSON.stringify(p.blocks).includes('join.keep'));
      expect(cards.map((p) => p.channel).sort()).toEqual(['D0ADA', 'D0MO']);
      expect(JSON.stringify(cards.find((p) => p.channel === 'D0MO')!.blocks)).toContain('未经批准');
      const audit = await e2e.db.knex('audit_log').where({ action: 'member.join' }).first();
      expect(audit).toMatchObject({ target_id: 'slack:U0JANE', outcome: 'refused' });
    });

    it('does not flag someone Charter invited', async () => {
      const posts = fake.posts.length;
      await event(eventFixture('member-joined-channel-invited', { user: 'U0BOB', inviter: 'U0BOT' }, { event_id: 'Ev0BYCHARTER' }));
      expect(fake.posts.length).toBe(posts);
    });

    it('removes at once with admission.enforce = remove, and tells the person why', async () => {
      expect(await run(ADA, 'policy set admission.enforce remove')).toEqual(['`admission.enforce` is now `remove` for *ship-v2*.']);
      fake.channels.get('C0SHIP')!.members.add(CAROL.id);
      await event(eventFixture('member-joined-channel-invited'));
      expect(fake.of('conversations.kick')).toEqual([{ channel: 'C0SHIP', user: CAROL.id }]);
      const told = fake.of('chat.postMessage').find((m) => m['channel'] === CAROL.id);
      expect(String(told?.['text'])).toContain('You were removed from *ship-v2*');
      expect(Number(((await e2e.db.knex('join_bypasses').where({ state: 'auto-removed' }).count({ n: '*' }).first()) as { n: unknown }).n)).toBe(1);
    });
  });
});
