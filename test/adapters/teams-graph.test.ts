// TeamsPlatform with Microsoft Graph configured: adding members to a team or a
// group chat, creating and archiving channels (GRP-2, GRP-3), and profiles from
// the directory. Graph and the connector are nocked.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GraphClient } from '../../adapters/teams/graph.js';
import { TeamsPlatform } from '../../adapters/teams/platform.js';
import { Secret } from '../../src/config.js';
import type { Group, Person, Workspace } from '../../src/core/model.js';
import { migrateLatest, openDatabase, type Database } from '../../src/store/db.js';
import { createStore, type CharterStore } from '../../src/store/index.js';
import { strictTranslator } from '../support/i18n.js';
import { memoryLogger } from '../support/log.js';
import { SERVICE_URL, TEAM, CHANNEL } from '../support/teams.js';

const GRAPH = 'https://graph.test';
const LOGIN = 'https://login.test';
const TENANT = '22222222-0000-0000-0000-000000000000';

describe('Teams platform with Graph', () => {
  let db: Database;
  let store: CharterStore;
  let platform: TeamsPlatform;
  let tokens = 0;
  const workspace: Workspace = { id: `teams:${TENANT}`, platform: 'teams', externalId: TENANT, name: null, defaultLocale: null, openRegistration: null, serviceUrl: SERVICE_URL };
  const jane = { id: 'p1', platformUserId: 'a1a1a1a1-0000-4000-8000-00000000000a', address: '29:1jane', displayName: 'Jane' } as Person;
  let channelGroup: Group;
  let chatGroup: Group;

  beforeAll(async () => {
    db = await openDatabase({ kind: 'pglite-memory' });
    await migrateLatest(db.knex);
    store = createStore(db.knex);
    await store.workspaces.upsert({ id: workspace.id, platform: 'teams', externalId: TENANT, serviceUrl: SERVICE_URL });
    const ada = await store.people.upsertIdentity({ workspaceId: workspace.id, platform: 'teams', platformUserId: 'a1a1a1a1-0000-4000-8000-00000000000c', address: '29:1ada', displayName: 'Ada' });
    const base = { workspaceId: workspace.id, type: 'project' as const, purpose: 'p', tier: 'core-team' as const, expiresOn: null, createdBy: ada.id };
    channelGroup = await store.groups.create({ ...base, channelId: CHANNEL, channelName: 'ship-v2', conversationKind: 'channel', teamId: TEAM, name: 'ship-v2' });
    chatGroup = await store.groups.create({ ...base, channelId: '19:chat@thread.v2', channelName: null, conversationKind: 'group-chat', teamId: null, name: 'crew' });
    await store.conversations.save({
      conversationId: CHANNEL,
      workspaceId: workspace.id,
      userAddress: null,
      kind: 'channel',
      reference: { channelId: 'msteams', serviceUrl: SERVICE_URL, conversation: { id: CHANNEL, isGroup: true, conversationType: 'channel', tenantId: TENANT }, bot: { id: '28:bot', name: 'Charter' } },
      at: new Date(),
    });
    const graph = new GraphClient({ apiUrl: `${GRAPH}/v1.0/`, loginUrl: `${LOGIN}/`, tenantId: TENANT, clientId: 'client-id', clientSecret: new Secret('client-secret') });
    platform = new TeamsPlatform({
      adapter: new CloudAdapter(new ConfigurationBotFrameworkAuthentication({})),
      appId: '',
      servicePolicy: { mode: 'authenticated', extraHosts: [] },
      store,
      i18n: strictTranslator(),
      log: memoryLogger().log,
      graph,
      botAccounts: new Map(),
    });
    nock(LOGIN)
      .persist()
      .post(`/${TENANT}/oauth2/v2.0/token`, (body: Record<string, string>) => body['grant_type'] === 'client_credentials' && body['client_secret'] === 'client-secret' && body['scope'] === 'https://graph.microsoft.com/.default')
      .reply(() => {
        tokens += 1;
        return [200, { access_token: 'graph-token', expires_in: 3600, token_type: 'Bearer' }];
      });
  });
  afterAll(async () => {
    await db.close();
    nock.cleanAll();
  });
  it('declares that it adds members itself', () => {
    expect(platform.capabilities).toEqual({ addMember: 'direct', removeMember: true, removalScope: 'team', deleteMessage: false, privateReminder: 'direct-message', privateReplies: false });
  });

  it("adds to a team channel's team, learning the team's group id once", async () => {
    const details = nock(new URL(SERVICE_URL).origin).get(`/amer/v3/teams/${encodeURIComponent(TEAM)}`).once().reply(200, { id: TEAM, name: 'Apps', aadGroupId: 'aad-group-apps' });
    const add = nock(GRAPH, { reqheaders: { authorization: 'Bearer graph-token' } })
      .post('/v1.0/teams/aad-group-apps/members', {
        '@odata.type': '#microsoft.graph.aadUserConversationMember',
        roles: [],
        'user@odata.bind': "https://graph.microsoft.com/v1.0/users('a1a1a1a1-0000-4000-8000-00000000000a')",
      })
      .reply(201, { id: 'm1' });
    // The platform reports what it learnt; the core stores it (the adapter writes no governance tables).
    expect(await platform.addMember(workspace, channelGroup, jane)).toEqual({ outcome: 'added', learned: { teamAadGroupId: 'aad-group-apps' } });
    details.done();
    add.done();
    expect((await store.groups.get(channelGroup.id))?.teamAadGroupId).toBeNull();

    const again = nock(GRAPH).post('/v1.0/teams/aad-group-apps/members').reply(409, { error: { code: 'Conflict' } });
    expect(await platform.addMember(workspace, { ...channelGroup, teamAadGroupId: 'aad-group-apps' }, jane)).toEqual({ outcome: 'already-member', learned: { teamAadGroupId: 'aad-group-apps' } });
    again.done();
    expect(tokens).toBe(1);
  });

  it('adds to a group chat, and reports what Graph refuses', async () => {
    const add = nock(GRAPH).post(`/v1.0/chats/${encodeURIComponent('19:chat@thread.v2')}/members`).reply(201, {});
    expect(await platform.addMember(workspace, chatGroup, jane)).toEqual({ outcome: 'added' });
    add.done();
    nock(GRAPH).post(/chats/).reply(403, { error: { code: 'Forbidden', message: 'Missing role permissions' } });
    expect(await platform.addMember(workspace, chatGroup, jane)).toEqual({ outcome: 'failed', error: 'graph_403_Forbidden' });
    nock(GRAPH).post(/chats/).reply(503, { error: { code: 'ServiceUnavailable' } });
    await expect(platform.addMember(workspace, chatGroup, jane)).rejects.toMatchObject({ status: 503 });
    expect(await platform.addMember(workspace, chatGroup, { ...jane, platformUserId: '29:1jane' })).toEqual({ outcome: 'failed', error: 'unknown_aad_object_id' });
  });

  it('reads title, department and account state from the directory', async () => {
    nock(GRAPH)
      .get('/v1.0/users/a1a1a1a1-0000-4000-8000-00000000000a')
      .query(true)
      .reply(200, { id: 'A1A1A1A1-0000-4000-8000-00000000000A', displayName: 'Jane Doe', jobTitle: 'Engineer', department: 'Apps', mail: 'jane@acme.test', accountEnabled: true, userType: 'Member' });
    expect(await platform.lookupProfile(workspace, { platformUserId: 'a1a1a1a1-0000-4000-8000-00000000000a', address: '29:1jane' })).toEqual({
      platformUserId: 'a1a1a1a1-0000-4000-8000-00000000000a',
      displayName: 'Jane Doe',
      realName: 'Jane Doe',
      title: 'Engineer',
      department: 'Apps',
      email: 'jane@acme.test',
      locale: null,
      isExternal: false,
      employment: 'active',
      isBot: false,
    });
    nock(GRAPH).get('/v1.0/users/a1a1a1a1-0000-4000-8000-00000000000b').query(true).reply(200, { id: 'a1a1a1a1-0000-4000-8000-00000000000b', displayName: 'Gone', accountEnabled: false, userType: 'Guest' });
    expect(await platform.lookupProfile(workspace, { platformUserId: 'a1a1a1a1-0000-4000-8000-00000000000b', address: '29:1gone' })).toMatchObject({ employment: 'inactive', isExternal: true });
  });

  it('removes from a team and from a group chat through Graph, and says when they were not a member', async () => {
    const group = { ...channelGroup, teamAadGroupId: 'aad-group-apps' };
    const list = nock(GRAPH)
      .get('/v1.0/teams/aad-group-apps/members')
      .query((q) => String(q['$filter']).includes("userId eq 'a1a1a1a1-0000-4000-8000-00000000000a'"))
      .reply(200, { value: [{ id: 'MEMBERSHIP-1', userId: 'a1a1a1a1-0000-4000-8000-00000000000a' }] });
    const remove = nock(GRAPH).delete('/v1.0/teams/aad-group-apps/members/MEMBERSHIP-1').reply(204);
    expect(await platform.removeMember(workspace, group, jane)).toEqual({ outcome: 'removed' });
    list.done();
    remove.done();

    nock(GRAPH).get(`/v1.0/chats/${encodeURIComponent('19:chat@thread.v2')}/members`).reply(200, { value: [{ id: 'M-OTHER', userId: 'someone-else' }] });
    expect(await platform.removeMember(workspace, chatGroup, jane)).toEqual({ outcome: 'not-member' });
    nock(GRAPH).get('/v1.0/teams/aad-group-apps/members').query(true).reply(403, { error: { code: 'Forbidden' } });
    expect(await platform.removeMember(workspace, group, jane)).toEqual({ outcome: 'failed', error: 'graph_403_Forbidden' });
    expect(await platform.deleteMessage()).toBe(false);
  });
  it("creates a channel under the request's Teams name in the origin's team, and tells a taken name from a missing permission", async () => {
    const requester = { ...jane, id: 'p-req' } as Person;
    const channel = { displayName: 'Ship/V3: launch?', channelName: 'Ship V3 launch', purpose: 'Ship it', origin: { channelId: CHANNEL, teamId: TEAM }, requester };
    const details = () => nock(new URL(SERVICE_URL).origin).get(`/amer/v3/teams/${encodeURIComponent(TEAM)}`).reply(200, { id: TEAM, name: 'Apps', aadGroupId: 'aad-group-apps' });
    details();
    const create = nock(GRAPH)
      .post('/v1.0/teams/aad-group-apps/channels', { displayName: 'Ship V3 launch', description: 'Ship it', membershipType: 'standard' })
      .reply(201, { id: '19:new@thread.tacv2', displayName: 'Ship V3 launch' });
    expect(await platform.createChannel(workspace, channel)).toEqual({
      outcome: 'created',
      channelId: '19:new@thread.tacv2',
      channelName: 'Ship V3 launch',
      conversationKind: 'channel',
      teamId: TEAM,
      teamAadGroupId: 'aad-group-apps',
      invited: true,
    });
    create.done();
    expect((await store.conversations.get('19:new@thread.tacv2'))?.reference).toMatchObject({ serviceUrl: SERVICE_URL, conversation: { id: '19:new@thread.tacv2', conversationType: 'channel' } });

    details();
    // Taken by a channel that is not the one a lost try made (another description), or one Charter may not list: taken.
    nock(GRAPH).post('/v1.0/teams/aad-group-apps/channels').reply(409, { error: { code: 'Conflict', message: 'Channel name already existed' } });
    nock(GRAPH)
      .get('/v1.0/teams/aad-group-apps/channels')
      .query({ $filter: `displayName eq '${channel.channelName}'` })
      .reply(200, { value: [{ id: '19:theirs@thread.tacv2', displayName: channel.channelName, description: 'Someone else’s', createdDateTime: new Date().toISOString() }] });
    expect(await platform.createChannel(workspace, channel)).toEqual({ outcome: 'name-taken' });
    details();
    nock(GRAPH).post('/v1.0/teams/aad-group-apps/channels').reply(409, { error: { code: 'Conflict', message: 'Channel name already existed' } });
    nock(GRAPH).get('/v1.0/teams/aad-group-apps/channels').query(true).reply(403, { error: { code: 'Forbidden' } });
    expect(await platform.createChannel(workspace, channel)).toEqual({ outcome: 'name-taken' });
    details();
    nock(GRAPH).post('/v1.0/teams/aad-group-apps/channels').reply(403, { error: { code: 'Forbidden', message: 'Missing role permissions' } });
    expect(await platform.createChannel(workspace, channel)).toEqual({ outcome: 'failed', error: 'graph_403_Forbidden', notAllowed: true });
    details();
    nock(GRAPH).post('/v1.0/teams/aad-group-apps/channels').reply(400, { error: { code: 'BadRequest' } });
    expect(await platform.createChannel(workspace, channel)).toEqual({ outcome: 'failed', error: 'graph_400_BadRequest' });
    // Typed in a 1:1 chat: no team to put it in.
    expect(await platform.createChannel(workspace, { ...channel, origin: null })).toEqual({ outcome: 'unsupported' });
  });

  it("archives a team's standard channel through Graph; not the General channel, not a group chat", async () => {
    const archive = nock(GRAPH).post(`/v1.0/teams/aad-group-apps/channels/${encodeURIComponent(CHANNEL)}/archive`, {}).reply(202);
    expect(await platform.archiveChannel(workspace, { ...channelGroup, teamAadGroupId: 'aad-group-apps' })).toEqual({ outcome: 'archived' });
    archive.done();
    expect(await platform.archiveChannel(workspace, { ...channelGroup, channelId: TEAM })).toEqual({ outcome: 'unsupported' });
    expect(await platform.archiveChannel(workspace, chatGroup)).toEqual({ outcome: 'unsupported' });
    nock(GRAPH).post(/archive$/).reply(403, { error: { code: 'Forbidden' } });
    expect(await platform.archiveChannel(workspace, { ...channelGroup, teamAadGroupId: 'aad-group-apps' })).toEqual({ outcome: 'failed', error: 'graph_403_Forbidden' });
    expect(nock.pendingMocks().filter((m) => m.includes('graph.test'))).toEqual([]);
  });

  it('gives up a Graph call that does not answer in time, so the job that made it retries later', async () => {
    const slow = new GraphClient({ apiUrl: `${GRAPH}/v1.0/`, loginUrl: `${LOGIN}/`, tenantId: TENANT, clientId: 'client-id', clientSecret: new Secret('client-secret') }, Date.now, 200);
    nock(GRAPH).get(/^\/v1\.0\/users\/aad-slow/).delay(2_000).reply(200, { id: 'aad-slow' });
    await expect(slow.getUser('aad-slow')).rejects.toMatchObject({ name: 'TimeoutError' });
    // A redirect is not followed (Graph never answers with one: it would be someone else's host).
    nock(GRAPH).get(/^\/v1\.0\/users\/aad-moved/).reply(302, '', { location: 'https://elsewhere.test/v1.0/users/aad-moved' });
    await expect(slow.getUser('aad-moved')).rejects.toThrow();
    nock.abortPendingRequests();
  });
});
