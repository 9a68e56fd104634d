// SlackPlatform's private messages under Slack's rate limits: a 429 is not slept
// through in the process but thrown as RateLimited with Retry-After, so the shared
// sender (src/core/fanout.ts) pauses the bucket for every running Charter. Other
// calls still wait out a 429 as the Web API client does. Slack is nocked.
import nock from 'nock';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebClient } from '../../adapters/slack/index.js';
import { SlackPlatform } from '../../adapters/slack/platform.js';
import { Secret, type SlackConfig } from '../../src/config.js';
import { RateLimited } from '../../src/core/fanout.js';
import { strictTranslator } from '../support/i18n.js';
import { memoryLogger } from '../support/log.js';

const API = 'https://slack-rate.test';
const config: SlackConfig = { signingSecret: new Secret('s'), botToken: new Secret('xoxb-rate'), apiUrl: `${API}/api/` };

describe('Slack private messages and 429', () => {
  const logs = memoryLogger();
  const platform = new SlackPlatform(createWebClient('xoxb-rate', config, logs.log), strictTranslator(), null, logs.log, createWebClient('xoxb-rate', config, logs.log, true));
  const message = { locale: 'en' as const, text: { key: 'notice.acknowledgedNotice' } };
  afterEach(() => nock.cleanAll());

  it('throws RateLimited with the Retry-After Slack sent, after one request', async () => {
    const scope = nock(API).post('/api/chat.postMessage').once().reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '7' });
    const err = await platform.sendPrivate(null, { address: 'U0ANN' }, message, { rateLimits: 'throw' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RateLimited);
    expect((err as RateLimited).retryAfterMs).toBe(7000);
    expect(scope.isDone()).toBe(true);
    expect(logs.text()).not.toContain('xoxb-rate');
  });

  it('waits a 429 out for other callers, as the Web API client does', async () => {
    nock(API).post('/api/chat.postMessage').reply(429, { ok: false, error: 'ratelimited' }, { 'Retry-After': '1' });
    nock(API).post('/api/chat.postMessage').reply(200, { ok: true, channel: 'D0ANN', ts: '1700000000.000200' });
    expect(await platform.sendPrivate(null, { address: 'U0ANN' }, message)).toEqual({ conversationId: 'D0ANN', messageId: '1700000000.000200' });
  });

  it('sends when Slack accepts', async () => {
    nock(API).post('/api/chat.postMessage').reply(200, { ok: true, channel: 'D0ANN', ts: '1700000000.000100' });
    expect(await platform.sendPrivate(null, { address: 'U0ANN' }, message)).toEqual({ conversationId: 'D0ANN', messageId: '1700000000.000100' });
  });
});
