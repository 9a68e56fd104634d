// Slack request signing (v0): HMAC-SHA256 over `v0:<timestamp>:<raw body>` with
// the signing secret, and a timestamp within five minutes either way. A pure
// function with the clock passed in.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const MAX_SKEW_SECONDS = 5 * 60;

export type Verification = { ok: true } | { ok: false; reason: 'missing-headers' | 'stale' | 'bad-signature' };

export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export function verifySlackRequest(input: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): Verification {
  if (input.timestamp === undefined || input.signature === undefined || !/^\d+$/.test(input.timestamp)) {
    return { ok: false, reason: 'missing-headers' };
  }
  const ts = Number(input.timestamp);
  if (Math.abs(Math.floor(input.nowMs / 1000) - ts) > MAX_SKEW_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signSlackRequest(input.signingSecret, ts, input.rawBody));
  const given = Buffer.from(input.signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false, reason: 'bad-signature' };
  return { ok: true };
}
