// MSG-10 FAQ auto-reply in the core with the real store: entries added, listed,
// asked and removed by the right people (audited), and a question posted in a
// group answered in its thread once, in the entry's language, while edits, bots,
// unsure matches and other groups' entries leave Charter quiet.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { MessageEvent } from '../../src/core/inputs.js';
import type { Reply } from '../../src/core/replies.js';
import type { FaqAnswerCard, FaqListCard } from '../../src/features/faq/cards.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { dumpAllTables, residentId } from '../support/dlp.js';
import { actorOf, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { messageEvent } from '../support/messages.js';
import { RecordingPlatform } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const SHIP: Conv = { id: 'CSHIP', kind: 'channel', name: 'ship', teamId: null };
const OPS: Conv = { id: 'COPS', kind: 'channel', name: 'ops', teamId: null };
const DM: Conv = { id: 'D1', kind: 'direct', name: null, teamId: null };
const VPN = 'How do I reset my VPN password? | Open https://vpn.example.com/reset and follow the steps.';
const LEAVE = '怎么申请年假？ | 在 HR 系统里提交申请，直属经理审批。';
const WIFI = 'What is the guest Wi-Fi password? | Ask at reception: it changes every Monday.';

let seq = 0;
function message(user: string, conv: Conv, text: string, over: Partial<MessageEvent> = {}): MessageEvent & { type: 'message' } {
  seq += 1;
  return messageEvent({ workspace: 'T1', channel: conv.id, user, messageId: `m${seq}`, text, at: new Date('2026-11-24T03:00:00Z') }, over);
}

describe.each(DATABASES)('FAQ ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  let store: CharterStore;
  const clock = new TestClock();
  const logs = memoryLogger();

  const run = async (user: string, text: string, conv: Conv = SHIP): Promise<Reply> => (await handleCommand(core.deps, { actor: actorOf(user), conversation: conv, text })).reply;
  const on = (e: MessageEvent & { type: 'message' }) => handlePlatformEvent(core.deps, e);
  const replies = () => platform.of('replyInThread').map((c) => ({ channel: c.channel, thread: c.threadId, locale: c.message.locale, card: (c.message as unknown as { card: FaqAnswerCard }).card }));
  const idOf = (r: Reply) => Number((r as unknown as { text: { params: { id: number } } }).text.params.id);

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-24T03:00:00Z');
    await resetDatabase(db);
    platform = new RecordingPlatform();
    for (const u of ['UADA', 'UOWN', 'UMO', 'UBOB', 'UZOE']) platform.profiles.set(u, { realName: u });
    for (const c of [SHIP, OPS]) platform.members.set(c.id, new Set(['UADA', 'UOWN', 'UMO', 'UBOB', 'UZOE']));
    core = await startCore(db, platform, clock, logs);
    store = core.store;
    await run('UADA', 'group register project Ship the release');
    await run('UADA', 'role grant <@UOWN> owner runs it');
    await run('UOWN', 'role grant <@UMO> moderator keeps order');
    await run('UADA', 'group register project Keep things running', OPS);
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  it('is managed by the group’s admins and, workspace-wide, by super admins; listed and asked by anyone; audited', async () => {
    expect(await run('UBOB', `faq add ${VPN}`)).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'faq.forbiddenGroup', params: { group: 'ship' } } });
    const vpn = await run('UMO', `faq add ${VPN}`);
    expect(vpn).toMatchObject({ kind: 'text', text: { key: 'faq.added', params: { question: 'How do I reset my VPN password?' } } });
    expect(await run('UOWN', `问答 添加 ${LEAVE}`)).toMatchObject({ kind: 'text', text: { key: 'faq.added', params: { question: '怎么申请年假？' } } });
    expect(await run('UOWN', `faq add ${WIFI}`, DM)).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'faq.forbiddenWorkspace' } });
    expect(await run('UADA', `faq add ${WIFI}`, DM)).toMatchObject({ kind: 'text', text: { key: 'faq.added', params: { where: { key: 'faq.where.workspace' } } } });
    expect(await run('UOWN', 'faq add how do I reset my vpn password | again')).toMatchObject({ kind: 'error', code: 'conflict', text: { key: 'faq.duplicate' } });
    // An ID or card number would be shown to everyone who asks: refused, and not stored.
    const id = residentId('11010519900307123');
    expect(await run('UOWN', `faq add what is the boss's ID? | ${id}`)).toMatchObject({ kind: 'error', code: 'invalid-input', text: { key: 'faq.sensitive' } });
    expect(await dumpAllTables(db)).not.toContain(id);

    // Malformed commands get the usage, in the person's language.
    const usage = (r: Reply) => (r as unknown as { text: { params: { error: { key: string }; usage: { key: string } } } }).text.params;
    for (const [cmd, key] of [
      ['faq add no separator here', 'faq.addUsage'],
      ['faq add   | an answer', 'faq.emptyQuestion'],
      ['问答 添加 问题？ |  ', 'faq.emptyAnswer'],
      [`faq add ${'q'.repeat(301)} | a`, 'faq.questionTooLong'],
      [`faq add q? | ${'a'.repeat(2001)}`, 'faq.answerTooLong'],
      ['faq remove twelve', 'faq.removeUsage'],
      ['faq ask', 'faq.askUsage'],
      ['faq frobnicate', 'command.unknownSubcommand'],
    ]) {
      const r = await run('UOWN', cmd as string);
      expect(r, cmd).toMatchObject({ kind: 'error', code: 'invalid-input', text: { key: 'command.errorWithUsage' } });
      expect(usage(r), cmd).toMatchObject({ error: { key }, usage: { key: 'usage.faq' } });
    }

    const list = (r: Reply) => (r as unknown as { card: FaqListCard }).card;
    expect(list(await run('UBOB', 'faq list'))).toMatchObject({ kind: 'faq.list', group: 'ship', total: 3 });
    expect(list(await run('UBOB', '问答')).entries.map((e) => [e.question, e.workspace])).toEqual([
      ['How do I reset my VPN password?', false],
      ['怎么申请年假？', false],
      ['What is the guest Wi-Fi password?', true],
    ]);
    expect(list(await run('UBOB', 'faq list', OPS)).entries.map((e) => e.question)).toEqual(['What is the guest Wi-Fi password?']);
    expect(list(await run('UBOB', 'faq list', DM)).group).toBeNull();

    expect(await run('UBOB', 'faq ask vpn password reset?')).toMatchObject({ kind: 'card', card: { kind: 'faq.answer', id: idOf(vpn), auto: false, answer: expect.stringContaining('vpn.example.com') } });
    expect(await run('UZOE', '问答 问 年假要怎么请')).toMatchObject({ kind: 'card', card: { kind: 'faq.answer', question: '怎么申请年假？' } });
    expect(await run('UBOB', 'faq ask is the vpn down?')).toMatchObject({ kind: 'text', text: { key: 'faq.noMatchClose', params: { close: [{ key: 'faq.closeLine', params: { id: idOf(vpn) } }] } } });
    expect(await run('UBOB', 'faq ask when is lunch')).toMatchObject({ kind: 'text', text: { key: 'faq.noMatch' } });
    // The other group's entries are not asked about here (the workspace's Wi-Fi entry is only close).
    expect(await run('UBOB', 'faq ask how do I reset my VPN password', OPS)).toMatchObject({ kind: 'text', text: { key: 'faq.noMatchClose' } });

    expect(await run('UBOB', `faq remove ${idOf(vpn)}`)).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UMO', `faq remove #${idOf(vpn)}`, DM)).toMatchObject({ kind: 'text', text: { key: 'faq.removed' } });
    expect(await run('UMO', `faq remove ${idOf(vpn)}`)).toMatchObject({ kind: 'error', code: 'not-found' });
    const wifi = list(await run('UBOB', 'faq list', DM)).entries[0]!.id;
    expect(await run('UOWN', `faq remove ${wifi}`)).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'faq.forbiddenWorkspace' } });

    const audit = async (action: string) => (await store.audit.list('slack:T1', { action })).map((a) => [a.actorId, a.outcome, a.details?.['scope']]);
    expect(await audit('faq.add')).toEqual([
      ['slack:UBOB', 'refused', 'group'],
      ['slack:UMO', 'ok', 'group'],
      ['slack:UOWN', 'ok', 'group'],
      ['slack:UOWN', 'refused', 'workspace'],
      ['slack:UADA', 'ok', 'workspace'],
    ]);
    expect(await audit('faq.remove')).toEqual([
      ['slack:UBOB', 'refused', 'group'],
      ['slack:UMO', 'ok', 'group'],
      ['slack:UOWN', 'refused', 'workspace'],
    ]);
    expect((await store.audit.list('slack:T1', { action: 'faq.remove' }))[1]).toMatchObject({ targetId: String(idOf(vpn)), details: { question: 'How do I reset my VPN password?' } });
  });

  it('answers a question in its thread once, in the entry’s language, and stays quiet when unsure', async () => {
    await run('UMO', `faq add ${VPN}`);
    await run('UOWN', `问答 添加 ${LEAVE}`);
    await run('UADA', `faq add ${WIFI}`, DM);

    const asked = message('UBOB', SHIP, 'I forgot my VPN password, how can I reset it?');
    await on(asked);
    await on(asked); // the same event again: answered already
    expect(replies()).toEqual([
      { channel: 'CSHIP', thread: asked.messageId, locale: 'en', card: expect.objectContaining({ kind: 'faq.answer', auto: true, question: 'How do I reset my VPN password?' }) },
    ]);

    // A question asked in a thread is answered in that thread, once per thread.
    const inThread = message('UZOE', SHIP, '请问年假怎么申请？', { threadId: 'mROOT' });
    await on(inThread);
    await on(message('UBOB', SHIP, '年假怎么申请呢？', { threadId: 'mROOT' }));
    expect(replies().slice(1)).toEqual([{ channel: 'CSHIP', thread: 'mROOT', locale: 'zh-CN', card: expect.objectContaining({ question: '怎么申请年假？', answer: '在 HR 系统里提交申请，直属经理审批。' }) }]);

    // Edits, deletions, bots, statements and unsure matches: nothing.
    await on(message('UBOB', SHIP, 'How do I reset my VPN password?', { kind: 'edited' }));
    await on(message('UBOB', SHIP, '', { kind: 'deleted', author: null }));
    await on(message('BOT1', SHIP, 'How do I reset my VPN password?', { author: { platformUserId: 'BOT1', address: 'BOT1', displayName: '', isBot: true } }));
    await on(message('UBOB', SHIP, 'I reset my VPN password.'));
    await on(message('UBOB', SHIP, 'Is the VPN down for everyone?'));
    await on(message('UBOB', SHIP, '年会在哪里举行？'));
    // Another group has its own entries; the workspace's answer everywhere.
    await on(message('UBOB', OPS, 'How do I reset my VPN password?'));
    expect(replies()).toHaveLength(2);
    const guests = message('UBOB', OPS, 'where do guests find the wifi password?');
    await on(guests);
    expect(replies().at(-1)).toMatchObject({ channel: 'COPS', card: { question: 'What is the guest Wi-Fi password?' } });

    // A failed post gives the claim back: the platform's retry of the event is answered.
    platform.groupPostsFail = true;
    const retried = message('UZOE', SHIP, 'how to reset vpn password?');
    await on(retried);
    platform.groupPostsFail = false;
    await on(retried);
    // Recorded: the failed attempt, then the answer.
    expect(replies().slice(-2).map((r) => r.thread)).toEqual([retried.messageId, retried.messageId]);
    expect(replies()).toHaveLength(5);

    const audit = await store.audit.list('slack:T1', { action: 'faq.reply' });
    expect(audit.map((a) => [a.actorId, a.targetId, a.details?.['thread']])).toEqual([
      ['system', asked.messageId, false],
      ['system', inThread.messageId, true],
      ['system', guests.messageId, false],
      ['system', retried.messageId, false],
    ]);
    // Message text is written nowhere: the claims and the audit hold ids.
    const claims = await db.knex('faq_replies').select('*');
    expect(claims).toHaveLength(4);
    for (const written of [JSON.stringify(audit), JSON.stringify(claims)]) {
      expect(written).not.toContain('forgot');
      expect(written).not.toContain('请问');
    }
  });
});
