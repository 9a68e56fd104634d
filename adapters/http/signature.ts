// The `v0` request signature Slack uses and Charter's HR webhook copies: hex
// HMAC-SHA256 over `v0:<timestamp>:<raw body>`, sent as `v0=<hex>`, with a
// timestamp within five minutes either way. Pure functions with the clock passed
// in; the comparison takes constant time.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_SKEW_SECONDS = 5 * 60;

export type Verification = { ok: true } | { ok: false; reason: 'missing-headers' | 'stale' | 'bad-signature' };

export function signV0(secret: string, timestamp: number, rawBody: string | Uint8Array): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:`).update(rawBody).digest('hex')}`;
}

export function verifyV0(input: {
  secret: string;
  rawBody: string | Uint8Array;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): Verification {
  if (input.timestamp === undefined || input.signature === undefined || !/^\d+$/.test(input.timestamp)) {
    return { ok: false, reason: 'missing-headers' };
  }
  const ts = Number(input.timestamp);
  if (Math.abs(Math.floor(input.nowMs / 1000) - ts) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signV0(input.secret, ts, input.rawBody));
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}
