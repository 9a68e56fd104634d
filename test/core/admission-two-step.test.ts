// ADM-3 in the core, on the real store and job runner: where a group's
// `admission.two_step` is `cross-department`, a requester from another department
// than the group's owners waits after a moderator's approval ("approved by X;
// waiting for an owner", on every copy of the card) until an owner approves; the
// same department, or the policy off, is one step. People who left cannot ask, and
// a request of someone who left since cannot be approved.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction, handleCommand } from '../../src/core/dispatch.js';
import type { ActionResult, Reply } from '../../src/core/replies.js';
import type { JoinRequestCard } from '../../src/features/join/cards.js';
import type { JoinStore } from '../../src/features/join/store.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { actorOf, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform } from '../support/platform.js';

const CHANNEL = { id: 'C1', kind: 'channel' as const, name: 'ship-v2', teamId: null };

const noticeKey = (r: ActionResult): string | null => (r.kind === 'card' ? (r.notice?.key ?? null) : r.kind === 'error' ? r.text.key : r.kind);
const replyKey = (r: Reply): string => (r.kind === 'text' ? r.text.key : r.kind === 'card' ? `card:${r.card.kind}` : r.kind);

describe.each(DATABASES)('ADM-3 two-step approval ($name)', (target) => {
  let db: Database;
  let store: CharterStore & JoinStore;
  let platform: RecordingPlatform;
  let core: CoreHarness;
  const clock = new TestClock();
  const logs = memoryLogger();

  const run = async (user: string, text: string) => {
    const { reply } = await handleCommand(core.deps, { actor: actorOf(user), conversation: CHANNEL, text });
    await core.settle();
    return reply;
  };
  const click = async (user: string, actionId: string, requestId: string) => {
    const { result } = await handleCardAction(core.deps, { actor: actorOf(user), actionId, payload: { requestId }, inputs: {} });
    await core.settle();
    return result;
  };
  const request = async (user: string) => {
    const person = await store.people.findByAddress('slack:T1', user);
    const group = await store.groups.findActiveByChannel('slack:T1', 'C1');
    return (await store.joinRequests.findPending(group!.id, person!.id))!;
  };
  const stateOf = async (id: string) => (await store.joinRequests.get(id))!.state;
  const added = (user: string) => platform.of('addMember').filter((c) => c.user === user);

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-12-23T09:00:00Z');
    await resetDatabase(db);
    platform = new RecordingPlatform();
    core = await startCore(db, platform, clock, logs);
    store = core.store as CharterStore & JoinStore;
    platform.profiles.set('UADA', { realName: 'Ada Admin', department: 'Apps' });
    platform.profiles.set('UMO', { realName: 'Mo Moderator', department: 'Sales' });
    platform.profiles.set('UJANE', { realName: 'Jane Doe', department: 'Sales' });
    platform.profiles.set('UBOB', { realName: 'Bob Builder', department: 'apps' });
    platform.members.set('C1', new Set(['UADA', 'UMO']));
    await run('UADA', 'group register project Ship the second version');
    await run('UADA', 'role grant <@UMO> moderator covers weekends');
    expect(replyKey(await run('UADA', 'policy set admission.two_step cross-department'))).not.toMatch(/invalid|forbidden/);
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  it('after a first approval the reminder goes to the owners only, not to the moderator who approved', async () => {
    await run('UJANE', 'join #ship-v2 I sell what we ship');
    const { id } = await request('UJANE');
    expect((await click('UMO', 'join.approve', id)).kind).not.toBe('error');
    expect(await stateOf(id)).toBe('pending');
    platform.calls.length = 0;
    await core.advance(25 * 3_600_000);
    await core.settle();
    const reminded = platform.texts().filter(([, key]) => key === 'join.reminder').map(([to]) => to);
    expect(reminded).toEqual(['UADA']);
    const audit = (await db.knex('audit_log').where({ action: 'join.remind' }).first('details')) as { details: Record<string, unknown> };
    expect(audit.details).toMatchObject({ approvers: 1, reached: 1, ownersOnly: true });
  });

  it('a moderator approves a requester from another department: every card says waiting for an owner; only the owner completes it', async () => {
    await run('UJANE', 'join #ship-v2 I sell what we ship');
    const { id } = await request('UJANE');
    const first = await click('UMO', 'join.approve', id);
    expect(first.kind === 'card' && (first.card as JoinRequestCard).firstApproval?.by.address).toBe('UMO');
    expect(await stateOf(id)).toBe('pending');
    expect(added('UJANE')).toEqual([]);
    // Every copy of the card says so, buttons kept for the owner.
    const updates = platform.of('updateCard').map((u) => u.card as unknown as JoinRequestCard);
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates.every((c) => c.firstApproval?.by.address === 'UMO' && c.actions.length === 2)).toBe(true);
    // The moderator again: nothing changes, and they are told why.
    expect(noticeKey(await click('UMO', 'join.approve', id))).toBe('join.waitingForOwner');
    expect(await stateOf(id)).toBe('pending');
    // The owner completes it: added once.
    await click('UADA', 'join.approve', id);
    expect(await stateOf(id)).toBe('approved');
    expect(added('UJANE')).toHaveLength(1);
    const audit = (await db.knex('audit_log').where({ action: 'join.approve' }).select('details')) as { details: Record<string, unknown> }[];
    expect(audit.map((a) => a.details['step'])).toEqual(['first', 'owner']);
  });

  it('the same department as an owner (any case), or the policy off, is one step', async () => {
    await run('UBOB', 'join #ship-v2 I build it');
    const bob = await request('UBOB');
    await click('UMO', 'join.approve', bob.id);
    expect(await stateOf(bob.id)).toBe('approved');

    await run('UADA', 'policy set admission.two_step off');
    await run('UJANE', 'join #ship-v2 I sell it');
    const jane = await request('UJANE');
    await click('UMO', 'join.approve', jane.id);
    expect(await stateOf(jane.id)).toBe('approved');
  });

  it("the audit log says an owner's step only when an owner approved: a moderator's denial or completion after a first approval is not one", async () => {
    const details = async (action: string) => ((await db.knex('audit_log').where({ action, outcome: 'ok' }).orderBy('id').select('details')) as { details: Record<string, unknown> }[]).map((a) => a.details);
    const mo = await store.people.findByAddress('slack:T1', 'UMO');
    await run('UJANE', 'join #ship-v2 I sell what we ship');
    const jane = await request('UJANE');
    await click('UMO', 'join.approve', jane.id);
    await handleCardAction(core.deps, { actor: actorOf('UMO'), actionId: 'join.deny', payload: { requestId: jane.id }, inputs: { reason: 'Second thoughts' } });
    await core.settle();
    expect(await stateOf(jane.id)).toBe('denied');
    expect(await details('join.deny')).toEqual([{ requester: 'UJANE', firstApprovedBy: mo!.id }]);

    // The policy turned off between the two steps: the moderator completes it, still no owner's step.
    platform.profiles.set('UCARL', { realName: 'Carl Sales', department: 'Sales' });
    await run('UCARL', 'join #ship-v2 I sell it too');
    const carl = await request('UCARL');
    await click('UMO', 'join.approve', carl.id);
    await run('UADA', 'policy set admission.two_step off');
    await click('UMO', 'join.approve', carl.id);
    expect(await stateOf(carl.id)).toBe('approved');
    expect((await details('join.approve')).filter((d) => d['requester'] === 'UCARL')).toEqual([
      { requester: 'UCARL', step: 'first', waitingFor: 'owner' },
      { requester: 'UCARL', firstApprovedBy: mo!.id },
    ]);
  });

  it('someone who left cannot ask, and a pending request of someone who left since cannot be approved', async () => {
    await run('UJANE', 'join #ship-v2 I sell what we ship');
    const { id } = await request('UJANE');
    const jane = await store.people.findByAddress('slack:T1', 'UJANE');
    await db.knex('people').where({ id: jane!.id }).update({ employment: 'inactive' });
    expect(noticeKey(await click('UADA', 'join.approve', id))).toBe('join.requesterInactive');
    expect(await stateOf(id)).toBe('pending');
    expect(added('UJANE')).toEqual([]);
    // Denying it is still possible (the form asks for a reason); asking again is not.
    expect((await click('UADA', 'join.deny', id)).kind).toBe('form');
    const again = await handleCommand(core.deps, { actor: actorOf('UJANE'), conversation: CHANNEL, text: 'join #ship-v2 once more' });
    expect(JSON.stringify(again.reply)).toContain('join.inactive');
  });
});
