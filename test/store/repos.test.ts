import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Group, Person } from '../../src/core/model.js';
import { UniqueViolation } from '../../src/core/ports.js';
import { migrateLatest, type Database } from '../../src/store/db.js';
import type { JoinStore } from '../../src/features/join/store.js';
import { createStore, type CharterStore } from '../../src/store/index.js';
import { DATABASES } from '../support/db.js';

const T0 = new Date('2026-11-21T09:00:00Z');
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(DATABASES)('store on $name', (target) => {
  let db: Database;
  let store: CharterStore & JoinStore;
  let ann: Person;
  let bob: Person;
  let group: Group;

  beforeAll(async () => {
    db = await target.open();
    await migrateLatest(db.knex);
    store = createStore(db.knex) as CharterStore & JoinStore;
    await store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1' });
    ann = await store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: 'UANN', address: 'UANN', displayName: 'ann' });
    bob = await store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: 'UBOB', address: 'UBOB', displayName: 'bob' });
    group = await store.groups.create({
      workspaceId: 'slack:T1',
      channelId: 'C1',
      channelName: 'ship-v2',
      conversationKind: 'channel',
      teamId: null,
      name: 'Ship-V2',
      type: 'task',
      purpose: 'Ship the second version',
      tier: 'core-team',
      expiresOn: '2026-12-05',
      createdBy: ann.id,
    });
  });
  afterAll(async () => {
    await db.close();
  });

  describe('workspaces', () => {
    it('upsert keeps the row and fills in what it learns', async () => {
      const w = await store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1', name: 'acme' });
      expect(w).toMatchObject({ id: 'slack:T1', name: 'acme', serviceUrl: null, openRegistration: null });
      expect(await store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1' })).toMatchObject({ name: 'acme' });
    });
  });

  describe('people', () => {
    it('updates address and name of a known identity, keeping the profile', async () => {
      await store.people.updateProfile(
        ann.id,
        { platformUserId: 'UANN', displayName: 'Ann', realName: 'Ann Lee', title: 'PM', department: 'Apps', email: 'ann@example.com', locale: 'zh-CN', isExternal: false, employment: 'active' },
        T0,
      );
      const again = await store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: 'UANN', address: 'UANN', displayName: 'ann.lee' });
      expect(again).toMatchObject({ id: ann.id, displayName: 'ann.lee', realName: 'Ann Lee', title: 'PM', locale: 'zh-CN' });
    });
    it('keeps a reported locale when a profile has none', async () => {
      const p = await store.people.updateProfile(
        ann.id,
        { platformUserId: 'UANN', displayName: 'Ann', realName: 'Ann Lee', title: null, department: null, email: null, locale: null, isExternal: false, employment: 'active' },
        T0,
      );
      expect(p.locale).toBe('zh-CN');
    });
    it('adopts a person first seen through a mention when their stable id shows up', async () => {
      const provisional = await store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: '29:zed', address: '29:zed', displayName: 'Zed' });
      const real = await store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: 'aad-zed', address: '29:zed', displayName: 'Zed Z' });
      expect(real.id).toBe(provisional.id);
      expect(real.platformUserId).toBe('aad-zed');
      expect(await store.people.findByPlatformUserIds('slack:T1', ['aad-zed', 'nobody'])).toHaveLength(1);
    });
    it('returns many in the order asked', async () => {
      expect((await store.people.getMany([bob.id, ann.id])).map((p) => p.id)).toEqual([bob.id, ann.id]);
      expect(await store.people.getMany([])).toEqual([]);
    });
  });

  describe('groups', () => {
    it('keep calendar dates as strings and find by name in any case', async () => {
      expect(group.expiresOn).toBe('2026-12-05');
      expect((await store.groups.findActiveByName('slack:T1', 'ship-v2'))?.id).toBe(group.id);
      expect((await store.groups.findActiveByChannelName('slack:T1', 'SHIP-V2'))?.id).toBe(group.id);
      expect((await store.groups.findActiveByChannel('slack:T1', 'C1'))?.id).toBe(group.id);
      expect(await store.groups.findActiveByChannel('slack:T2', 'C1')).toBeNull();
    });
    it('turn duplicate channels and names into UniqueViolation', async () => {
      const base = { workspaceId: 'slack:T1', channelName: null, conversationKind: 'channel' as const, teamId: null, type: 'core' as const, purpose: 'p', tier: 'core-team' as const, expiresOn: null, createdBy: ann.id };
      await expect(store.groups.create({ ...base, channelId: 'C1', name: 'other' })).rejects.toEqual(new UniqueViolation('groups_channel_active'));
      await expect(store.groups.create({ ...base, channelId: 'C9', name: 'SHIP-v2' })).rejects.toEqual(new UniqueViolation('groups_name_active'));
    });
    it('count as a number on every database', async () => {
      const { groups, total } = await store.groups.listActive('slack:T1', 10);
      expect(total).toBe(1);
      expect(typeof total).toBe('number');
      expect(groups).toHaveLength(1);
    });
    it('follow a channel rename', async () => {
      expect((await store.groups.renameChannel('slack:T1', 'C1', 'ship-2'))?.channelName).toBe('ship-2');
      expect(await store.groups.renameChannel('slack:T1', 'C404', 'x')).toBeNull();
      await store.groups.renameChannel('slack:T1', 'C1', 'ship-v2');
    });
  });

  describe('roles', () => {
    it('grant once, revoke once', async () => {
      const first = await store.roles.grant({ workspaceId: 'slack:T1', groupId: group.id, personId: ann.id, role: 'owner', grantedBy: null, reason: null });
      expect(first?.role).toBe('owner');
      expect(await store.roles.grant({ workspaceId: 'slack:T1', groupId: group.id, personId: ann.id, role: 'owner', grantedBy: null, reason: null })).toBeNull();
      await store.roles.grant({ workspaceId: 'slack:T1', groupId: null, personId: bob.id, role: 'super-admin', grantedBy: null, reason: null });
      expect(await store.roles.rolesIn(bob.id, group.id)).toEqual(['super-admin']);
      expect(await store.roles.rolesIn(ann.id, group.id)).toEqual(['owner']);
      expect(await store.roles.rolesIn(ann.id, null)).toEqual([]);
      expect(await store.roles.revoke({ groupId: null, personId: bob.id, role: 'super-admin', revokedBy: ann.id, reason: 'test', at: T0 })).toBe(true);
      expect(await store.roles.revoke({ groupId: null, personId: bob.id, role: 'super-admin', revokedBy: ann.id, reason: 'test', at: T0 })).toBe(false);
      expect(await store.roles.listSuperAdmins('slack:T1')).toEqual([]);
      expect((await store.roles.listForGroup(group.id)).map((g) => g.personId)).toEqual([ann.id]);
    });
  });

  describe('join requests', () => {
    it('allow one pending request per person and group', async () => {
      const r = await store.joinRequests.create({ workspaceId: 'slack:T1', groupId: group.id, requesterId: bob.id, reason: 'r', at: T0 });
      expect(r).toMatchObject({ state: 'pending', fulfilment: null, fulfilmentAttempts: 0 });
      await expect(store.joinRequests.create({ workspaceId: 'slack:T1', groupId: group.id, requesterId: bob.id, reason: 'again', at: T0 })).rejects.toEqual(
        new UniqueViolation('join_requests_one_pending'),
      );
      expect((await store.joinRequests.findPending(group.id, bob.id))?.id).toBe(r.id);
      await store.joinRequests.markNotified(r.id, T0);
      expect((await store.joinRequests.get(r.id))?.notifiedAt).toEqual(T0);
      expect(await store.joinRequests.claimReminder(r.id, T0)).toBe(true);
      expect(await store.joinRequests.claimReminder(r.id, T0)).toBe(false);
    });

    it('let exactly one of two simultaneous decisions win', async () => {
      const pending = await store.joinRequests.findPending(group.id, bob.id);
      const decisions = await Promise.all([
        store.joinRequests.decide(pending!.id, { state: 'approved', by: ann.id, at: T0, reason: null, fulfilment: 'pending' }),
        store.joinRequests.decide(pending!.id, { state: 'denied', by: ann.id, at: T0, reason: 'no', fulfilment: null }),
      ]);
      expect(decisions.filter((d) => d !== null)).toHaveLength(1);
      expect(await store.joinRequests.decide(pending!.id, { state: 'denied', by: ann.id, at: T0, reason: 'late', fulfilment: null })).toBeNull();
    });

    it('hand the fulfilment to one worker, and take back a stale claim', async () => {
      const carol = await store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: 'UCAR', address: 'UCAR', displayName: 'carol' });
      const r = await store.joinRequests.create({ workspaceId: 'slack:T1', groupId: group.id, requesterId: carol.id, reason: 'r', at: T0 });
      await store.joinRequests.decide(r.id, { state: 'approved', by: ann.id, at: T0, reason: null, fulfilment: 'pending' });
      const claims = await Promise.all([
        store.joinRequests.claimFulfilment(r.id, T0, minutes(-5)),
        store.joinRequests.claimFulfilment(r.id, T0, minutes(-5)),
      ]);
      expect(claims.filter((c) => c !== null)).toHaveLength(1);
      expect(claims.find((c) => c !== null)).toMatchObject({ fulfilment: 'running', fulfilmentAttempts: 1 });
      // Still fresh: nobody else may take it.
      expect(await store.joinRequests.claimFulfilment(r.id, minutes(1), minutes(-4))).toBeNull();
      // The worker died: after the stale limit it can be taken over.
      const takeover = await store.joinRequests.claimFulfilment(r.id, minutes(10), minutes(5));
      expect(takeover).toMatchObject({ fulfilmentAttempts: 2 });
      await store.joinRequests.finishFulfilment(r.id, 'done', null, minutes(10));
      expect(await store.joinRequests.get(r.id)).toMatchObject({ fulfilment: 'done' });
      expect(await store.joinRequests.claimFulfilment(r.id, minutes(20), minutes(15))).toBeNull();
    });
  });

  describe('card posts and conversation references', () => {
    it('remember where each copy of a card went', async () => {
      const r = await store.joinRequests.create({ workspaceId: 'slack:T1', groupId: group.id, requesterId: ann.id, reason: 'x', at: T0 });
      await store.cardPosts.add({ workspaceId: 'slack:T1', subjectType: 'join_request', subjectId: r.id, recipientId: bob.id, conversationId: 'D1', messageId: '1.1', locale: 'en' });
      await store.cardPosts.add({ workspaceId: 'slack:T1', subjectType: 'join_request', subjectId: r.id, recipientId: null, conversationId: 'C1', messageId: '2.2', locale: 'zh-CN' });
      expect((await store.cardPosts.listFor('join_request', r.id)).map((p) => [p.conversationId, p.locale])).toEqual([
        ['D1', 'en'],
        ['C1', 'zh-CN'],
      ]);
    });
    it('keep the newest reference per conversation', async () => {
      await store.conversations.save({ conversationId: 'a:1', workspaceId: 'teams:t', userAddress: '29:u', kind: 'personal', reference: { v: 1 }, at: T0 });
      await store.conversations.save({ conversationId: 'a:1', workspaceId: 'teams:t', userAddress: '29:u', kind: 'personal', reference: { v: 2 }, at: minutes(1) });
      expect(await store.conversations.get('a:1')).toEqual({ conversationId: 'a:1', reference: { v: 2 } });
      expect(await store.conversations.personal('teams:t', '29:u')).toEqual({ conversationId: 'a:1', reference: { v: 2 } });
      expect(await store.conversations.personal('teams:t', '29:other')).toBeNull();
    });
  });

  describe('processed events', () => {
    it('drop a repeated id, let a retry take over an abandoned one, forget old ones', async () => {
      expect(await store.events.claim('k1', T0, minutes(-2))).toBe(true);
      expect(await store.events.claim('k1', minutes(1), minutes(-1))).toBe(false);
      // Never completed and older than the takeover limit: the retry may do it.
      expect(await store.events.claim('k1', minutes(5), minutes(3))).toBe(true);
      await store.events.complete('k1', minutes(5));
      expect(await store.events.claim('k1', minutes(60), minutes(58))).toBe(false);
      expect(await store.events.claim('k2', T0, minutes(-2))).toBe(true);
      await store.events.release('k2');
      expect(await store.events.claim('k2', T0, minutes(-2))).toBe(true);
      expect(await store.events.prune(minutes(30))).toBeGreaterThanOrEqual(1);
      expect(await store.events.claim('k1', minutes(61), minutes(59))).toBe(true);
    });
  });

  describe('audit log', () => {
    it('is appended to, listed by filter, and refuses change at the database', async () => {
      const entry = { workspaceId: 'slack:T1', actorId: 'slack:UANN', actorName: 'ann', action: 'role.grant', targetType: 'person', targetId: 'slack:UBOB', groupId: group.id, reason: 'because', outcome: 'ok' as const, details: { role: 'moderator' } };
      await store.audit.append(entry, T0);
      await store.audit.append({ ...entry, action: 'role.revoke' }, minutes(1));
      const all = await store.audit.list('slack:T1', { groupId: group.id });
      expect(all.map((a) => a.action)).toEqual(['role.grant', 'role.revoke']);
      expect(all[0]).toMatchObject({ details: { role: 'moderator' }, occurredAt: T0 });
      expect(await store.audit.list('slack:T1', { since: minutes(1) })).toHaveLength(1);
      await expect(db.knex('audit_log').update({ reason: 'rewritten' })).rejects.toThrow(/append-only/);
      await expect(db.knex('audit_log').delete()).rejects.toThrow(/append-only/);
      await expect(db.knex.raw('truncate audit_log')).rejects.toThrow(/append-only/);
      expect(await store.audit.list('slack:T1', { groupId: group.id })).toHaveLength(2);
    });
  });

  describe('transactions', () => {
    it('roll back every write when one fails', async () => {
      await expect(
        store.transaction(async (tx) => {
          await tx.audit.append({ workspaceId: 'slack:T1', actorId: 'x', actorName: null, action: 'tx.test', targetType: null, targetId: null, groupId: null, reason: null, outcome: 'ok' }, T0);
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await store.audit.list('slack:T1', { action: 'tx.test' })).toEqual([]);
    });
  });
});

describe.each(DATABASES)('a database that went away ($name)', (target) => {
  it('is recognised as unavailable, not as a bug', async () => {
    const db = await target.open();
    await migrateLatest(db.knex);
    const store = createStore(db.knex);
    await db.close();
    const err = await store.groups.get('00000000-0000-0000-0000-000000000000').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Error);
    expect(store.isUnavailable(err)).toBe(true);
    expect(store.isUnavailable(new Error('syntax error at or near'))).toBe(false);
  });
});
