// MSG-10 on Slack, end to end through the running server: admins add entries
// with the slash command (English and Chinese), a question posted in the channel
// gets the answer in its thread (`chat.postMessage` with `thread_ts`), a question
// asked in a thread is answered in that thread, a statement is left alone, and
// `faq ask` / `faq list` answer the person who typed them.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/cards.js';
import { DATABASES } from '../support/db.js';
import { slackE2E } from '../support/e2e.js';
import { eventFixture, HOOKS, newTrigger, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const LI: SlackUser = { id: 'U0LI', name: 'li', real_name: '李雷', locale: 'zh-CN' };
const SHIP = 'C0SHIP';

describe.each(DATABASES)('Slack FAQ ($name)', (target) => {
  const e2e = slackE2E(target, {
    users: [ADA, BOB, LI],
    channels: { [SHIP]: { name: 'ship', members: [ADA, BOB, LI] } },
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
  });
  const { fake } = e2e;
  let events = 0;
  let ts = 1795489200;

  async function run(user: SlackUser, text: string): Promise<Record<string, unknown>[]> {
    const response_url = `${HOOKS}/commands/T0001/${Math.random().toString(36).slice(2)}`;
    const r = await e2e.slack.command({ user_id: user.id, user_name: user.name, text, channel_id: SHIP, channel_name: 'ship', trigger_id: newTrigger(), response_url });
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    return fake.responses.filter((x) => x.url === response_url).map((x) => x.body);
  }
  /** A person's message in the channel (in a thread when threadTs is given), as the Events API delivers it. */
  async function say(user: SlackUser, text: string, threadTs?: string): Promise<string> {
    events += 1;
    ts += 60;
    const id = `${ts}.000${events}`;
    const event = { user: user.id, channel: SHIP, text, ts: id, event_ts: id, client_msg_id: `c-${events}`, blocks: undefined, ...(threadTs !== undefined ? { thread_ts: threadTs } : {}) };
    const r = await e2e.slack.event(eventFixture('message-channels', event, { event_id: `Ev0FAQ${events}`, event_time: ts }));
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    return id;
  }
  const threadReplies = () => fake.of('chat.postMessage').filter((p) => p['channel'] === SHIP);

  beforeAll(async () => {
    await run(ADA, 'group register project Ship the release');
  });

  it('answers a question in its thread, in English and in Chinese, and answers faq ask and list', async () => {
    expect(String((await run(ADA, 'faq add How do I reset my VPN password? | Open <https://vpn.example.com/reset> and follow the steps.'))[0]?.['text'])).toContain('Added FAQ #');
    expect(String((await run(LI, '问答 添加 怎么申请年假？ | 在 HR 系统里提交申请。'))[0]?.['text'])).toContain('只有');
    expect(String((await run(ADA, '问答 添加 怎么申请年假？ | 在 HR 系统里提交申请。'))[0]?.['text'])).toContain('Added FAQ #');
    expect(String((await run(BOB, 'faq add Q? | A'))[0]?.['text'])).toContain('Only the admins of *ship*');

    await say(BOB, 'Deploy finished, VPN password reset works again.');
    expect(threadReplies()).toEqual([]);

    const asked = await say(BOB, 'Hi all, I forgot my VPN password: how do I reset it?');
    expect(threadReplies()).toHaveLength(1);
    const [english] = threadReplies();
    expect(english).toMatchObject({ channel: SHIP, thread_ts: asked });
    const blocks = JSON.parse(String(english!['blocks'])) as KnownBlock[];
    expect(blockKitProblems(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('vpn.example.com/reset');
    expect(String(english!['text'])).toContain('How do I reset my VPN password?');

    const root = await say(ADA, 'Planning the holidays for next month.');
    const inThread = await say(LI, '请问年假怎么申请？', root);
    expect(threadReplies()).toHaveLength(2);
    const chinese = threadReplies()[1]!;
    expect(chinese).toMatchObject({ channel: SHIP, thread_ts: root });
    expect(chinese['thread_ts']).not.toBe(inThread);
    expect(String(chinese['blocks'])).toContain('在 HR 系统里提交申请。');
    expect(String(chinese['blocks'])).toContain('此回复由问答库自动给出');

    const [answer] = await run(LI, '问答 问 年假要怎么请');
    expect(blockKitProblems(answer!['blocks'] as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(answer!['blocks'])).toContain('在 HR 系统里提交申请。');
    const [list] = await run(BOB, 'faq list');
    expect(blockKitProblems(list!['blocks'] as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(list!['blocks'])).toContain('怎么申请年假？');
    expect(threadReplies()).toHaveLength(2);

    const audit = await e2e.db.knex('audit_log').whereIn('action', ['faq.add', 'faq.reply']).orderBy('id').select('action', 'outcome', 'target_id');
    expect(audit.map((a) => [a.action, a.outcome])).toEqual([
      ['faq.add', 'ok'],
      ['faq.add', 'refused'],
      ['faq.add', 'ok'],
      ['faq.add', 'refused'],
      ['faq.reply', 'ok'],
      ['faq.reply', 'ok'],
    ]);
    expect(audit.slice(-2).map((a) => a.target_id)).toEqual([asked, inThread]);
  });
});
