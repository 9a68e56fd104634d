// MSG-10 on Teams, end to end through the running server (emulator mode, the
// connector on loopback): admins add entries by mentioning Charter, a channel post
// that asks an entry's question gets the answer as a reply in its thread (a post
// to the conversation `<channel>;messageid=<root>` through the channel's stored
// reference), in English and in Chinese, a thread reply's answer goes to that
// thread, and `faq ask` answers the person who typed it.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { DATABASES } from '../support/db.js';
import { teamsE2E } from '../support/e2e.js';
import { CHANNEL, TENANT, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };
const LI: TeamsUser = { id: '29:1li', name: '李雷', aadObjectId: 'aad-li-0000-0000-0000-000000000006' };

type Json = Record<string, unknown>;

describe.each(DATABASES)('Teams FAQ ($name)', (target) => {
  const e2e = teamsE2E(target, { channel: [ADA, BOB, LI], team: [], env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` } });
  const { connector } = e2e;

  async function send(activity: Json): Promise<void> {
    const r = await e2e.teams.send(activity);
    expect(r.status).toBe(200);
    await e2e.charter.settle();
  }
  /** A command mentioning Charter in the channel; what Charter answered in its thread. */
  async function command(user: TeamsUser, text: string, locale = 'en-US'): Promise<Json> {
    const activity = e2e.teams.channelMessage(user, text, [], locale);
    await send(activity);
    return connector.sent(`${CHANNEL};messageid=${String(activity['id'])}`).at(-1) ?? {};
  }
  const cardOf = (activity: Json | undefined) => ((activity?.['attachments'] as { content: Json }[] | undefined)?.[0]?.content ?? {}) as Json;
  /** Everything Charter posted into the channel's threads by itself (command replies excluded). */
  const answers = () => connector.calls.filter((c) => c.method === 'POST' && c.conversation.startsWith(`${CHANNEL};messageid=`) && /Answered automatically|此回复由问答库自动给出/.test(JSON.stringify(c.body)));

  beforeAll(async () => {
    await command(ADA, 'group register project Ship the release');
  });

  it('answers a channel post in its thread, in English and in Chinese, and answers faq ask', async () => {
    expect(JSON.stringify(await command(ADA, 'faq add How do I reset my VPN password? | Open https://vpn.example.com/reset and follow the steps.'))).toContain('Added FAQ #');
    expect(JSON.stringify(await command(ADA, '问答 添加 怎么申请年假？ | 在 HR 系统里提交申请。', 'zh-CN'))).toContain('已为');
    expect(JSON.stringify(await command(BOB, 'faq add Q? | A'))).toContain('Only the admins of **ship-v2**');

    const post = e2e.teams.channelPost(BOB, 'How can I reset my VPN password?');
    await send(post);
    const thread = `${CHANNEL};messageid=${String(post['id'])}`;
    const english = connector.calls.filter((c) => c.method === 'POST' && c.conversation === thread);
    expect(english).toHaveLength(1);
    expect(english[0]!.activityId).toBe(post['id']);
    const card = cardOf(english[0]!.body);
    expect(adaptiveProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('vpn.example.com/reset');
    expect(JSON.stringify(card)).toContain('Answered automatically from the FAQ');

    // A reply in that thread asking in Chinese is answered in the same thread.
    const reply = e2e.teams.channelPost(LI, '请问年假怎么申请？', { locale: 'zh-CN' });
    await send({ ...reply, conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: thread }, replyToId: post['id'] });
    const inThread = connector.calls.filter((c) => c.method === 'POST' && c.conversation === thread);
    expect(inThread).toHaveLength(2);
    const chinese = JSON.stringify(cardOf(inThread[1]!.body));
    expect(chinese).toContain('在 HR 系统里提交申请。');
    expect(chinese).toContain('此回复由问答库自动给出');

    // A statement is left alone; `faq ask` answers whoever asked.
    await send(e2e.teams.channelPost(BOB, 'VPN password reset works again.'));
    expect(answers()).toHaveLength(2);
    const asked = cardOf(await command(LI, '问答 问 年假要怎么请', 'zh-CN'));
    expect(adaptiveProblems(asked)).toEqual([]);
    expect(JSON.stringify(asked)).toContain('在 HR 系统里提交申请。');
    expect((await e2e.db.knex('audit_log').where({ action: 'faq.reply' }).select('target_id')).map((a) => a.target_id)).toEqual([post['id'], reply['id']]);
  });
});
