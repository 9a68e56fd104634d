// The HTTP edges of the server itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { openMigratedPglite } from '../support/db.js';
import { startTestCharter, type TestCharter } from '../support/charter.js';

describe('the HTTP server in production without a Teams app id', () => {
  let db: Database;
  let charter: TestCharter;
  beforeAll(async () => {
    db = await openMigratedPglite();
    charter = await startTestCharter(db, { NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await charter.close();
    await db.close();
  });

  const post = (path: string, body: string, type = 'application/json') => fetch(`${charter.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

  it('refuses to run the Teams endpoint unauthenticated', async () => {
    const r = await post('/api/messages', JSON.stringify({ type: 'message', text: 'help', serviceUrl: 'https://x.test/', conversation: { id: 'c' } }));
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ error: 'teams_disabled', reason: 'MICROSOFT_APP_ID is not set and NODE_ENV=production' });
    expect(charter.logs.text()).toContain('Teams endpoint disabled');
  });

  it('says Slack is not configured rather than failing', async () => {
    const r = await post('/slack/events', 'token=x', 'application/x-www-form-urlencoded');
    expect(r.status).toBe(404);
    expect(await r.json()).toEqual({ error: 'slack_not_configured' });
  });

  it('answers unknown paths, malformed and oversized bodies with JSON, no internals', async () => {
    expect((await fetch(`${charter.url}/nope`)).status).toBe(404);
    const malformed = await post('/api/messages', '{"type":');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toEqual({ error: 'malformed_json' });
    const huge = await post('/api/messages', JSON.stringify({ text: 'x'.repeat(1_100_000) }));
    expect(huge.status).toBe(413);
    expect(await (await fetch(`${charter.url}/healthz`)).json()).toEqual({ status: 'ok', db: 'pglite' });
  });
});
