// The shapes of what Slack posts to /slack/events, checked at the edge after the
// signature: a body Charter cannot read gets 400 and never reaches Bolt or the core.
// Only the fields Charter (and Bolt's routing) read are checked; the rest passes.
// A response_url must point at Slack's own hooks host: Charter posts replies there.
import { z } from 'zod';
import { EVENT_SCHEMAS } from './events.js';

/** Ids and timestamps: never control characters (PostgreSQL refuses NUL; none belongs in an id). */
const id = z.string().min(1).max(255).regex(/^[^\p{Cc}]+$/u, 'control characters');
const optionalString = z.string().nullish();

const sslCheck = z.looseObject({ ssl_check: z.string() });
const urlVerification = z.looseObject({ type: z.literal('url_verification'), challenge: z.string().max(1024) });

const command = z.looseObject({
  command: z.string().min(1).max(64),
  team_id: id,
  user_id: id,
  channel_id: id,
  text: z.string().max(8000).optional(),
  trigger_id: optionalString,
  response_url: optionalString,
  channel_name: optionalString,
  team_domain: optionalString,
  user_name: optionalString,
});

const interaction = z.looseObject({
  type: z.string().min(1).max(64),
  user: z.looseObject({ id, username: optionalString, name: optionalString, team_id: id.nullish() }),
  team: z.looseObject({ id, domain: optionalString }).nullish(),
  trigger_id: optionalString,
  response_url: optionalString,
  container: z.looseObject({ type: optionalString, is_ephemeral: z.boolean().nullish() }).nullish(),
  actions: z.array(z.looseObject({ action_id: z.string().max(255), value: optionalString, type: optionalString })).max(25).optional(),
  view: z
    .looseObject({
      callback_id: z.string().max(255),
      private_metadata: z.string().max(3000).nullish(),
      state: z
        .looseObject({
          values: z.record(
            z.string(),
            z.record(
              z.string(),
              z.looseObject({
                value: z.string().max(10_000).nullish(),
                selected_date: z.string().max(32).nullish(),
                selected_time: z.string().max(32).nullish(),
                selected_user: id.nullish(),
                selected_option: z.looseObject({ value: z.string().max(150).nullish() }).nullish(),
                // file_input: the uploaded files (only their ids are used).
                files: z.array(z.looseObject({ id: z.string().max(64) })).max(10).nullish(),
              }),
            ),
          ),
        })
        .nullish(),
    })
    .optional(),
});

const eventCallback = z.looseObject({
  type: z.literal('event_callback'),
  team_id: id,
  event_id: id,
  event: z.looseObject({ type: z.string().min(1).max(64) }),
});

/** Other Events API envelopes (app_rate_limited, …): acknowledged, nothing else. */
const otherEnvelope = z.looseObject({ type: z.string().min(1).max(64) });

export type SlackBodyKind = 'ssl_check' | 'url_verification' | 'command' | 'interaction' | 'event' | 'other';

export type CheckedBody = { ok: true; kind: SlackBodyKind; body: Record<string, unknown> } | { ok: false; problems: string[] };

function problems(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}

function kindOf(body: Record<string, unknown>, fromPayload: boolean): { kind: SlackBodyKind; schema: z.ZodType } {
  if (!fromPayload && body['ssl_check'] !== undefined) return { kind: 'ssl_check', schema: sslCheck };
  if (body['type'] === 'url_verification') return { kind: 'url_verification', schema: urlVerification };
  if (!fromPayload && body['command'] !== undefined) return { kind: 'command', schema: command };
  if (fromPayload) return { kind: 'interaction', schema: interaction };
  if (body['type'] === 'event_callback') return { kind: 'event', schema: eventCallback };
  return { kind: 'other', schema: otherEnvelope };
}

/**
 * @param hooksHost the host Slack's response URLs use (`hooks.slack.com`).
 */
export function checkSlackBody(body: unknown, fromPayload: boolean, hooksHost: string): CheckedBody {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return { ok: false, problems: ['(body): expected an object'] };
  const record = body as Record<string, unknown>;
  const { kind, schema } = kindOf(record, fromPayload);
  const parsed = schema.safeParse(record);
  if (!parsed.success) return { ok: false, problems: problems(parsed.error) };
  if (kind === 'interaction') {
    const r = record as { team?: { id?: unknown } | null; user: { team_id?: unknown } };
    if (typeof r.team?.id !== 'string' && typeof r.user.team_id !== 'string') return { ok: false, problems: ['team: the workspace is missing'] };
  }
  if (kind === 'event') {
    // The events Charter acts on are checked field by field; others pass as they are.
    const event = record['event'] as Record<string, unknown>;
    const eventSchema = EVENT_SCHEMAS[String(event['type'])];
    const checked = eventSchema?.safeParse(event);
    if (checked !== undefined && !checked.success) return { ok: false, problems: problems(checked.error).map((p) => `event.${p}`) };
  }
  const responseUrl = record['response_url'];
  if (typeof responseUrl === 'string' && !isHooksUrl(responseUrl, hooksHost)) {
    return { ok: false, problems: ['response_url: not a Slack response URL'] };
  }
  return { ok: true, kind, body: record };
}

function isHooksUrl(raw: string, hooksHost: string): boolean {
  try {
    const url = new URL(raw);
    return url.protocol === 'https:' && url.hostname.toLowerCase() === hooksHost && url.username === '' && url.port === '';
  } catch {
    return false;
  }
}

/** `https://slack.com/api/` → `hooks.slack.com`; a GovSlack or test base maps the same way. */
export function hooksHostFor(apiUrl: string): string {
  const host = new URL(apiUrl).hostname.toLowerCase().replace(/^(api|www)\./, '');
  return `hooks.${host}`;
}
