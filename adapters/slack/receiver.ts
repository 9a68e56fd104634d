// The HTTP edge for Slack at POST /slack/events: one URL for the Events API,
// slash commands and interactivity. Verifies the signature on the raw body,
// answers url_verification and ssl_check itself, drops retries by id, and hands
// everything else to Bolt, which acknowledges through `ack`.
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Request, Response } from 'express';
import type { Clock, Logger } from '../../src/core/ports.js';
import type { TaskTracker } from '../../src/jobs/tasks.js';
import type { ProcessedEvents } from '../../src/store/index.js';
import { answerUnavailable } from '../http/unavailable.js';
import { RetryGuard } from '../retries.js';
import { checkSlackBody } from './schema.js';
import { verifySlackRequest } from './verify.js';

/** Slack wants an answer within 3 s; a listener that has not acked by then gets an empty ack. */
const ACK_DEADLINE_MS = 2_500;
/** A claim older than this, never completed, may be taken over by a retry. */

export interface ReceiverDeps {
  signingSecret: string;
  clock: Clock;
  log: Logger;
  tasks: TaskTracker;
  events: ProcessedEvents;
  /** The localized "database unavailable" answer for slash commands. */
  unavailableText: () => string;
  /** Where Slack's response URLs point (`hooks.slack.com`). */
  hooksHost: string;
  /**
   * Events API events the core takes, handled before the answer: false when it is
   * not one (Bolt gets it). A throw answers 500, so Slack delivers the event again.
   */
  onEvent?: (body: Record<string, unknown>) => Promise<boolean>;
}

type Body = Record<string, unknown>;

/** The decoded body, and whether it came as an interaction's `payload=` field. Throws on broken JSON. */
export function parseSlackBody(rawBody: string, contentType: string | undefined): { body: unknown; fromPayload: boolean } {
  if (contentType?.includes('application/json')) return { body: JSON.parse(rawBody) as unknown, fromPayload: false };
  const form = Object.fromEntries(new URLSearchParams(rawBody));
  if (typeof form['payload'] === 'string') return { body: JSON.parse(form['payload']) as unknown, fromPayload: true };
  return { body: form, fromPayload: false };
}

/** The id a retry of this request carries again; null when there is nothing to dedupe on. */
export function retryKey(body: Body): string | null {
  if (typeof body['event_id'] === 'string') return `slack:event:${body['event_id']}`;
  if (typeof body['trigger_id'] === 'string') {
    const kind = typeof body['command'] === 'string' ? 'command' : String(body['type'] ?? 'interaction');
    return `slack:${kind}:${body['trigger_id']}`;
  }
  return null;
}

export class SlackReceiver implements Receiver {
  private app: App | undefined;

  private readonly retries: RetryGuard;

  constructor(private readonly deps: ReceiverDeps) {
    this.retries = new RetryGuard(deps.events, deps.clock);
  }

  init(app: App): void {
    this.app = app;
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** Express handler; expects the raw body as a Buffer (express.raw). */
  readonly handle = async (req: Request, res: Response): Promise<void> => {
    const { deps } = this;
    const rawBody = Buffer.isBuffer(req.body) ? req.body.toString('utf8') : '';
    const verdict = verifySlackRequest({
      signingSecret: deps.signingSecret,
      rawBody,
      timestamp: req.get('x-slack-request-timestamp'),
      signature: req.get('x-slack-signature'),
      nowMs: deps.clock.now().getTime(),
    });
    if (!verdict.ok) {
      deps.log.warn({ reason: verdict.reason, ip: req.ip }, 'rejected a Slack request');
      res.status(401).json({ error: 'invalid_request_signature' });
      return;
    }

    let decoded: ReturnType<typeof parseSlackBody>;
    try {
      decoded = parseSlackBody(rawBody, req.get('content-type'));
    } catch {
      res.status(400).json({ error: 'malformed_body' });
      return;
    }
    const checked = checkSlackBody(decoded.body, decoded.fromPayload, deps.hooksHost);
    if (!checked.ok) {
      deps.log.warn({ problems: checked.problems }, 'refused a signed Slack request of an unexpected shape');
      res.status(400).json({ error: 'malformed_body', problems: checked.problems });
      return;
    }
    const body: Body = checked.body;
    if (checked.kind === 'ssl_check') {
      res.status(200).end();
      return;
    }
    if (checked.kind === 'url_verification') {
      res.status(200).json({ challenge: body['challenge'] });
      return;
    }
    if (checked.kind === 'other') {
      // An envelope Charter has no use for (app_rate_limited, …): acknowledged, nothing else.
      res.status(200).end();
      return;
    }
    if (this.app === undefined) {
      res.status(503).json({ error: 'not_ready' });
      return;
    }

    const key = retryKey(body);
    if (key !== null && !(await this.claim(key, res, typeof body['command'] === 'string'))) return;

    let acked = false;
    const ack = async (response?: unknown): Promise<void> => {
      if (acked) return;
      acked = true;
      clearTimeout(timer);
      if (response === undefined || response === '') res.status(200).end();
      else if (typeof response === 'string') res.status(200).type('text/plain').send(response);
      else res.status(200).json(response);
    };
    const timer = setTimeout(() => {
      deps.log.warn({ key }, 'no acknowledgement in time; sending an empty one');
      void ack();
    }, ACK_DEADLINE_MS);

    const retryNum = Number(req.get('x-slack-retry-num') ?? '') || undefined;
    const retryReason = req.get('x-slack-retry-reason') ?? undefined;
    const event: ReceiverEvent = { body, ack, ...(retryNum !== undefined ? { retryNum } : {}), ...(retryReason !== undefined ? { retryReason } : {}) };
    const app = this.app;
    const work = (async () => {
      try {
        // Bolt acknowledges Events API requests before its listeners run: events the core
        // takes are handled here first, so a failure can still answer 500 and be retried.
        if (checked.kind === 'event' && deps.onEvent !== undefined && (await deps.onEvent(body))) {
          await ack();
          if (key !== null) await this.retries.complete(key);
          return;
        }
        await app.processEvent(event);
        // Nothing listened (an event type or action Charter does not handle): answer now, not at the deadline.
        await ack();
        if (key !== null) await this.retries.complete(key);
      } catch (err) {
        deps.log.error({ err, key }, 'Slack event processing failed');
        if (key !== null) await this.retries.release(key);
        if (!acked) {
          // Not acknowledged yet: a 500 makes Slack retry, and the released key lets the retry in.
          acked = true;
          clearTimeout(timer);
          res.status(500).json({ error: 'processing_failed' });
        }
      }
    })();
    deps.tasks.track('slack.event', work);
  };

  /** Records the retry key; answers a duplicate with 200 and nothing else. */
  private async claim(key: string, res: Response, isCommand: boolean): Promise<boolean> {
    try {
      if (await this.retries.claim(key)) return true;
      this.deps.log.info({ key }, 'dropped a repeated Slack request');
      res.status(200).end();
      return false;
    } catch (err) {
      // Without the database nothing can be done: say so to a person typing a
      // command; let Slack retry events and interactions later.
      this.deps.log.error({ err }, 'could not record a Slack request');
      if (isCommand) res.status(200).json({ response_type: 'ephemeral', text: this.deps.unavailableText() });
      else answerUnavailable(res);
      return false;
    }
  }
}
