import { describe, expect, it } from 'vitest';
import { parseSlackBody, retryKey } from '../../adapters/slack/receiver.js';
import { signSlackRequest, verifySlackRequest } from '../../adapters/slack/verify.js';

const secret = 'test-signing-secret';
const now = Date.UTC(2026, 10, 21, 9, 0, 0);
const ts = Math.floor(now / 1000);
const body = 'token=x&team_id=T1&command=%2Fcharter&text=help';

function verify(over: Partial<Parameters<typeof verifySlackRequest>[0]>) {
  return verifySlackRequest({ signingSecret: secret, rawBody: body, timestamp: String(ts), signature: signSlackRequest(secret, ts, body), nowMs: now, ...over });
}

describe('Slack request verification', () => {
  it('accepts a request signed now', () => {
    expect(verify({})).toEqual({ ok: true });
  });
  it('refuses a changed body, another secret, a missing or malformed header', () => {
    expect(verify({ rawBody: `${body}&x=1` })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify({ signature: signSlackRequest('other', ts, body) })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify({ signature: 'v0=short' })).toEqual({ ok: false, reason: 'bad-signature' });
    expect(verify({ signature: undefined })).toEqual({ ok: false, reason: 'missing-headers' });
    expect(verify({ timestamp: 'yesterday' })).toEqual({ ok: false, reason: 'missing-headers' });
  });
  it('refuses a request more than five minutes old or ahead', () => {
    const old = ts - 6 * 60;
    expect(verify({ timestamp: String(old), signature: signSlackRequest(secret, old, body) })).toEqual({ ok: false, reason: 'stale' });
    const ahead = ts + 6 * 60;
    expect(verify({ timestamp: String(ahead), signature: signSlackRequest(secret, ahead, body) })).toEqual({ ok: false, reason: 'stale' });
    const edge = ts - 5 * 60;
    expect(verify({ timestamp: String(edge), signature: signSlackRequest(secret, edge, body) })).toEqual({ ok: true });
  });
});

describe('Slack bodies', () => {
  it('parse slash commands, interactions and events', () => {
    expect(parseSlackBody(body, 'application/x-www-form-urlencoded')).toEqual({ body: { token: 'x', team_id: 'T1', command: '/charter', text: 'help' }, fromPayload: false });
    expect(parseSlackBody(`payload=${encodeURIComponent('{"type":"block_actions","trigger_id":"t1"}')}`, 'application/x-www-form-urlencoded')).toEqual({
      body: { type: 'block_actions', trigger_id: 't1' },
      fromPayload: true,
    });
    expect(parseSlackBody('{"type":"event_callback","event_id":"Ev1"}', 'application/json')).toEqual({ body: { type: 'event_callback', event_id: 'Ev1' }, fromPayload: false });
    expect(parseSlackBody('null', 'application/json')).toEqual({ body: null, fromPayload: false });
    expect(() => parseSlackBody('{nope', 'application/json')).toThrow();
  });
  it('name the id a retry carries again', () => {
    expect(retryKey({ event_id: 'Ev1', type: 'event_callback' })).toBe('slack:event:Ev1');
    expect(retryKey({ command: '/charter', trigger_id: '123.456' })).toBe('slack:command:123.456');
    expect(retryKey({ type: 'block_actions', trigger_id: '9.9' })).toBe('slack:block_actions:9.9');
    expect(retryKey({ type: 'view_submission', trigger_id: '9.9' })).toBe('slack:view_submission:9.9');
    expect(retryKey({ type: 'url_verification' })).toBeNull();
  });
});
