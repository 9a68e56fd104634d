// Slack request signing (v0): HMAC-SHA256 over `v0:<timestamp>:<raw body>` with
// the signing secret, and a timestamp within five minutes either way. The scheme
// itself is shared with the HR webhook (../http/signature.ts).
import { signV0, verifyV0, type Verification } from '../http/signature.js';

export type { Verification } from '../http/signature.js';

export function signSlackRequest(signingSecret: string, timestamp: number, rawBody: string): string {
  return signV0(signingSecret, timestamp, rawBody);
}

export function verifySlackRequest(input: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowMs: number;
}): Verification {
  const { signingSecret, ...rest } = input;
  return verifyV0({ secret: signingSecret, ...rest });
}
