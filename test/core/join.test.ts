// The core's use cases through its two entry points, on the real store.
// The core's use cases through its entry points, on the real store, with the
// real job runner (pg-boss) carrying the follow-up of each request and decision.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction, handleCommand } from '../../src/core/dispatch.js';
import type { Text } from '../../src/core/messages.js';
import type { ActionResult, Reply } from '../../src/core/replies.js';
import type { JoinRequestCard } from '../../src/features/join/cards.js';
import { MAX_ATTEMPTS } from '../../src/features/join/fulfil.js';
import type { JoinStore } from '../../src/features/join/store.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform, SLACK_LIKE } from '../support/platform.js';

const CHANNEL = { id: 'C1', kind: 'channel' as const, name: 'ship-v2', teamId: null };
const DM = { id: 'D1', kind: 'direct' as const, name: null, teamId: null };

function actor(user: string, locale: 'en' | 'zh-CN' | null = null) {
  return { workspace: { externalId: 'T1', name: 'acme' }, user: { platformUserId: user, address: user, displayName: user.toLowerCase() }, locale };
}

function replyKey(r: Reply): string {
  return r.kind === 'card' ? `card:${r.card.kind}` : r.kind === 'form' ? `form:${r.form.action.id}` : r.text.key;
}

function noticeKey(r: ActionResult): string | null {
  if (r.kind === 'notice') return r.notice.key;
  if (r.kind === 'error') return r.text.key;
  return r.kind === 'card' ? (r.notice?.key ?? null) : 'form';
}

describe.each(DATABASES)('join approval in the core ($name)', (target) => {
  let db: Database;
  let store: CharterStore & JoinStore;
  let platform: RecordingPlatform;
  let core: CoreHarness;
  const clock = new TestClock();
  const logs = memoryLogger();

  async function run(user: string, text: string, conversation = CHANNEL, locale: 'en' | 'zh-CN' | null = null) {
    const { reply } = await handleCommand(core.deps, { actor: actor(user, locale), conversation, text });
    await core.settle();
    return reply;
  }

  async function click(user: string, actionId: string, requestId: string, inputs: Record<string, string> = {}) {
    const { result } = await handleCardAction(core.deps, { actor: actor(user), actionId, payload: { requestId }, inputs });
    await core.settle();
    return result;
  }

  async function pendingId(requester: string): Promise<string> {
    const person = await store.people.findByAddress('slack:T1', requester);
    const group = await store.groups.findActiveByChannel('slack:T1', 'C1');
    const r = await store.joinRequests.findPending(group!.id, person!.id);
    return r!.id;
  }

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });

  async function begin(p: RecordingPlatform) {
    platform = p;
    core = await startCore(db, platform, clock, logs);
    store = core.store as CharterStore & JoinStore;
  }

  beforeEach(async () => {
    clock.set('2026-11-21T09:00:00Z');
    await resetDatabase(db);
    await begin(new RecordingPlatform());
    platform.profiles.set('UADA', { realName: 'Ada Admin', locale: 'en' });
    platform.profiles.set('UMO', { realName: 'Mo Moderator', locale: 'zh-CN' });
    platform.profiles.set('UJANE', { realName: 'Jane Doe', title: 'Engineer', department: 'Apps' });
    platform.members.set('C1', new Set(['UADA', 'UMO', 'UBOB']));
    expect(replyKey(await run('UADA', 'group register project Ship the second version'))).toBe('group.register.done');
    expect(replyKey(await run('UADA', 'role grant <@UMO> moderator covers weekends'))).toBe('role.granted');
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  it('sends one card to each approver, in each one’s language, and tells the requester', async () => {
    const reply = await run('UJANE', 'join #ship-v2 I own the release notes');
    expect(reply).toEqual({ kind: 'text', text: { key: 'join.sent', params: { group: 'ship-v2', count: 2 } } });
    const cards = platform.of('sendPrivate');
    expect(cards.map((c) => [c.to, c.message.locale])).toEqual([
      ['UADA', 'en'],
      ['UMO', 'zh-CN'],
    ]);
    const card = (cards[0]!.message as unknown as { card: JoinRequestCard }).card;
    expect(card).toMatchObject({
      kind: 'join.request',
      state: 'pending',
      reason: 'I own the release notes',
      requester: { realName: 'Jane Doe', title: 'Engineer', department: 'Apps', employment: 'active' },
      actions: [{ id: 'join.approve' }, { id: 'join.deny' }],
    });
    const requestId = await pendingId('UJANE');
    expect(await store.cardPosts.listFor('join_request', requestId)).toHaveLength(2);
    expect((await store.audit.list('slack:T1', { action: 'join.request' }))[0]).toMatchObject({ actorId: 'slack:UJANE', reason: 'I own the release notes' });
  });

  it('refuses what it cannot accept, with a reason each', async () => {
    expect(replyKey(await run('UJANE', 'join #nowhere please'))).toBe('join.unknownGroup');
    expect(replyKey(await run('UBOB', 'join #ship-v2 please'))).toBe('join.alreadyMember');
    expect(replyKey(await run('UMO', 'join #ship-v2 please'))).toBe('join.alreadyMember');
    platform.profiles.set('UEXT', { isExternal: true });
    expect(replyKey(await run('UEXT', 'join #ship-v2 please'))).toBe('join.externalOnly');
    platform.profiles.set('UGONE', { employment: 'inactive' });
    expect(replyKey(await run('UGONE', 'join #ship-v2 please'))).toBe('join.inactive');
    expect(replyKey(await run('UJANE', 'join ship-v2 please'))).toBe('join.sent');
    expect(replyKey(await run('UJANE', 'join <#C1|ship-v2> again please'))).toBe('join.alreadyPending');
    expect(replyKey(await run('UJANE', 'join'))).toBe('command.errorWithUsage');
  });

  it('cleans control characters and bidi overrides from what people type before storing or showing it', async () => {
    const reply = await run('UJANE', 'join #ship-v2 release\u0000 notes \u202Eexe.txt\u202C for \u2066v2\u2069 🎉 发布，谢谢！');
    expect(replyKey(reply)).toBe('join.sent');
    const id = await pendingId('UJANE');
    const stored = (await store.joinRequests.get(id))!.reason;
    expect(stored).toBe('release notes exe.txt for v2 🎉 发布，谢谢！');
    const card = (platform.of('sendPrivate')[0]!.message as unknown as { card: JoinRequestCard }).card;
    expect(card.reason).toBe(stored);
    await click('UADA', 'join.deny', id, { reason: 'not \u202Ewon\u0007 a ✓\r\nsecond line\u200B' });
    expect((await store.joinRequests.get(id))!.decisionReason).toBe('not won a ✓\nsecond line');
    const told = platform.of('sendPrivate').find((c) => c.to === 'UJANE')!.message as { text: Text };
    expect(told.text.params?.['reason']).toBe('not won a ✓\nsecond line');
  });

  it('reads command words typed in full-width letters', async () => {
    expect(replyKey(await run('UJANE', 'ｊｏｉｎ #ship-v2 ｆｕｌｌ-width reason stays as typed'))).toBe('join.sent');
    expect((await store.joinRequests.get(await pendingId('UJANE')))!.reason).toBe('ｆｕｌｌ-width reason stays as typed');
    expect(replyKey(await run('UADA', 'ＧＲＯＵＰ ｉｎｆｏ'))).toBe('card:group.info');
  });

  it('lets only the group’s approvers decide, and logs every refusal', async () => {
    await run('UJANE', 'join #ship-v2 I own the release notes');
    const id = await pendingId('UJANE');
    expect(noticeKey(await click('UBOB', 'join.approve', id))).toBe('join.notAllowed');
    expect(noticeKey(await click('UJANE', 'join.approve', id))).toBe('join.ownRequest');
    expect(noticeKey(await click('UADA', 'join.approve', '00000000-0000-0000-0000-000000000000'))).toBe('join.unknownRequest');
    expect(noticeKey(await click('UADA', 'join.approve', 'not-a-uuid'))).toBe('join.unknownRequest');
    expect(noticeKey(await click('UADA', 'join.explode', id))).toBe('errors.unknownAction');
    expect(platform.of('addMember')).toEqual([]);
    expect((await store.joinRequests.get(id))?.state).toBe('pending');
    const refused = await store.audit.list('slack:T1', { action: 'join.approve' });
    expect(refused.map((a) => [a.actorId, a.outcome])).toEqual([
      ['slack:UBOB', 'refused'],
      ['slack:UJANE', 'refused'],
    ]);
  });

  it('approves once: member added, welcomed, told; every card updated; later clicks told who decided', async () => {
    await run('UJANE', 'join #ship-v2 I own the release notes');
    const id = await pendingId('UJANE');
    const first = await click('UMO', 'join.approve', id);
    expect(first).toMatchObject({ kind: 'card', notice: null, card: { state: 'approved', actions: [] } });
    expect(platform.of('addMember')).toEqual([{ op: 'addMember', channel: 'C1', user: 'UJANE' }]);
    const welcome = platform.of('postToGroup')[0]!.message as { text: Text };
    expect(welcome.text).toMatchObject({ key: 'join.welcome', params: { member: { address: 'UJANE' }, group: 'ship-v2' } });
    expect(platform.of('sendPrivate').map((c) => [c.to, 'text' in c.message ? c.message.text.key : 'card'])).toContainEqual(['UJANE', 'join.approvedToYou']);
    const updates = platform.of('updateCard');
    expect(updates.map((u) => [u.conversationId, u.locale])).toEqual([
      ['D-UADA', 'en'],
      ['D-UMO', 'zh-CN'],
    ]);
    expect((updates[0]!.card as JoinRequestCard).decision).toMatchObject({ by: { address: 'UMO' }, fulfilment: 'done' });

    const again = await click('UADA', 'join.approve', id);
    expect(noticeKey(again)).toBe('join.alreadyDecided.approved');
    expect(await click('UADA', 'join.deny', id, { reason: 'late' })).toMatchObject({ notice: { key: 'join.alreadyDecided.approved' } });
    expect(platform.of('addMember')).toHaveLength(1);
    const audit = (await store.audit.list('slack:T1')).map((a) => `${a.action}:${a.outcome}`);
    expect(audit).toEqual(expect.arrayContaining(['join.approve:ok', 'member.add:ok', 'join.notify:ok']));
  });

  it('lets exactly one of two simultaneous clicks through', async () => {
    await run('UJANE', 'join #ship-v2 I own the release notes');
    const id = await pendingId('UJANE');
    const payload = { requestId: id };
    const results = await Promise.all([
      handleCardAction(core.deps, { actor: actor('UADA'), actionId: 'join.approve', payload, inputs: {} }),
      handleCardAction(core.deps, { actor: actor('UMO'), actionId: 'join.approve', payload, inputs: {} }),
      handleCardAction(core.deps, { actor: actor('UMO'), actionId: 'join.deny', payload, inputs: { reason: 'no' } }),
    ]);
    await core.settle();
    expect(results.filter((r) => r.result.kind === 'card' && r.result.notice === null)).toHaveLength(1);
    expect(platform.of('addMember').length).toBeLessThanOrEqual(1);
    expect((await store.audit.list('slack:T1')).filter((a) => ['join.approve', 'join.deny'].includes(a.action) && a.outcome === 'ok')).toHaveLength(1);
  });

  it('asks for a reason before denying, then tells the requester', async () => {
    await run('UJANE', 'join #ship-v2 I own the release notes');
    const id = await pendingId('UJANE');
    const noField = await click('UADA', 'join.deny', id);
    expect(noField).toMatchObject({ kind: 'form', form: { action: { id: 'join.deny', payload: { requestId: id } }, fields: [{ id: 'reason', required: true }] } });
    expect((noField as Extract<ActionResult, { kind: 'form' }>).form.fields[0]!.error).toBeUndefined();
    const blank = await click('UADA', 'join.deny', id, { reason: '   ' });
    expect(blank).toMatchObject({ kind: 'form', form: { fields: [{ error: { key: 'join.denyForm.required' } }] }, card: { reasonError: { key: 'join.denyForm.required' } } });
    expect(await click('UADA', 'join.deny', id, { reason: 'x'.repeat(501) })).toMatchObject({ kind: 'form', form: { fields: [{ error: { key: 'join.denyForm.tooLong' } }] } });
    expect((await store.joinRequests.get(id))?.state).toBe('pending');

    const denied = await click('UADA', 'join.deny', id, { reason: 'Ask your manager first' });
    expect(denied).toMatchObject({ kind: 'card', card: { state: 'denied', decision: { reason: 'Ask your manager first' } } });
    const told = platform.of('sendPrivate').find((c) => c.to === 'UJANE');
    expect(told?.message).toMatchObject({ text: { key: 'join.deniedToYou', params: { reason: 'Ask your manager first' } } });
    expect(platform.of('addMember')).toEqual([]);
    expect(platform.of('updateCard')).toHaveLength(2);
    expect((await store.audit.list('slack:T1', { action: 'join.deny' }))[0]).toMatchObject({ outcome: 'ok', reason: 'Ask your manager first' });
  });

  it('asks the owners to add the member where the platform cannot', async () => {
    await core.stop();
    await begin(new RecordingPlatform({ ...SLACK_LIKE, addMember: 'ask-owner' }));
    platform.profiles.set('UJANE', { realName: 'Jane Doe' });
    await run('UJANE', 'join #ship-v2 I own the release notes');
    await click('UMO', 'join.approve', await pendingId('UJANE'));
    expect(platform.of('addMember')).toEqual([]);
    const sent = platform.of('sendPrivate').filter((c) => 'text' in c.message).map((c) => [c.to, (c.message as { text: Text }).text.key]);
    expect(sent).toEqual([
      ['UADA', 'join.pleaseAdd'],
      ['UJANE', 'join.approvedOwnerAdds'],
    ]);
    expect((await store.audit.list('slack:T1', { action: 'member.add' }))[0]).toMatchObject({ outcome: 'fallback' });
  });

  it('retries adding after a transient failure (a pg-boss retry), then falls back to the owners', async () => {
    await run('UJANE', 'join #ship-v2 I own the release notes');
    const id = await pendingId('UJANE');
    platform.addMemberResult = new Error('socket hang up');
    await click('UADA', 'join.approve', id);
    expect(await store.joinRequests.get(id)).toMatchObject({ fulfilment: 'failed', fulfilmentAttempts: 1 });
    // Not before the retry delay …
    await core.settle();
    expect(platform.of('addMember')).toHaveLength(1);
    // … then again, and it works.
    platform.addMemberResult = { outcome: 'added' };
    await core.advance(60 * 60_000);
    await core.settle();
    expect(platform.of('addMember')).toHaveLength(2);
    expect(await store.joinRequests.get(id)).toMatchObject({ fulfilment: 'done', fulfilmentAttempts: 2 });

    // A request that never works falls back to the owners after MAX_ATTEMPTS.
    platform.profiles.set('UKIM', {});
    await run('UKIM', 'join #ship-v2 me too');
    const kim = await pendingId('UKIM');
    platform.addMemberResult = new Error('socket hang up');
    await click('UADA', 'join.approve', kim);
    for (let i = 1; i < MAX_ATTEMPTS; i += 1) {
      await core.advance(6 * 60 * 60_000);
      await core.settle();
    }
    expect(await store.joinRequests.get(kim)).toMatchObject({ fulfilment: 'owner-asked', fulfilmentAttempts: MAX_ATTEMPTS });
    expect(platform.texts()).toContainEqual(['UADA', 'join.pleaseAddAfterError']);
    await core.advance(24 * 60 * 60_000);
    await core.settle();
    expect(platform.of('addMember')).toHaveLength(2 + MAX_ATTEMPTS);
  });

  it('posts the card into the group when no approver can be reached privately, and retries when nothing works', async () => {
    platform.unreachable.add('UADA').add('UMO');
    platform.groupPostsFail = true;
    await run('UJANE', 'join #ship-v2 I own the release notes');
    const id = await pendingId('UJANE');
    expect((await store.joinRequests.get(id))?.notifiedAt).toBeNull();
    platform.groupPostsFail = false;
    await core.advance(10 * 60_000);
    await core.settle();
    expect(platform.of('postToGroup')).toHaveLength(2);
    expect((await store.joinRequests.get(id))?.notifiedAt).not.toBeNull();
    expect((await store.audit.list('slack:T1', { action: 'join.notify' }))[0]).toMatchObject({ outcome: 'fallback' });
    // The copy in the group is shared: on Teams only approvers' refreshed view has buttons.
    expect((platform.of('postToGroup')[1]!.message as unknown as { card: JoinRequestCard }).card).toMatchObject({ shared: true, approvers: ['UADA', 'UMO'] });
    await core.advance(60 * 60_000);
    await core.settle();
    expect(platform.of('postToGroup')).toHaveLength(2);
  });

  it('finishes the follow-up of a decision after a crash, once', async () => {
    await run('UJANE', 'join #ship-v2 I own the release notes');
    platform.profiles.set('UKIM', {});
    await run('UKIM', 'join #ship-v2 me too');
    const jane = await pendingId('UJANE');
    const kim = await pendingId('UKIM');
    // The process dies right after each decision commits: its job runner never runs the follow-up.
    await core.jobs.stop();
    await handleCardAction(core.deps, { actor: actor('UADA'), actionId: 'join.approve', payload: { requestId: jane }, inputs: {} });
    await handleCardAction(core.deps, { actor: actor('UADA'), actionId: 'join.deny', payload: { requestId: kim }, inputs: { reason: 'Full team' } });
    expect(platform.of('addMember')).toEqual([]);
    expect(platform.of('updateCard')).toEqual([]);

    await core.restartJobs();
    await core.settle();
    expect(platform.of('addMember')).toEqual([{ op: 'addMember', channel: 'C1', user: 'UJANE' }]);
    const told = platform.texts();
    expect(told).toEqual(expect.arrayContaining([['UJANE', 'join.approvedToYou'], ['UKIM', 'join.deniedToYou']]));
    expect(told.filter(([to]) => to === 'UKIM')).toHaveLength(1);
    expect(platform.of('updateCard')).toHaveLength(4);
    expect(await store.joinRequests.get(kim)).toMatchObject({ state: 'denied', fulfilment: 'done' });
  });

  it('answers a database outage with "try again", never a stack trace', async () => {
    const broken: CharterStore = { ...store, workspaces: { ...store.workspaces, get: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })) } };
    const { reply } = await handleCommand({ ...core.deps, store: broken }, { actor: actor('UJANE'), conversation: CHANNEL, text: 'join #ship-v2 hi' });
    expect(reply).toEqual({ kind: 'error', code: 'unavailable', text: { key: 'errors.unavailable' } });
    const bug: CharterStore = { ...store, workspaces: { ...store.workspaces, get: () => Promise.reject(new TypeError('x is undefined')) } };
    const r2 = await handleCommand({ ...core.deps, store: bug }, { actor: actor('UJANE'), conversation: CHANNEL, text: 'help' });
    expect(r2.reply).toEqual({ kind: 'error', code: 'internal', text: { key: 'errors.internal', params: { ref: expect.stringMatching(/^[0-9a-f]{8}$/) } } });
    expect(logs.text()).toContain('x is undefined');
    logs.lines.length = 0;
  });
});

describe.each(DATABASES)('groups and roles in the core ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let store: CharterStore;
  let platform: RecordingPlatform;
  const clock = new TestClock();
  const logs = memoryLogger();

  const run = async (user: string, text: string, conversation: { id: string; kind: 'channel' | 'direct' | 'group-chat'; name: string | null; teamId: null } = CHANNEL) =>
    (await handleCommand(core.deps, { actor: actor(user), conversation, text })).reply;
  const key = (r: Reply) => replyKey(r);

  beforeAll(async () => {
    db = await target.open();
    platform = new RecordingPlatform();
    platform.members.set('C1', new Set(['UADA', 'UOWN', 'UMO', 'UBOB']));
    for (const u of ['UADA', 'UOWN', 'UMO', 'UBOB', 'UOUT']) platform.profiles.set(u, {});
    core = await startCore(db, platform, clock, logs);
    store = core.store;
  });
  afterAll(async () => {
    await core.stop();
    await db.close();
  });

  it('registers groups only where and by whom it may', async () => {
    expect(key(await run('UBOB', 'group register project Ship it'))).toBe('group.register.forbidden');
    expect(key(await run('UADA', 'group register project Ship it', DM))).toBe('group.register.runInGroup');
    expect(key(await run('UADA', 'group register external Partners --tier core-team'))).toBe('group.register.externalTier');
    expect(key(await run('UADA', 'group register project Ship it --expires 2026-11-20'))).toBe('group.register.expiryPast');
    expect(key(await run('UADA', 'group info'))).toBe('group.notRegistered');
    expect(key(await run('UADA', 'group register task Fix the outage'))).toBe('group.register.doneExpiring');
    expect((await store.groups.findActiveByChannel('slack:T1', 'C1'))?.expiresOn).toBe('2026-12-05');
    expect(key(await run('UADA', 'group register project Again'))).toBe('group.register.alreadyRegistered');
    expect(key(await run('UADA', 'group register core Team --name SHIP-V2', { id: 'C2', kind: 'channel', name: 'team', teamId: null }))).toBe('group.register.nameTaken');
    expect(key(await run('UADA', 'group register core Team', { id: 'G3', kind: 'group-chat', name: null, teamId: null }))).toBe('group.register.nameRequired');
    const info = await run('UBOB', 'group info');
    expect(info).toMatchObject({ kind: 'card', card: { kind: 'group.info', group: { name: 'ship-v2', type: 'task' }, owners: [{ address: 'UADA' }], moderators: [] } });
    expect(await run('UBOB', 'group list', DM)).toMatchObject({ kind: 'card', card: { kind: 'group.list', total: 1 } });
    expect((await store.audit.list('slack:T1', { action: 'group.register' })).map((a) => a.outcome)).toEqual(['ok']);
  });

  it('lets the workspace open registration to everyone', async () => {
    await store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1' });
    await db.knex('workspaces').where({ id: 'slack:T1' }).update({ open_registration: true });
    expect(key(await run('UBOB', 'group register community Chess club', { id: 'C9', kind: 'channel', name: 'chess', teamId: null }))).toBe('group.register.done');
    await db.knex('workspaces').where({ id: 'slack:T1' }).update({ open_registration: null });
  });

  it('grants and revokes roles by the matrix, with reasons and protections', async () => {
    expect(key(await run('UADA', 'role grant <@UOWN> owner'))).toBe('role.granted');
    expect(key(await run('UOWN', 'role grant <@UMO> moderator'))).toBe('role.granted');
    expect(key(await run('UOWN', 'role grant <@UMO> moderator'))).toBe('role.alreadyHeld');
    expect(key(await run('UMO', 'role grant <@UBOB> moderator'))).toBe('role.forbidden');
    expect(key(await run('UOWN', 'role grant <@UBOB> super-admin'))).toBe('role.forbiddenSuperAdmin');
    expect(key(await run('UOWN', 'role grant <@UOUT> moderator'))).toBe('role.notMember');
    platform.profiles.set('UGUEST', { isExternal: true });
    platform.members.get('C1')!.add('UGUEST');
    expect(key(await run('UOWN', 'role grant <@UGUEST> moderator'))).toBe('role.externalUser');
    expect(key(await run('UOWN', 'role grant <@UMO> moderator', DM))).toBe('group.runInGroup');
    expect(key(await run('UOWN', 'role grant <@UNOBODY> moderator'))).toBe('role.unknownUser');
    expect(key(await run('UADA', 'role revoke <@UADA> super-admin demo'))).toBe('role.configuredSuperAdmin');
    expect(key(await run('UOWN', 'role revoke <@UBOB> moderator no reason at all'))).toBe('role.notHeld');
    expect(key(await run('UOWN', 'role revoke <@UOWN> owner stepping down'))).toBe('role.revoked');
    expect(key(await run('UADA', 'role revoke <@UADA> owner leaving'))).toBe('role.lastOwner');
    expect(key(await run('UADA', 'role grant <@UBOB> super-admin on call'))).toBe('role.granted');
    expect(key(await run('UBOB', 'role grant <@UMO> owner'))).toBe('role.granted');
    const audit = await store.audit.list('slack:T1');
    expect(audit.filter((a) => a.action === 'role.revoke' && a.outcome === 'ok')).toEqual([expect.objectContaining({ reason: 'stepping down', targetId: 'slack:UOWN' })]);
    expect(audit.filter((a) => a.outcome === 'refused').map((a) => a.actorId)).toEqual(['slack:UMO', 'slack:UOWN']);
  });
});
