// Charter under attack, the way a hostile tester tried it: the unauthenticated
// (emulator) Teams endpoint reached from another machine, impersonation through
// from.aadObjectId, service URLs pointing at cloud metadata or local files, and
// signed bodies of every wrong shape. Each is refused at the edge, nothing is
// stored, no request leaves, and the server stays up.
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Person, Workspace } from '../../src/core/model.js';
import type { Database } from '../../src/store/db.js';
import { openMigratedPglite } from '../support/db.js';
import { startTestCharter, type TestCharter } from '../support/charter.js';
import { FakeSlack, HOOKS, newTrigger, SIGNING_SECRET, SLACK_API, SlackClient } from '../support/slack.js';
import { FakeConnector, personalChat, TeamsClient, type TeamsUser } from '../support/teams.js';

const ADMIN: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MALLORY: TeamsUser = { id: '29:1mallory', name: 'Mallory', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };

/** An address of this machine that is not loopback, so a request from it is not a loopback peer. */
function externalAddress(): string | null {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4') return a.address;
  }
  return null;
}

/** A raw HTTP/1.1 POST (nock does not intercept raw sockets); resolves with the status code. */
function rawPost(host: string, port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    });
    let response = '';
    socket.on('data', (chunk: Buffer) => (response += chunk.toString('utf8')));
    socket.on('end', () => resolve(Number(/^HTTP\/1\.1 (\d{3})/.exec(response)?.[1] ?? 0)));
    socket.on('error', reject);
  });
}

async function tableCounts(db: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of ['workspaces', 'people', 'conversation_refs', 'audit_log']) {
    const row = (await db.knex(t).count({ n: '*' }).first()) as { n: number | string };
    out[t] = Number(row.n);
  }
  return out;
}

describe('the unauthenticated Teams endpoint', () => {
  it('listens on loopback only unless HOST says otherwise', async () => {
    const db = await openMigratedPglite();
    const charter = await startTestCharter(db, {});
    try {
      expect(charter.address).toBe('127.0.0.1');
    } finally {
      await charter.close();
      await db.close();
    }
  });

  describe('with HOST=0.0.0.0', () => {
    let db: Database;
    let charter: TestCharter;
    const connector = new FakeConnector();
    const external = externalAddress();
    const metadata = nock('http://169.254.169.254').persist().get(/.*/).reply(200, 'secret-role-credentials');

    beforeAll(async () => {
      connector.join(personalChat(ADMIN), ADMIN);
      await connector.listen();
      db = await openMigratedPglite();
      charter = await startTestCharter(db, { HOST: '0.0.0.0', CHARTER_SUPER_ADMINS: `teams:${ADMIN.aadObjectId}` });
    });
    afterAll(async () => {
      await charter.close();
      await db.close();
      await connector.close();
      nock.cleanAll();
    });

    it('refuses a peer that is not loopback, even one claiming to be a super admin', async () => {
      expect(external, 'this machine needs a non-loopback IPv4 address for this test').not.toBeNull();
      const before = await tableCounts(db);
      const forged = new TeamsClient('', connector.url).personalMessage(MALLORY, 'role grant <at>Mallory</at> super-admin');
      expect(await rawPost(external!, charter.port, '/api/messages', JSON.stringify(forged))).toBe(401);
      await charter.settle();
      expect(await tableCounts(db)).toEqual(before);
      expect(connector.calls).toEqual([]);
    });

    it('refuses a local proxy forwarding for another address', async () => {
      const client = new TeamsClient(charter.url, connector.url);
      const forwardedFor: Record<string, string>[] = [{ 'x-forwarded-for': '203.0.113.9' }, { forwarded: 'for=198.51.100.7;proto=https' }, { 'x-real-ip': '10.1.2.3' }];
      for (const headers of forwardedFor) {
        const r = await client.send(client.personalMessage(MALLORY, 'help'), headers);
        expect(r.status).toBe(401);
      }
      const viaLoopback = await client.send(client.personalMessage(ADMIN, 'help'), { 'x-forwarded-for': '127.0.0.1' });
      expect(viaLoopback.status).toBe(200);
    });

    it('refuses service URLs that are not loopback http(s), stores none of them and calls none', async () => {
      await db.knex('conversation_refs').delete();
      const before = await tableCounts(db);
      for (const serviceUrl of [
        'file:///etc/passwd',
        'http://169.254.169.254/latest/meta-data/',
        'https://smba.trafficmanager.net/amer/',
        'gopher://127.0.0.1:70/',
        `http://user:pw@127.0.0.1:${new URL(connector.url).port}/amer/`,
        'http://127.0.0.1.nip.io/',
      ]) {
        const client = new TeamsClient(charter.url, serviceUrl);
        const r = await client.send(client.personalMessage(ADMIN, 'help'));
        expect(r.status, serviceUrl).toBe(400);
        expect(await r.json()).toEqual({ error: 'invalid_service_url' });
      }
      await charter.settle();
      expect(await tableCounts(db)).toEqual(before);
      expect(metadata.isDone()).toBe(false);
    });

    it('never uses a bad service URL that was stored before this version', async () => {
      const workspace: Workspace = {
        id: 'teams:tenant-0001',
        platform: 'teams',
        externalId: 'tenant-0001',
        name: null,
        defaultLocale: null,
        openRegistration: null,
        serviceUrl: 'http://169.254.169.254/',
      };
      await db.knex('workspaces').insert({ id: workspace.id, platform: 'teams', external_id: workspace.externalId, service_url: workspace.serviceUrl }).onConflict('id').merge();
      await db.knex('conversation_refs').insert({
        conversation_id: 'a:dm-stale',
        workspace_id: workspace.id,
        user_address: '29:1stale',
        kind: 'personal',
        reference: JSON.stringify({ serviceUrl: 'http://169.254.169.254/', conversation: { id: 'a:dm-stale' }, channelId: 'msteams' }),
        updated_at: new Date(),
      });
      const platform = charter.cores.teams!.messaging;
      const stale = { address: '29:1stale', displayName: 'Stale', platformUserId: 'aad-stale' } as Person;
      const fresh = { address: '29:1new', displayName: 'New', platformUserId: 'aad-new' } as Person;
      const message = { locale: 'en' as const, text: { key: 'errors.unavailable' } };
      await expect(platform.sendPrivate(workspace, stale, message)).rejects.toThrow(/refusing a stored service URL/);
      await expect(platform.sendPrivate(workspace, fresh, message)).rejects.toThrow(/refusing a stored service URL/);
      expect(metadata.isDone()).toBe(false);
    });
  });
});

describe('signed bodies of the wrong shape', () => {
  let db: Database;
  let charter: TestCharter;
  let slack: SlackClient;
  const fake = new FakeSlack();
  const connector = new FakeConnector();

  beforeAll(async () => {
    fake.users.set('U0JANE', { id: 'U0JANE', name: 'jane', real_name: 'Jane Doe' });
    fake.install();
    await connector.listen();
    db = await openMigratedPglite();
    charter = await startTestCharter(db, { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-hostile', SLACK_API_URL: `${SLACK_API}/api/` });
    slack = new SlackClient(charter.url);
  });
  afterAll(async () => {
    await charter.close();
    await db.close();
    await connector.close();
    nock.cleanAll();
  });

  async function expectRefused(r: Response, label: string) {
    expect(r.status, label).toBe(400);
    const text = await r.text();
    expect(text, label).not.toMatch(/ at |stack|TypeError|\.ts:|\.js:/);
  }

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"x"'],
    ['a number', '42'],
    ['an event callback without an event', '{"type":"event_callback","team_id":"T0001","event_id":"Ev1"}'],
    ['an event that is null', '{"type":"event_callback","team_id":"T0001","event_id":"Ev2","event":null}'],
    ['an event without a type', '{"type":"event_callback","team_id":"T0001","event_id":"Ev3","event":{"channel":{"id":"C1"}}}'],
    ['an event without an id', '{"type":"event_callback","team_id":"T0001","event":{"type":"channel_rename"}}'],
    ['a verification without a challenge', '{"type":"url_verification"}'],
    ['a team_join without its user', '{"type":"event_callback","team_id":"T0001","event_id":"Ev4","event":{"type":"team_join"}}'],
    ['a team_join whose user id holds a control character', '{"type":"event_callback","team_id":"T0001","event_id":"Ev5","event":{"type":"team_join","user":{"id":"U0\\u0000X"}}}'],
  ])('Slack JSON: %s gets 400', async (label, body) => {
    await expectRefused(await slack.post(body, 'application/json'), label);
  });

  it.each<[string, Record<string, unknown>]>([
    ['a user that is a number', { type: 'block_actions', user: 5, actions: [] }],
    ['no user', { type: 'block_actions', actions: [{ action_id: 'join.approve' }] }],
    ['actions that are not a list', { type: 'block_actions', user: { id: 'U0JANE' }, actions: { action_id: 'join.approve' } }],
    ['a submission with a view of the wrong shape', { type: 'view_submission', user: { id: 'U0JANE' }, view: { callback_id: 7 } }],
    ['state values that are not objects', { type: 'view_submission', user: { id: 'U0JANE' }, view: { callback_id: 'join.deny', state: { values: 'x' } } }],
    ['a response URL that is not Slack’s', { type: 'block_actions', user: { id: 'U0JANE' }, actions: [], response_url: 'http://169.254.169.254/latest' }],
    ['a container whose is_ephemeral is not a boolean', { type: 'block_actions', user: { id: 'U0JANE' }, actions: [], container: { type: 'message', is_ephemeral: 'yes' } }],
  ])('Slack interaction: %s gets 400', async (label, payload) => {
    await expectRefused(await slack.interact(payload), label);
  });

  it('Slack: a payload field that is not JSON gets 400', async () => {
    await expectRefused(await slack.post('payload=%7Bnope', 'application/x-www-form-urlencoded'), 'broken payload');
  });

  it.each<[string, Record<string, string>]>([
    ['no user', { user_id: '' }],
    ['a response URL elsewhere', { user_id: 'U0JANE', response_url: 'https://evil.example/steal' }],
    ['a plain-http response URL', { user_id: 'U0JANE', response_url: 'http://hooks.slack.test/commands/x' }],
  ])('Slack command: %s gets 400', async (label, fields) => {
    await expectRefused(await slack.command({ text: 'help', trigger_id: newTrigger(), response_url: `${HOOKS}/commands/ok`, ...fields }), label);
  });

  it.each<[string, (a: Record<string, unknown>) => Record<string, unknown>]>([
    ['a locale that is not a string', (a) => ({ ...a, locale: 7 })],
    ['a text that is not a string', (a) => ({ ...a, text: { html: '<b>x</b>' } })],
    ['entities that are not a list', (a) => ({ ...a, entities: { type: 'mention' } })],
    ['entities without a type', (a) => ({ ...a, entities: [{ text: '<at>x</at>' }] })],
    ['no sender', (a) => ({ ...a, from: undefined })],
    ['a sender without an id', (a) => ({ ...a, from: { name: 'x' } })],
    ['no conversation', (a) => ({ ...a, conversation: null })],
    ['no type', (a) => ({ ...a, type: undefined })],
    ['no serviceUrl', (a) => ({ ...a, serviceUrl: undefined })],
    ['membersAdded that is not a list', (a) => ({ ...a, type: 'conversationUpdate', membersAdded: 'everyone' })],
  ])('Teams: %s gets 400', async (label, mutate) => {
    const client = new TeamsClient(charter.url, connector.url);
    await expectRefused(await client.send(mutate(client.personalMessage(ADMIN, 'help'))), label);
  });

  it.each(['null', '[]', '"activity"'])('Teams: a body of %s gets 400', async (body) => {
    const r = await fetch(`${charter.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    await expectRefused(r, body);
  });

  it('stays up and keeps answering properly formed requests', async () => {
    await charter.settle();
    expect((await fetch(`${charter.url}/healthz`)).status).toBe(200);
    const r = await slack.command({ user_id: 'U0JANE', user_name: 'jane', text: 'ｈｅｌｐ', trigger_id: newTrigger(), response_url: `${HOOKS}/commands/fine` });
    expect(r.status).toBe(200);
    await charter.settle();
    expect(JSON.stringify(fake.responses.at(-1)?.body)).toContain('/charter join &lt;#group or name&gt;');
    expect(charter.logs.text()).not.toMatch(/"level":50|"level":60/);
  });
});
