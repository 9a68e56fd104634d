// The answer to a request that met a database (or identity service) Charter could
// not reach: nothing was done, and the sender — Slack, the Bot Framework, an HR
// system — may send the same request again, which is then applied once.
import type { Response } from 'express';

/** How long a sender is asked to wait before trying again. */
const RETRY_AFTER_SECONDS = 30;

/** 503 `{"error":"unavailable"}` with `Retry-After`. */
export function answerUnavailable(res: Response): void {
  res.status(503).set('Retry-After', String(RETRY_AFTER_SECONDS)).json({ error: 'unavailable' });
}
