// Keyword lists (MSG-6), sensitive data (MSG-7), the external tier's links (MSG-8)
// and escalation (MSG-9), in the core with the real store and job runner.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormModel } from '../../src/core/cards.js';
import { handleCardAction, handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { MessageEvent } from '../../src/core/inputs.js';
import type { Reply } from '../../src/core/replies.js';
import type { AlertCard, EscalationCard } from '../../src/features/keywords/cards.js';
import type { KeywordStore } from '../../src/features/keywords/store.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { actorOf, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { dumpAllTables, residentId } from '../support/dlp.js';
import { memoryLogger } from '../support/log.js';
import { messageEvent } from '../support/messages.js';
import { RecordingPlatform, SLACK_LIKE } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const TEAM: Conv = { id: 'CTEAM', kind: 'channel', name: 'team', teamId: null };
const PARTNERS: Conv = { id: 'CPART', kind: 'channel', name: 'partners', teamId: null };
const DM: Conv = { id: 'D1', kind: 'direct', name: null, teamId: null };
const DAY = 86_400_000;

const ID = residentId('11010519900307123');

let seq = 0;
function message(user: string, conv: Conv, text: string, over: Partial<MessageEvent> = {}): MessageEvent & { type: 'message' } {
  seq += 1;
  return messageEvent({ workspace: 'T1', channel: conv.id, user, messageId: `k${seq}`, text, at: new Date('2026-11-24T03:00:00Z') }, over);
}

describe.each(DATABASES)('keywords and sensitive data ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  let store: CharterStore & KeywordStore;
  const clock = new TestClock();
  const logs = memoryLogger();

  const run = async (user: string, text: string, conv: Conv = TEAM): Promise<Reply> => {
    const { reply } = await handleCommand(core.deps, { actor: actorOf(user), conversation: conv, text });
    await core.settle();
    return reply;
  };
  const on = async (e: MessageEvent & { type: 'message' }) => {
    await handlePlatformEvent(core.deps, e);
    await core.settle();
  };
  const click = async (user: string, actionId: string, payload: Record<string, string>, inputs: Record<string, string> = {}) => {
    const { result } = await handleCardAction(core.deps, { actor: actorOf(user), actionId, payload, inputs });
    await core.settle();
    return result;
  };
  const toAuthor = (user: string) => platform.of('remindPrivately').filter((c) => c.to === user).map((c) => ('text' in c.message ? c.message.text : null));
  const cards = <C>(kind: string) => platform.of('sendPrivate').flatMap((c) => ('card' in c.message && c.message.card.kind === kind ? [{ to: c.to, card: c.message.card as unknown as C }] : []));

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-24T03:00:00Z');
    await resetDatabase(db);
    platform = new RecordingPlatform({ ...SLACK_LIKE, deleteMessage: true });
    for (const u of ['UADA', 'UOWN', 'UMO', 'UBOB']) platform.profiles.set(u, { realName: u });
    for (const c of [TEAM, PARTNERS]) platform.members.set(c.id, new Set(['UADA', 'UOWN', 'UMO', 'UBOB']));
    core = await startCore(db, platform, clock, logs);
    store = core.store as CharterStore & KeywordStore;
    await run('UADA', 'group register project The launch team');
    await run('UADA', 'role grant <@UOWN> owner runs it');
    await run('UOWN', 'role grant <@UMO> moderator keeps order');
    await run('UADA', 'group register project Work with partners --tier external', PARTNERS);
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  it('removes spam written to dodge the list, tells the author privately, and alerts the moderators once', async () => {
    const spam = message('UBOB', TEAM, '兼职日结，加 微 信 abc123 详聊');
    await on(spam);
    await on(spam); // a retried event
    expect(platform.of('deleteMessage')).toEqual([{ op: 'deleteMessage', channel: 'CTEAM', messageId: spam.messageId }]);
    expect(toAuthor('UBOB')).toEqual([expect.objectContaining({ key: 'keywords.toAuthor.removed' })]);
    const alerts = cards<AlertCard>('keywords.alert');
    expect(alerts.map((a) => a.to).sort()).toEqual(['UADA', 'UMO', 'UOWN']); // Ada registered the group: its owner too
    expect(alerts[0]?.card).toMatchObject({ removed: true, state: 'open', findings: [{ source: 'keyword', rule: { key: 'keywords.rule.list' } }] });
    const findings = await db.knex('message_findings').select('source', 'rule', 'sample');
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ source: 'keyword', rule: 'spam' });
    expect(JSON.stringify(await db.knex('message_findings').select())).not.toContain('abc123');
    // A removed message is not answered by the FAQ, however well it matches.
    await run('UOWN', 'faq add How do I reset my VPN password | Use the self-service portal.');
    await on(message('UBOB', TEAM, 'How do I reset my VPN password? 加微信 abc123'));
    expect(platform.of('deleteMessage')).toHaveLength(2);
    expect(platform.of('replyInThread')).toEqual([]);
    await on(message('UMO', TEAM, 'How do I reset my VPN password?'));
    expect(platform.of('replyInThread')).toHaveLength(1);
    // The owner is exempt from the built-in list.
    await on(message('UOWN', TEAM, '加微信 for the vendor'));
    expect(platform.of('deleteMessage')).toHaveLength(2);
  });

  it('removes an ID number with guidance, and keeps the raw number out of every table and the log', async () => {
    const spaced = `${ID.slice(0, 6)} ${ID.slice(6, 14)} ${ID.slice(14)}`;
    await on(message('UBOB', TEAM, `my id is ${ID}, call me`));
    await on(message('UBOB', TEAM, `again: ${spaced}`, { kind: 'edited' }));
    expect(platform.of('deleteMessage')).toHaveLength(2);
    const told = toAuthor('UBOB');
    expect(told[0]).toMatchObject({ key: 'keywords.toAuthor.removed', params: { guidance: { key: 'keywords.toAuthor.guidance' } } });
    expect(JSON.stringify(told)).toContain(`${ID.slice(0, 4)}`);
    expect(JSON.stringify(told)).not.toContain(ID.slice(4, 14));
    const dump = await dumpAllTables(db);
    expect(dump).toContain('resident-id');
    expect(dump).not.toContain(ID);
    expect(dump).not.toContain(ID.slice(6, 14));
    expect(logs.text()).not.toContain(ID.slice(6, 14));
    expect(JSON.stringify(platform.calls.filter((c) => c.op === 'sendPrivate'))).not.toContain(ID.slice(6, 14));
  });

  it('lets super admins manage lists in either language, refuses others, and rebuilds the matcher on a change', async () => {
    expect(await run('UBOB', 'keyword add spam 代购')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UOWN', '规则 关键词 添加 spam 代购')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UADA', '关键词 添加 spam 代购', DM)).toMatchObject({ kind: 'text', text: { key: 'keywords.added' } });
    // A lookahead needs backtracking: refused when added. `(a+)+$` is fine: matching is linear in RE2.
    expect(await run('UADA', 'policy keyword add spam "(?=free)gift" --regex', DM)).toMatchObject({ kind: 'error', text: { key: 'keywords.rejected.unsafe-regex' } });
    expect(await run('UADA', 'policy keyword add spam "(a+)+$" --regex', DM)).toMatchObject({ kind: 'text', text: { key: 'keywords.added' } });
    expect(await run('UADA', 'keyword add spam 代购', DM)).toMatchObject({ kind: 'error', code: 'conflict' });
    // A personal number never becomes a list entry (it would be stored and shown with the list).
    expect(await run('UADA', `keyword add spam ${ID}`, DM)).toMatchObject({ kind: 'error', text: { key: 'keywords.rejected.sensitive' } });
    expect(JSON.stringify(await db.knex('keyword_entries').select('pattern'))).not.toContain(ID);
    expect(await run('UADA', 'keyword add nolist x', DM)).toMatchObject({ kind: 'error', code: 'not-found' });
    await on(message('UBOB', TEAM, '专业代购，价格优惠'));
    expect(platform.of('deleteMessage')).toHaveLength(1);

    expect(await run('UADA', 'keyword create banned "Banned topics" 违禁话题 --action warn', DM)).toMatchObject({ kind: 'text', text: { key: 'keywords.created' } });
    expect(await run('UADA', 'keyword add banned gossip --whole', DM)).toMatchObject({ kind: 'text' });
    await on(message('UBOB', TEAM, 'some gossip here'));
    expect(toAuthor('UBOB')).toHaveLength(1); // the group does not use `banned` yet
    await run('UOWN', 'policy set keywords.lists spam,banned');
    await on(message('UBOB', TEAM, 'some gossip here'));
    await on(message('UBOB', TEAM, 'gossiping is fine'));
    // The author learns the list, not its entries.
    expect(toAuthor('UBOB').at(-1)).toMatchObject({ key: 'keywords.toAuthor.warned', params: { reasons: [{ key: 'keywords.rule.list' }] } });
    expect(JSON.stringify(toAuthor('UBOB').at(-1))).not.toContain('gossip');
    expect(toAuthor('UBOB')).toHaveLength(2);

    const form = (await run('UADA', 'keyword import banned', DM)) as { kind: 'form'; form: FormModel };
    expect(form.kind).toBe('form');
    const report = await click('UADA', 'keywords.import', form.form.action.payload as Record<string, string>, { csv: 'pattern,kind\nrumour,whole\n"a, b"\n(x\\1),regex\nbad,unknown\ngossip,whole\n' });
    expect(report).toMatchObject({ kind: 'notice', notice: { key: 'keywords.import.started', params: { count: 3 } } });
    const sent = platform.of('sendPrivate').filter((c) => c.to === 'UADA').map((c) => ('text' in c.message ? c.message.text : null));
    expect(sent.at(-1)).toMatchObject({ key: 'keywords.import.doneWithRejects', params: { added: 2, duplicates: 1, rejected: 2 } });
    // The same file again adds nothing; a member's forged submission is refused and audited.
    await click('UADA', 'keywords.import', form.form.action.payload as Record<string, string>, { csv: 'rumour,whole\n' });
    expect(platform.of('sendPrivate').filter((c) => c.to === 'UADA').at(-1)?.message).toMatchObject({ text: { key: 'keywords.import.done', params: { added: 0, duplicates: 1 } } });
    expect(await click('UBOB', 'keywords.import', form.form.action.payload as Record<string, string>, { csv: 'anything\n' })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await click('UADA', 'keywords.import', { list: 'no-such-list' }, { csv: 'x\n' })).toMatchObject({ kind: 'error', code: 'not-found' });
    const audit = await store.audit.list('slack:T1', { action: 'keyword.import' });
    expect(audit.map((a) => [a.actorId, a.outcome, a.details])).toEqual([
      ['slack:UADA', 'ok', { added: 2, rejected: 2 }],
      ['slack:UADA', 'ok', { added: 0, rejected: 0 }],
      ['slack:UBOB', 'refused', {}],
    ]);
  });

  it('counts violations: the third in 30 days goes to the moderators, who warn once; dismissals do not count', async () => {
    await on(message('UBOB', TEAM, '加微信领取'));
    await on(message('UBOB', TEAM, '博彩网站'));
    const [first] = cards<AlertCard>('keywords.alert');
    // A member cannot decide; a moderator dismisses as a false positive; the owner's later click is too late.
    expect(await click('UBOB', 'keywords.dismiss', { alertId: first!.card.alertId })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await click('UMO', 'keywords.dismiss', { alertId: first!.card.alertId })).toMatchObject({ kind: 'card', card: { state: 'dismissed' } });
    expect(await click('UOWN', 'keywords.escalate', { alertId: first!.card.alertId })).toMatchObject({ kind: 'card', notice: { key: 'keywords.alert.already.dismissed' } });
    expect(platform.of('updateCard').length).toBeGreaterThanOrEqual(2);

    await on(message('UBOB', TEAM, `id ${ID}`));
    expect(cards<EscalationCard>('keywords.escalation')).toEqual([]); // two count: one was dismissed
    clock.advance(10 * DAY);
    await on(message('UBOB', TEAM, '网赌平台'));
    const escalations = cards<EscalationCard>('keywords.escalation');
    expect(escalations.map((e) => e.to).sort()).toEqual(['UADA', 'UMO', 'UOWN']);
    expect(escalations[0]?.card).toMatchObject({ count: 3, windowDays: 30, state: 'open' });
    expect(escalations[0]?.card.history).toHaveLength(3);
    const id = escalations[0]!.card.escalationId;
    // A click from another workspace, or with an id that is not one, finds nothing.
    const elsewhere = await handleCardAction(core.deps, { actor: actorOf('UMO', 'T2'), actionId: 'keywords.warn-person', payload: { escalationId: id }, inputs: {} });
    expect(elsewhere.result).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UMO', 'keywords.warn-person', { escalationId: 'not-a-uuid' })).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UBOB', 'keywords.warn-person', { escalationId: id })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await click('UMO', 'keywords.warn-person', { escalationId: id })).toMatchObject({ kind: 'card', card: { state: 'warned' } });
    expect(await click('UOWN', 'keywords.warn-person', { escalationId: id })).toMatchObject({ kind: 'card', notice: { key: 'keywords.escalation.already.warned' } });
    expect(platform.texts().filter(([to, key]) => to === 'UBOB' && key === 'keywords.escalation.warning')).toHaveLength(1);
    // A fourth violation in the same window does not escalate again.
    await on(message('UBOB', TEAM, '网赌平台 again'));
    expect(cards<EscalationCard>('keywords.escalation')).toHaveLength(3);
  });

  it('lets one moderator decision win: remove with a reason (claimed first), dismiss too late; strangers and other workspaces refused', async () => {
    await run('UADA', 'keyword create banned "Banned topics" 违禁话题 --action alert', DM);
    await run('UADA', 'keyword add banned forbidden', DM);
    await run('UOWN', 'policy set keywords.lists spam,banned');
    const post = message('UBOB', TEAM, 'a forbidden topic');
    await on(post);
    expect(platform.of('deleteMessage')).toEqual([]);
    const [alert] = cards<AlertCard>('keywords.alert');
    const id = alert!.card.alertId;
    expect(alert!.card.link).toBe(`https://chat.example.test/CTEAM/${post.messageId}`);
    // Only super admins get the button that teaches the list.
    const actionsOf = (to: string) => cards<AlertCard>('keywords.alert').find((c) => c.to === to)!.card.actions.map((a) => a.id);
    expect(actionsOf('UADA')).toContain('keywords.allow');
    expect(actionsOf('UMO')).not.toContain('keywords.allow');

    expect(await click('UBOB', 'keywords.review', { alertId: id })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    const other = await handleCardAction(core.deps, { actor: actorOf('UMO', 'T2'), actionId: 'keywords.dismiss', payload: { alertId: id }, inputs: {} });
    expect(other.result).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UMO', 'keywords.remove', { alertId: id })).toMatchObject({ kind: 'form', form: { action: { id: 'keywords.remove' } } });
    const [removed, dismissed] = await Promise.all([click('UMO', 'keywords.remove', { alertId: id }, { reason: 'off topic' }), click('UOWN', 'keywords.dismiss', { alertId: id })]);
    // One decision wins; the other click is told who decided (or that the removal is under way).
    const winners = [removed, dismissed].filter((r) => r.kind === 'card' && r.notice === null);
    expect(winners).toHaveLength(1);
    expect([removed, dismissed].filter((r) => r.kind === 'card' && r.notice !== null)).toHaveLength(1);
    const row = await db.knex('moderation_alerts').where({ id }).first('state', 'removed', 'reason');
    if (row.state === 'removed') {
      expect(row).toEqual({ state: 'removed', removed: true, reason: 'off topic' });
      expect(platform.of('deleteMessage')).toHaveLength(1);
      expect(platform.texts()).toContainEqual(['UBOB', 'keywords.toAuthor.removedBy']);
    } else expect(platform.of('deleteMessage')).toEqual([]);
    expect(platform.of('updateCard').filter((u) => (u.card as AlertCard).alertId === id).length).toBe(3);
  });

  it('removes a person after an escalation, but never the group\'s owners', async () => {
    for (const t of ['加微信 1', '加微信 2', '加微信 3']) await on(message('UBOB', TEAM, t));
    const [bob] = cards<EscalationCard>('keywords.escalation');
    expect(await click('UMO', 'keywords.remove-person', { escalationId: bob!.card.escalationId })).toMatchObject({ kind: 'form' });
    expect(await click('UMO', 'keywords.remove-person', { escalationId: bob!.card.escalationId }, { reason: 'repeated spam' })).toMatchObject({ kind: 'card', card: { state: 'removed' } });
    expect(platform.of('removeMember')).toEqual([{ op: 'removeMember', channel: 'CTEAM', user: 'UBOB' }]);
    expect(platform.texts()).toContainEqual(['UBOB', 'keywords.escalation.removedToYou']);

    // The moderator's own violations are escalated (nobody is exempt from DLP) but not removable by Charter.
    for (const i of [1, 2, 3]) await on(message('UMO', TEAM, `id ${ID} #${i}`));
    const mo = cards<EscalationCard>('keywords.escalation').find((c) => c.card.person.address === 'UMO');
    expect(await click('UOWN', 'keywords.remove-person', { escalationId: mo!.card.escalationId }, { reason: 'x' })).toMatchObject({ kind: 'notice', notice: { key: 'keywords.escalation.holdsRole' } });
  });

  it('leaves a removal to a person in Teams where the group\'s team holds other governed groups', async () => {
    // Teams-like: a removal takes someone out of the whole team, and every group here shares one.
    core.deps = { ...core.deps, capabilities: { ...core.deps.capabilities, removalScope: 'team' } };
    await db.knex('groups').update({ team_id: '19:team@thread.tacv2' });
    for (const t of ['加微信 1', '加微信 2', '加微信 3']) await on(message('UBOB', TEAM, t));
    const [bob] = cards<EscalationCard>('keywords.escalation');
    const refused = { kind: 'notice', notice: { key: 'keywords.escalation.teamWide' } };
    expect(await click('UMO', 'keywords.remove-person', { escalationId: bob!.card.escalationId }, { reason: 'repeated spam' })).toMatchObject(refused);
    expect(await click('UMO', 'keywords.remove-person', { escalationId: bob!.card.escalationId }, { reason: 'repeated spam' })).toMatchObject(refused);
    expect(platform.of('removeMember')).toEqual([]);
  });

  it('keeps an external-tier group to its allowed domains, and spreadsheets out where the policy says so', async () => {
    await on(message('UBOB', PARTNERS, 'see <https://evil.example.net/x|here>'));
    expect(platform.of('deleteMessage')).toHaveLength(1);
    await run('UADA', 'policy set links.domains acme.com', PARTNERS);
    await on(message('UBOB', PARTNERS, 'docs at https://docs.acme.com/a'));
    expect(platform.of('deleteMessage')).toHaveLength(1);
    await on(message('UBOB', TEAM, 'see https://evil.example.net/x'));
    expect(platform.of('deleteMessage')).toHaveLength(1);
    // Spreadsheets and source code: allowed unless the group's policy says otherwise.
    const sheet = { files: [{ id: 'F1', name: 'Q4 工资表.xlsx', mimeType: null, size: 2048 }] };
    await on(message('UBOB', TEAM, '', sheet));
    expect(platform.of('deleteMessage')).toHaveLength(1);
    expect(toAuthor('UBOB').at(-1)).toMatchObject({ key: 'keywords.toAuthor.warned', params: { guidance: { key: 'keywords.toAuthor.guidance' } } });
    await run('UOWN', 'policy set dlp.files remove');
    await on(message('UBOB', TEAM, '', sheet));
    expect(platform.of('deleteMessage')).toHaveLength(2);
    // A group approved for spreadsheets takes them.
    await run('UOWN', 'policy set dlp.files allow');
    await on(message('UBOB', TEAM, '', sheet));
    expect(await db.knex('message_findings').where({ source: 'file' }).select('rule', 'sample')).toEqual([
      { rule: 'spreadsheet', sample: '*.xlsx' },
      { rule: 'spreadsheet', sample: '*.xlsx' },
    ]);
    // A number hidden in a host name is masked in the sample like any other.
    await on(message('UBOB', PARTNERS, `see <https://${ID}.evil.net/x>`));
    expect(JSON.stringify(await db.knex('message_findings').where({ source: 'link' }).select('sample'))).not.toContain(ID.slice(2, 15));
    const shown = (await run('UADA', 'policy show', PARTNERS)) as unknown as { kind: 'card'; card: { rows: { key: string; source: string }[] } };
    expect(shown.card.rows.find((r) => r.key === 'files.allowed')).toMatchObject({ source: 'tier' });
  });
});
