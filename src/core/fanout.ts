// The shared sender of private messages to many people (SURV-1's cards, NOTE-1's
// reminders), within the platform's limits rather than the process's: every send
// takes a token from the platform's buckets (rows every running Charter shares), and
// a 429 blocks the bucket for its Retry-After — for every instance, not just the one
// that met it — and the rest waits, instead of pausing everything for minutes.
//
// Each (subject, recipient) is claimed before sending and marked sent after, so a
// retried job, a restart or a second instance sends nobody the same message twice.
// A claim left "sending" by a process that died is not sent again (at most once: the
// message may have gone out); it is logged.
import { localeOf } from './actor.js';
import type { Person, Workspace } from './model.js';
import type { CoreDeps, Outbound, RateLimit } from './ports.js';

/** What the platform says when it refuses for its rate limits (HTTP 429). */
export class RateLimited extends Error {
  constructor(readonly retryAfterMs: number) {
    super(`rate limited for ${retryAfterMs} ms`);
    this.name = 'RateLimited';
  }
}

/**
 * The documented limits a private message counts against, as token buckets whose
 * burst plus refill never exceeds the window they stand for (a bucket of capacity C
 * refilled at R a second lets through at most C + R·W in any window of W seconds):
 * - Teams: about 50 requests a second per app per tenant (3 + 47/s); per conversation
 *   7 a second, 8 per 2 s, 60 per 30 s, 1,800 an hour (7 + 0.49/s meets all four).
 * - Slack: about 1 message a second per channel, with short bursts (3 + 1/s);
 *   chat.postMessage also has a workspace-wide ceiling, taken here as 20 a second
 *   (10 + 10/s).
 */
function limitsFor(workspace: Workspace, person: Pick<Person, 'address'>): RateLimit[] {
  if (workspace.platform === 'teams') {
    return [
      { key: `teams:${workspace.externalId}`, capacity: 3, perSecond: 47 },
      { key: `teams:${workspace.externalId}:${person.address}`, capacity: 7, perSecond: 0.49 },
    ];
  }
  return [
    { key: `slack:${workspace.externalId}`, capacity: 10, perSecond: 10 },
    { key: `slack:${workspace.externalId}:${person.address}`, capacity: 3, perSecond: 1 },
  ];
}

export interface FanOut {
  workspace: Workspace;
  subjectType: string;
  subjectId: string;
  recipients: readonly Person[];
  message(person: Person, locale: Outbound['locale']): Outbound;
  /** Where a card went is recorded (card_posts) under this subject, for updates in place; none when null. */
  cardSubject?: { type: string; id: string } | null;
}

/** Waits shorter than this happen in the running job; longer ones reschedule it. */
const MAX_INLINE_WAIT_MS = 2_000;

export interface FanOutResult {
  sent: number;
  /** Someone is left and the buckets say when: run again then (the job reschedules itself). */
  resumeAt: Date | null;
  /** Messages the platform refused for good. */
  failed: number;
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * A token from every bucket of `limits`, waiting in the running job for a short wait
 * (at most MAX_INLINE_WAIT_MS); otherwise how long until one is free, for the job to
 * run again then. A clock that does not move while waiting (a test's) answers at once.
 */
export async function takeToken(
  deps: Pick<CoreDeps, 'store' | 'clock'>,
  limits: readonly RateLimit[],
  wait: (ms: number) => Promise<void> = sleep,
): Promise<{ ok: true } | { ok: false; waitMs: number }> {
  let token = await deps.store.rateBuckets.take(limits, deps.clock.now());
  while (!token.ok && token.waitMs <= MAX_INLINE_WAIT_MS) {
    const before = deps.clock.now().getTime();
    await wait(token.waitMs);
    if (deps.clock.now().getTime() === before) break;
    token = await deps.store.rateBuckets.take(limits, deps.clock.now());
  }
  return token;
}

/**
 * A platform's 429: its first bucket of `limits` (the workspace's or tenant's) is
 * blocked for every running Charter for the Retry-After; when it frees.
 */
export async function blockAfterRateLimit(deps: Pick<CoreDeps, 'store' | 'clock'>, limits: readonly RateLimit[], err: RateLimited): Promise<Date> {
  const until = new Date(deps.clock.now().getTime() + Math.max(1, err.retryAfterMs));
  const first = limits[0];
  if (first !== undefined) await deps.store.rateBuckets.block(first.key, until);
  return until;
}

/**
 * Sends to every recipient not claimed yet, until done, or until the limits ask for a
 * wait longer than MAX_INLINE_WAIT_MS (a 429's Retry-After, an hour's quota): then it
 * answers when to run again. `wait` is how a short wait passes (a simulated clock in tests).
 */
export async function fanOut(
  deps: Pick<CoreDeps, 'store' | 'messaging' | 'clock' | 'log' | 'settings'>,
  f: FanOut,
  wait: (ms: number) => Promise<void> = sleep,
): Promise<FanOutResult> {
  let sent = 0;
  let failed = 0;
  // Those done in an earlier run are skipped with one read, not one claim each.
  const done = await deps.store.fanOutClaims.claimed(f.subjectType, f.subjectId);
  for (const person of f.recipients) {
    if (done.has(person.id)) continue;
    const now = deps.clock.now();
    if (!(await deps.store.fanOutClaims.claim(f.subjectType, f.subjectId, person.id, now))) continue;
    const limits = limitsFor(f.workspace, person);
    const token = await takeToken(deps, limits, wait);
    if (!token.ok) {
      await deps.store.fanOutClaims.release(f.subjectType, f.subjectId, person.id);
      return { sent, failed, resumeAt: new Date(deps.clock.now().getTime() + token.waitMs) };
    }
    const locale = localeOf(deps, f.workspace, person);
    let posted;
    try {
      posted = await deps.messaging.sendPrivate(f.workspace, person, f.message(person, locale), { rateLimits: 'throw' });
    } catch (err) {
      if (err instanceof RateLimited) {
        // Nothing was delivered: the claim goes, the platform's bucket is blocked for everyone.
        await deps.store.fanOutClaims.release(f.subjectType, f.subjectId, person.id);
        return { sent, failed, resumeAt: await blockAfterRateLimit(deps, limits, err) };
      }
      deps.log.warn({ err, subject: f.subjectType, recipientId: person.id }, 'could not send a private message');
      await deps.store.fanOutClaims.finish(f.subjectType, f.subjectId, person.id, 'failed');
      failed += 1;
      continue;
    }
    // Delivered: it counts as sent whatever happens next.
    await deps.store.fanOutClaims.finish(f.subjectType, f.subjectId, person.id, 'sent');
    sent += 1;
    const subject = f.cardSubject === undefined ? { type: f.subjectType, id: f.subjectId } : f.cardSubject;
    if (subject !== null) {
      await deps.store.cardPosts.add({ workspaceId: f.workspace.id, subjectType: subject.type, subjectId: subject.id, recipientId: person.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    }
  }
  return { sent, failed, resumeAt: null };
}
