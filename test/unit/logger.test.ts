import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../support/log.js';

describe('logs', () => {
  it('never carry tokens from HTTP client errors', () => {
    const { log, text } = memoryLogger();
    const err = Object.assign(new Error('An API error occurred: not_authed'), {
      code: 'slack_webapi_platform_error',
      data: { ok: false, error: 'not_authed' },
      original: { config: { headers: { Authorization: 'Bearer xoxb-leaky-token' } } },
      request: { headers: { authorization: 'Bearer eyJ-leaky-jwt' } },
    });
    log.error({ err }, 'call failed');
    log.info({ token: 'xoxb-direct', headers: { authorization: 'Bearer abc' }, nested: { secret: 's3cr3t' } }, 'careless');
    const out = text();
    for (const leak of ['xoxb-leaky-token', 'eyJ-leaky-jwt', 'xoxb-direct', 'Bearer abc', 's3cr3t']) expect(out).not.toContain(leak);
    expect(out).toContain('not_authed');
    expect(out).toContain('slack_webapi_platform_error');
  });
});
