// LIFE-2's reports to the HR system: JSON posted to CHARTER_HR_CALLBACK_URL (the
// deployment's setting, never an address a request gave), signed as the webhook is
// (`X-Charter-Timestamp`, `X-Charter-Signature: v0=…`). A redirect is not followed;
// anything but a 2xx within 10 seconds is a failure the job retries.
import type { HrReports } from '../../src/core/ports.js';
import type { Clock } from '../../src/core/ports.js';
import { signV0 } from './signature.js';

const TIMEOUT_MS = 10_000;

export const noHrReports: HrReports = {
  configured: false,
  send: async () => undefined,
};

export function hrReportsTo(url: string, secret: string, clock: Clock): HrReports {
  return {
    configured: true,
    async send(report) {
      const body = JSON.stringify(report);
      const ts = Math.floor(clock.now().getTime() / 1000);
      const res = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: { 'content-type': 'application/json', 'x-charter-timestamp': String(ts), 'x-charter-signature': signV0(secret, ts, body) },
        body,
      });
      // Only the status: an answer's body is the HR system's, not ours to log.
      await res.body?.cancel();
      if (res.status < 200 || res.status >= 300) throw new Error(`the HR system answered ${res.status}`);
    },
  };
}
