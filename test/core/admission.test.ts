// ADM-5 (reminders and expiry on durable jobs) and ADM-6 (joins that bypass
// approval), in the core with the real job runner and a controllable clock: the
// test clock and pg-boss's waiting jobs move together (CoreHarness.advance).
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction, handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { MembershipEvent } from '../../src/core/inputs.js';
import type { BypassCard, JoinRequestCard } from '../../src/features/join/cards.js';
import type { PolicyCard } from '../../src/features/policy/cards.js';
import type { JoinStore } from '../../src/features/join/store.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform, SLACK_LIKE } from '../support/platform.js';

const HOUR = 3_600_000;
const CHANNEL = { id: 'C1', kind: 'channel' as const, name: 'ship-v2', teamId: null };

function actor(user: string) {
  return { workspace: { externalId: 'T1', name: 'acme' }, user: { platformUserId: user, address: user, displayName: user.toLowerCase() }, locale: null };
}

function joined(user: string, extra: Partial<MembershipEvent> = {}): MembershipEvent & { type: 'membership' } {
  return {
    type: 'membership',
    kind: 'joined',
    workspace: { externalId: 'T1' },
    conversation: { id: 'C1', teamId: null },
    member: { platformUserId: user, address: user, displayName: user, isBot: null },
    addedBy: null,
    at: new Date('2026-11-21T10:00:00Z'),
    ...extra,
  };
}

describe.each(DATABASES)('admission over time and around approval ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  let store: CharterStore & JoinStore;
  const clock = new TestClock();
  const logs = memoryLogger();

  const run = async (user: string, text: string) => {
    const { reply } = await handleCommand(core.deps, { actor: actor(user), conversation: CHANNEL, text });
    await core.settle();
    return reply;
  };
  const click = async (user: string, actionId: string, payload: Record<string, string>, inputs: Record<string, string> = {}) => {
    const { result } = await handleCardAction(core.deps, { actor: actor(user), actionId, payload, inputs });
    await core.settle();
    return result;
  };
  const event = async (e: Parameters<typeof handlePlatformEvent>[1]) => {
    await handlePlatformEvent(core.deps, e);
    await core.settle();
  };
  const pending = async (user: string) => {
    const person = await store.people.findByAddress('slack:T1', user);
    const group = await store.groups.findActiveByChannel('slack:T1', 'C1');
    return (await store.joinRequests.findPending(group!.id, person!.id))!.id;
  };

  async function begin(p: RecordingPlatform): Promise<void> {
    platform = p;
    for (const u of ['UADA', 'UMO', 'UJANE', 'UEVE']) platform.profiles.set(u, { realName: u });
    platform.members.set('C1', new Set(['UADA', 'UMO']));
    core = await startCore(db, platform, clock, logs);
    store = core.store as CharterStore & JoinStore;
    await run('UADA', 'group register project Ship the second version');
    await run('UADA', 'role grant <@UMO> moderator weekends');
    platform.calls.length = 0;
  }

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-21T09:00:00Z');
    await resetDatabase(db);
    await begin(new RecordingPlatform());
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  describe('ADM-5', () => {
    it('reminds the approvers once after 24 hours and expires the request once after 3 days', async () => {
      await run('UJANE', 'join #ship-v2 release notes');
      const id = await pending('UJANE');
      await core.advance(23 * HOUR);
      await core.settle();
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toEqual([]);

      await core.advance(2 * HOUR);
      await core.settle();
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toEqual([
        ['UADA', 'join.reminder'],
        ['UMO', 'join.reminder'],
      ]);
      await core.advance(12 * HOUR);
      await core.settle();
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toHaveLength(2);

      await core.advance(48 * HOUR);
      await core.settle();
      expect(await store.joinRequests.get(id)).toMatchObject({ state: 'expired', decidedBy: null, fulfilment: 'done' });
      expect(platform.texts()).toContainEqual(['UJANE', 'join.expiredToYou']);
      const updates = platform.of('updateCard');
      expect(updates.map((u) => u.conversationId)).toEqual(['D-UADA', 'D-UMO']);
      expect((updates[0]!.card as JoinRequestCard)).toMatchObject({ state: 'expired', actions: [], decision: { by: null } });
      const audit = (await store.audit.list('slack:T1')).map((a) => `${a.action}:${a.actorId}`);
      expect(audit.filter((a) => a.startsWith('join.remind') || a.startsWith('join.expire'))).toEqual(['join.remind:system', 'join.expire:system']);

      // A click on the expired card changes nothing and says so.
      const late = await click('UADA', 'join.approve', { requestId: id });
      expect(late).toMatchObject({ kind: 'card', notice: { key: 'join.alreadyDecided.expired' } });
      await core.advance(10 * 24 * HOUR);
      await core.settle();
      expect(platform.texts().filter(([to, k]) => to === 'UJANE' && k === 'join.expiredToYou')).toHaveLength(1);
    });

    it('cancels the reminder and the expiry when someone decides first', async () => {
      await run('UJANE', 'join #ship-v2 release notes');
      const id = await pending('UJANE');
      await core.advance(2 * HOUR);
      await click('UMO', 'join.approve', { requestId: id });
      await core.advance(5 * 24 * HOUR);
      await core.settle();
      expect(platform.texts().filter(([, k]) => k === 'join.reminder' || k === 'join.expiredToYou')).toEqual([]);
      expect(await store.joinRequests.get(id)).toMatchObject({ state: 'approved', remindedAt: null });
      const cancelled = await db.knex.raw(`select count(*)::int as n from "${db.jobSchema}".job where name in ('join.remind', 'join.expire') and state = 'cancelled'`);
      expect((cancelled as { rows: { n: number }[] }).rows[0]!.n).toBe(2);
    });

    it('takes the delays from the workspace settings super admins set', async () => {
      expect(await run('UMO', 'policy set admission.remind_after 2h')).toMatchObject({ kind: 'error', code: 'not-allowed' });
      expect(await run('UADA', 'policy set admission.remind_after soon')).toMatchObject({ kind: 'error', code: 'invalid-input', text: { key: 'policy.badValue' } });
      expect(await run('UADA', 'policy set admission.nothing 2h')).toMatchObject({ kind: 'error', code: 'invalid-input', text: { key: 'policy.unknownKey' } });
      expect(await run('UADA', 'policy set admission.remind_after 2h')).toEqual({
        kind: 'text',
        text: { key: 'policy.set', params: { key: 'admission.remind_after', value: '2h', where: { key: 'policy.where.workspace' } } },
      });
      expect(await run('UADA', '规则 set admission.expire_after 1d')).toMatchObject({ kind: 'text' });
      const shown = await run('UMO', 'policy show');
      expect(shown).toMatchObject({ kind: 'card', card: { kind: 'policy.show', group: 'ship-v2' } });
      const rows = shown.kind === 'card' ? (shown.card as PolicyCard).rows : [];
      expect(rows.find((r) => r.key === 'admission.remind_after')).toMatchObject({ value: '2h', source: 'workspace' });
      expect(rows.find((r) => r.key === 'admission.expire_after')).toMatchObject({ value: '1d', source: 'workspace' });
      expect((await store.audit.list('slack:T1', { action: 'policy.set' })).filter((a) => a.outcome === 'ok').map((a) => a.details)).toEqual([
        { scope: 'workspace', old: null, new: '2h' },
        { scope: 'workspace', old: null, new: '1d' },
      ]);

      await run('UJANE', 'join #ship-v2 release notes');
      const id = await pending('UJANE');
      await core.advance(2 * HOUR + 1000);
      await core.settle();
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toHaveLength(2);
      await core.advance(22 * HOUR);
      await core.settle();
      expect((await store.joinRequests.get(id))?.state).toBe('expired');
    });

    it('fires jobs scheduled before a restart once, after it', async () => {
      await run('UJANE', 'join #ship-v2 release notes');
      const id = await pending('UJANE');
      await core.jobs.stop();
      await core.advance(25 * HOUR);
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toEqual([]);
      await core.restartJobs();
      await core.settle();
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toHaveLength(2);

      await core.jobs.stop();
      await core.advance(3 * 24 * HOUR);
      expect((await store.joinRequests.get(id))?.state).toBe('pending');
      await core.restartJobs();
      await core.settle();
      expect((await store.joinRequests.get(id))?.state).toBe('expired');
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toHaveLength(2);
      expect(platform.texts().filter(([, k]) => k === 'join.expiredToYou')).toHaveLength(1);
    });

    it('expires without a reminder when both are due at once (the reminder would be pointless)', async () => {
      await run('UJANE', 'join #ship-v2 release notes');
      await core.jobs.stop();
      await core.advance(4 * 24 * HOUR);
      await core.restartJobs();
      await core.settle();
      expect(platform.texts().filter(([, k]) => k === 'join.expiredToYou')).toHaveLength(1);
    });
  });

  describe('ADM-6', () => {
    it('flags a join without an approved request to the approvers, once, and lets them keep the person', async () => {
      await event(joined('UEVE'));
      await event(joined('UEVE'));
      const cards = platform.of('sendPrivate').filter((c) => 'card' in c.message);
      expect(cards.map((c) => c.to)).toEqual(['UADA', 'UMO']);
      const card = (cards[0]!.message as unknown as { card: BypassCard }).card;
      expect(card).toMatchObject({ kind: 'join.bypass', state: 'flagged', person: { mention: { address: 'UEVE' } } });
      expect(card.actions.map((a) => a.id)).toEqual(['join.keep', 'join.remove']);
      const audit = await store.audit.list('slack:T1', { action: 'member.join' });
      expect(audit.map((a) => [a.targetId, a.outcome])).toEqual([['slack:UEVE', 'refused']]);

      const bypassId = card.bypassId;
      expect(await click('UJANE', 'join.keep', { bypassId })).toMatchObject({ kind: 'error', code: 'not-allowed' });
      expect(await click('UEVE', 'join.keep', { bypassId })).toMatchObject({ kind: 'error', code: 'not-allowed' });
      expect(await click('UMO', 'join.keep', { bypassId })).toMatchObject({ kind: 'card', card: { state: 'kept', actions: [] } });
      expect(await click('UADA', 'join.remove', { bypassId }, { reason: 'late' })).toMatchObject({ kind: 'card', notice: { key: 'join.bypass.already.kept' } });
      expect(platform.of('removeMember')).toEqual([]);
      expect(platform.of('updateCard').map((u) => (u.card as BypassCard).state)).toEqual(['kept', 'kept']);
    });

    it('lets one of two simultaneous decisions win: never removed and kept, never removed twice', async () => {
      platform.members.get('C1')!.add('UEVE');
      await event(joined('UEVE'));
      const card = (platform.of('sendPrivate').find((c) => 'card' in c.message)!.message as unknown as { card: BypassCard }).card;
      const payload = { bypassId: card.bypassId };
      const results = await Promise.all([
        handleCardAction(core.deps, { actor: actor('UMO'), actionId: 'join.remove', payload, inputs: { reason: 'spam A' } }),
        handleCardAction(core.deps, { actor: actor('UADA'), actionId: 'join.remove', payload, inputs: { reason: 'spam B' } }),
        handleCardAction(core.deps, { actor: actor('UADA'), actionId: 'join.keep', payload, inputs: {} }),
      ]);
      await core.settle();
      const winners = results.filter((r) => r.result.kind === 'card' && r.result.notice === null);
      expect(winners).toHaveLength(1);
      const bypass = await store.bypasses.get(card.bypassId);
      const removes = platform.of('removeMember');
      if (bypass!.state === 'kept') expect(removes).toEqual([]);
      else expect([bypass!.state, removes.length]).toEqual(['removed', 1]);
      expect(platform.texts().filter(([to]) => to === 'UEVE').length).toBe(removes.length);
      const audit = (await store.audit.list('slack:T1')).filter((a) => ['join.keep', 'member.remove'].includes(a.action) && a.outcome === 'ok');
      expect(audit).toHaveLength(1);
    });

    it('removes with a reason from the card, and tells the person why', async () => {
      platform.members.get('C1')!.add('UEVE');
      await event(joined('UEVE'));
      const card = (platform.of('sendPrivate').find((c) => 'card' in c.message)!.message as unknown as { card: BypassCard }).card;
      expect(await click('UMO', 'join.remove', { bypassId: card.bypassId })).toMatchObject({ kind: 'form', form: { action: { id: 'join.remove' } } });
      expect(await click('UMO', 'join.remove', { bypassId: card.bypassId }, { reason: ' ' })).toMatchObject({ kind: 'form', card: { reasonError: { key: 'join.bypass.removeForm.required' } } });
      expect(await click('UMO', 'join.remove', { bypassId: card.bypassId }, { reason: 'Not on the project' })).toMatchObject({ kind: 'card', card: { state: 'removed' } });
      expect(platform.of('removeMember')).toEqual([{ op: 'removeMember', channel: 'C1', user: 'UEVE' }]);
      expect(platform.texts()).toContainEqual(['UEVE', 'join.bypass.removedToYou']);
      expect((await store.audit.list('slack:T1', { action: 'member.remove' }))[0]).toMatchObject({ actorId: 'slack:UMO', reason: 'Not on the project', outcome: 'ok' });
    });

    it('does not flag approved people, the people Charter added, bots, super admins or the group’s admins', async () => {
      await event(joined('UADA'));
      await event(joined('UMO'));
      // Slack does not say in the event whether the account is a bot: the directory does.
      platform.profiles.set('UBOT', { isBot: true });
      await event(joined('UBOT', { member: { platformUserId: 'UBOT', address: 'UBOT', displayName: 'bot', isBot: null } }));
      await event(joined('UBOT2', { member: { platformUserId: 'UBOT2', address: 'UBOT2', displayName: 'b', isBot: true } }));
      await event(joined('UEVE', { addedBy: { address: 'U0BOT', isCharter: true } }));
      await run('UJANE', 'join #ship-v2 release notes');
      await click('UMO', 'join.approve', { requestId: await pending('UJANE') });
      await event(joined('UJANE', { addedBy: { address: 'UMO', isCharter: false } }));
      expect(platform.of('sendPrivate').filter((c) => 'card' in c.message && (c.message.card as { kind: string }).kind === 'join.bypass')).toEqual([]);
      expect(Number(((await db.knex('join_bypasses').count({ n: '*' }).first()) as { n: unknown }).n)).toBe(0);
      const exempt = (await store.audit.list('slack:T1', { action: 'member.join' })).map((a) => (a.details as { exempt?: string }).exempt);
      expect(exempt).toEqual(['super-admin', 'group-admin', 'bot', 'bot']);
    });

    it('removes at once with admission.enforce = remove where the platform can', async () => {
      await run('UADA', 'policy set admission.enforce remove');
      platform.members.get('C1')!.add('UEVE');
      await event(joined('UEVE'));
      expect(platform.of('removeMember')).toEqual([{ op: 'removeMember', channel: 'C1', user: 'UEVE' }]);
      expect(platform.texts()).toContainEqual(['UEVE', 'join.bypass.removedToYou']);
      const cards = platform.of('sendPrivate').filter((c) => 'card' in c.message).map((c) => (c.message as unknown as { card: BypassCard }).card);
      expect(cards.map((c) => [c.state, c.actions.length])).toEqual([
        ['auto-removed', 0],
        ['auto-removed', 0],
      ]);
      expect((await store.audit.list('slack:T1', { action: 'member.remove' }))[0]).toMatchObject({ actorId: 'system', outcome: 'ok', reason: 'admission.enforce=remove' });
    });

    it('falls back to flagging where the platform cannot remove, and says so', async () => {
      await core.stop();
      await resetDatabase(db);
      await begin(new RecordingPlatform({ ...SLACK_LIKE, removeMember: false, addMember: 'ask-owner' }));
      await run('UADA', 'policy set admission.enforce remove');
      await event(joined('UEVE'));
      expect(platform.of('removeMember')).toEqual([]);
      const card = (platform.of('sendPrivate').find((c) => 'card' in c.message)!.message as unknown as { card: BypassCard }).card;
      expect(card).toMatchObject({ state: 'flagged', removalUnsupported: true, notice: { key: 'join.bypass.cannotRemove' } });
      expect(card.actions.map((a) => a.id)).toEqual(['join.keep']);
      expect((await store.audit.list('slack:T1', { action: 'member.remove' }))[0]).toMatchObject({ outcome: 'fallback' });
    });

    it('treats a Teams team join as one: approved for one governed channel is approved for the team, and no removal on behalf of one of several', async () => {
      await core.stop();
      await resetDatabase(db);
      // Teams-like: a removal takes someone out of the whole team.
      await begin(new RecordingPlatform({ ...SLACK_LIKE, addMember: 'ask-owner', removalScope: 'team' }));
      // A second governed channel in the same team as C1.
      await db.knex('groups').update({ team_id: 'TEAM1' });
      await handleCommand(core.deps, { actor: actor('UADA'), conversation: { id: 'C2', kind: 'channel', name: 'ship-ops', teamId: 'TEAM1' }, text: 'group register project Operations' });
      await run('UADA', 'policy default admission.enforce remove');
      await run('UJANE', 'join #ship-v2 release notes');
      await click('UMO', 'join.approve', { requestId: await pending('UJANE') });
      const team = (user: string) => joined(user, { conversation: { id: 'TEAM1', teamId: 'TEAM1' } });
      await event(team('UJANE'));
      expect(Number(((await db.knex('join_bypasses').count({ n: '*' }).first()) as { n: unknown }).n)).toBe(0);
      await event(team('UEVE'));
      expect(platform.of('removeMember')).toEqual([]);
      const flagged = (await db.knex('join_bypasses').select('state')) as { state: string }[];
      expect(flagged.map((b) => b.state)).toEqual(['flagged', 'flagged']);
      const cards = platform.of('sendPrivate').flatMap((c) => ('card' in c.message && (c.message.card as BypassCard).kind === 'join.bypass' ? [c.message.card as BypassCard] : []));
      // ship-v2: Ada and Mo; ship-ops: Ada (its registrant).
      expect(cards.map((c) => c.notice?.key)).toEqual(['join.bypass.cannotRemove', 'join.bypass.cannotRemove', 'join.bypass.cannotRemove']);
    });

    it('recognises an approved person an owner added by hand (ADM-4 without Graph): welcome, told, cards updated', async () => {
      await core.stop();
      await resetDatabase(db);
      await begin(new RecordingPlatform({ ...SLACK_LIKE, addMember: 'ask-owner' }));
      await run('UJANE', 'join #ship-v2 release notes');
      const id = await pending('UJANE');
      await click('UMO', 'join.approve', { requestId: id });
      expect(await store.joinRequests.get(id)).toMatchObject({ fulfilment: 'owner-asked' });
      platform.calls.length = 0;
      await event(joined('UJANE', { addedBy: { address: 'UADA', isCharter: false } }));
      await core.settle();
      expect(await store.joinRequests.get(id)).toMatchObject({ fulfilment: 'done' });
      expect(platform.of('postToGroup').map((c) => ('text' in c.message ? c.message.text.key : 'card'))).toEqual(['join.welcome']);
      expect(platform.texts()).toEqual([['UJANE', 'join.approvedToYou']]);
      expect(platform.of('updateCard').map((u) => (u.card as JoinRequestCard).decision?.fulfilment)).toEqual(['done', 'done']);
      expect(await store.audit.list('slack:T1', { action: 'member.join' })).toEqual([expect.objectContaining({ outcome: 'ok', details: { requestId: id, recognised: 'approved-request' } })]);
    });
  });
});

const pg = DATABASES.filter((d) => d.name === 'postgres');
describe.runIf(pg.length > 0)('two Charter instances on one PostgreSQL database', () => {
  it('fire each job once', async () => {
    const db = await pg[0]!.open();
    const clock = new TestClock();
    const logs = memoryLogger();
    const platform = new RecordingPlatform();
    for (const u of ['UADA', 'UMO', 'UJANE']) platform.profiles.set(u, {});
    platform.members.set('C1', new Set(['UADA', 'UMO']));
    const a = await startCore(db, platform, clock, logs);
    const b = await startCore(db, platform, clock, logs);
    try {
      const say = async (core: CoreHarness, user: string, text: string) =>
        (await handleCommand(core.deps, { actor: actor(user), conversation: CHANNEL, text })).reply;
      await say(a, 'UADA', 'group register project Ship');
      await say(b, 'UADA', 'role grant <@UMO> moderator weekends');
      for (const u of ['UJ1', 'UJ2', 'UJ3', 'UJ4']) {
        platform.profiles.set(u, {});
        await say(u === 'UJ1' || u === 'UJ3' ? a : b, u, 'join #ship-v2 please');
      }
      await Promise.all([a.settle(), b.settle()]);
      // Both runners poll the same queue; the clock moves for both (one database, one job table).
      const later = async (ms: number) => {
        clock.advance(ms);
        await a.jobs.advance(ms);
        b.jobs.wakeAll();
        await Promise.all([a.settle(), b.settle()]);
      };
      await later(25 * HOUR);
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toHaveLength(8);
      await later(3 * 24 * HOUR);
      expect(platform.texts().filter(([, k]) => k === 'join.reminder')).toHaveLength(8);
      expect(platform.texts().filter(([, k]) => k === 'join.expiredToYou').map(([to]) => to).sort()).toEqual(['UJ1', 'UJ2', 'UJ3', 'UJ4']);
      expect(platform.of('sendPrivate').filter((c) => 'card' in c.message)).toHaveLength(8);
    } finally {
      await a.stop();
      await b.stop();
      await db.close();
    }
  });
});
