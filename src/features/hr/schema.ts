// LIFE-1/LIFE-2 input: one HR event, as the signed webhook (`POST /hr/events`)
// receives it and as each roster row becomes. This zod schema is the one truth:
// the webhook validates with it, and the OpenAPI document (openapi.ts) states it
// through z.toJSONSchema, so the two cannot disagree. It checks shape only (no
// transforms, so the JSON Schema says exactly what it accepts); text is cleaned
// where the event is applied. The one check a JSON Schema cannot state, that
// `occurredAt` is not far in the future, depends on the clock: parseHrEvent makes
// it, and the field's description says so.
import { z } from 'zod';

/** Printable ASCII without spaces: ids are compared and logged, never shown as text. */
const ID = /^[\x21-\x7E]+$/;
/** At least one visible character. */
const VISIBLE = /\S/;
/** A BCP 47 language tag as HR systems send it (`en`, `zh-CN`, `zh_CN`, `fr-CA`). */
const LANGUAGE_TAG = /^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$/;

const email = z.email().max(254);
/** No NUL and no unpaired surrogate: PostgreSQL stores neither (a 400 here, not a 500 at the database). */
const STORABLE = /^[^\0\p{Cs}]*$/u;
const NOT_VISIBLE = 'must contain a visible character';
const NOT_STORABLE = 'must not contain NUL or unpaired surrogate characters';
const NOT_ID = 'must be printable ASCII without spaces';
const NOT_LANGUAGE = 'must be a language tag such as en or zh-CN';
const text = (max: number) => z.string().min(1).max(max).regex(VISIBLE, { message: NOT_VISIBLE }).regex(STORABLE, { message: NOT_STORABLE });

/** Who the event is about; matched to platform accounts by e-mail. */
export const hrPersonSchema = z.object({
  employeeId: z.string().min(1).max(64).regex(ID, { message: NOT_ID }),
  email,
  realName: text(200),
  department: text(200),
  title: text(200),
  managerEmail: email.nullable().optional(),
  locale: z.string().max(35).regex(LANGUAGE_TAG, { message: NOT_LANGUAGE }).nullable().optional(),
});

/**
 * How far ahead of Charter's clock an event's `occurredAt` may be. An event is
 * applied when it arrives, and the time it carries orders it against the next
 * ones: a time far ahead (a typo, year 2999) would make every real event after it
 * look out of date for ever. A day leaves room for clocks and for an effective
 * date given as a calendar day in any time zone; a wrong time within it holds
 * later events back for a day at most.
 */
export const OCCURRED_AT_MAX_AHEAD_MS = 24 * 60 * 60 * 1000;
const TOO_FAR_AHEAD = "must not be more than 24 hours ahead of Charter's clock";

const common = {
  id: z.string().min(1).max(128).regex(ID, { message: NOT_ID }),
  occurredAt: z.iso.datetime({ offset: true }).describe(
    'When the event happened: an RFC 3339 date-time with seconds and a time zone (`Z` or `+08:00`). At most 24 hours ahead of ' +
      "Charter's clock (a later time is refused with 400): events are applied when they arrive, and this time orders them.",
  ),
};

/** A hire or a change carries the whole HR record: it replaces what the directory knew. */
const hireOrChange = z.object({ ...common, type: z.enum(['hire', 'change']), person: hrPersonSchema });

/** A leave names the person; the other fields may come along and are ignored. */
const leave = z.object({ ...common, type: z.literal('leave'), person: hrPersonSchema.pick({ employeeId: true, email: true }) });

export const hrEventSchema = z.discriminatedUnion('type', [hireOrChange, leave]);

export type HrEvent = z.infer<typeof hrEventSchema>;
export type HrEventType = HrEvent['type'];
export type HrPersonInput = z.infer<typeof hrPersonSchema>;

/** What is wrong with a field, for a report in the reader's language. */
export type ProblemKind = 'missing' | 'tooLong' | 'email' | 'visible' | 'storable' | 'id' | 'language' | 'datetime' | 'future' | 'invalid';

/** A validation problem as the webhook answers it: where, and what is wrong (`kind` is not sent). */
export interface Problem {
  path: string;
  message: string;
  kind: ProblemKind;
}

const BY_MESSAGE: Readonly<Record<string, ProblemKind>> = { [NOT_VISIBLE]: 'visible', [NOT_STORABLE]: 'storable', [NOT_ID]: 'id', [NOT_LANGUAGE]: 'language' };

function kindOf(i: z.core.$ZodIssue): ProblemKind {
  if (i.code === 'invalid_type' && i.input === undefined) return 'missing';
  if (i.code === 'too_small') return 'missing'; // every minimum here is one character
  if (i.code === 'too_big') return 'tooLong';
  if (i.code === 'invalid_format') return i.format === 'email' ? 'email' : i.format === 'datetime' ? 'datetime' : (BY_MESSAGE[i.message] ?? 'invalid');
  return 'invalid';
}

/** `person.email` for ['person', 'email']; `` for the body itself. */
export function problemsOf(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, kind: kindOf(i) }));
}

export type Parsed = { ok: true; event: HrEvent } | { ok: false; problems: Problem[] };

/** The body as an event, checked against the schema and, for `occurredAt`, against `now`. */
export function parseHrEvent(body: unknown, now: Date): Parsed {
  const result = hrEventSchema.safeParse(body);
  if (!result.success) return { ok: false, problems: problemsOf(result.error) };
  // The schema accepted the format, so the time parses.
  if (Date.parse(result.data.occurredAt) - now.getTime() > OCCURRED_AT_MAX_AHEAD_MS) return { ok: false, problems: [{ path: 'occurredAt', message: TOO_FAR_AHEAD, kind: 'future' }] };
  return { ok: true, event: result.data };
}
