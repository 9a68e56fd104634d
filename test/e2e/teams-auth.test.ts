// Teams with an app id: only activities whose token the Bot Framework signed for
// this bot get through; outbound calls carry the bot's own token.
import { describe, expect, it } from 'vitest';
import { APP_ID, APP_PASSWORD, BotFrameworkIdentity, OUTBOUND_TOKEN } from '../support/botframework.js';
import { DATABASES } from '../support/db.js';
import { teamsE2E } from '../support/e2e.js';
import { personalChat, SERVICE_URL, TeamsClient, type TeamsUser } from '../support/teams.js';

const JANE: TeamsUser = { id: '29:1jane', name: 'Jane Doe', aadObjectId: 'aad-jane-0000-0000-0000-000000000002' };

describe.each(DATABASES.slice(0, 1))('Teams authentication ($name)', (target) => {
  const identity = new BotFrameworkIdentity();
  const e2e = teamsE2E(target, { identity, chats: [JANE], env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: APP_PASSWORD, NODE_ENV: 'production' } });
  const { connector } = e2e;

  const post = (activity: Record<string, unknown>, authorization?: string) =>
    fetch(`${e2e.charter.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization !== undefined ? { authorization } : {}) },
      body: JSON.stringify(activity),
    });

  const message = () => new TeamsClient('').personalMessage(JANE, 'help');

  it('refuses an activity without a token, and sends nothing', async () => {
    const r = await post(message());
    expect(r.status).toBe(401);
    await e2e.charter.settle();
    expect(connector.calls).toEqual([]);
  });

  it('refuses tokens that are forged, for another bot, or expired', async () => {
    const forged = identity.token({ serviceUrl: SERVICE_URL, key: BotFrameworkIdentity.forgerKey() });
    expect((await post(message(), `Bearer ${forged}`)).status).toBe(401);
    const unknownKey = identity.token({ serviceUrl: SERVICE_URL, kid: 'not-published' });
    expect((await post(message(), `Bearer ${unknownKey}`)).status).toBe(401);
    const otherBot = identity.token({ serviceUrl: SERVICE_URL, aud: '99999999-2222-3333-4444-555555555555' });
    expect((await post(message(), `Bearer ${otherBot}`)).status).toBe(401);
    const expired = identity.token({ serviceUrl: SERVICE_URL, expiresIn: -3600 });
    expect((await post(message(), `Bearer ${expired}`)).status).toBe(401);
    await e2e.charter.settle();
    expect(connector.calls).toEqual([]);
  });

  it('refuses a signed activity whose serviceUrl is not a Bot Framework host or not the one its token names', async () => {
    const evil = 'https://evil.example/amer/';
    const vouched = identity.token({ serviceUrl: evil });
    const r1 = await post({ ...message(), serviceUrl: evil }, `Bearer ${vouched}`);
    expect(r1.status).toBe(400);
    expect(await r1.json()).toEqual({ error: 'invalid_service_url' });
    const mismatched = identity.token({ serviceUrl: SERVICE_URL });
    const r2 = await post({ ...message(), serviceUrl: 'https://smba.trafficmanager.net/emea/' }, `Bearer ${mismatched}`);
    expect([400, 401]).toContain(r2.status);
    const plain = identity.token({ serviceUrl: 'http://smba.trafficmanager.net/amer/' });
    expect((await post({ ...message(), serviceUrl: 'http://smba.trafficmanager.net/amer/' }, `Bearer ${plain}`)).status).toBe(400);
    await e2e.charter.settle();
    expect(connector.calls).toEqual([]);
    const stored = (await e2e.db.knex('conversation_refs').select('reference')) as { reference: unknown }[];
    expect(JSON.stringify(stored)).not.toContain('evil.example');
    expect(JSON.stringify(await e2e.db.knex('workspaces').select('service_url'))).not.toMatch(/evil\.example|emea|http:/);
  });

  it('answers a properly signed activity, with its own token on the way out', async () => {
    const token = identity.token({ serviceUrl: SERVICE_URL });
    const r = await post(message(), `Bearer ${token}`);
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    expect(connector.said(personalChat(JANE)).at(-1)).toContain('Charter');
    // The SDK keeps an app token for the process: requested here, or by an earlier test file in this worker.
    for (const request of identity.tokenRequests) expect(request).toContain(APP_ID);
    expect(connector.calls.length).toBeGreaterThan(0);
    expect(connector.calls.every((c) => c.authorization === `Bearer ${OUTBOUND_TOKEN}`)).toBe(true);
    expect(e2e.charter.logs.text()).not.toContain(APP_PASSWORD);
    expect(e2e.charter.logs.text()).not.toContain(token);
  });
});
