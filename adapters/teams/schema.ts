// The shape of a Bot Framework activity as Charter reads it, checked at the edge
// so a malformed body gets 400 and never reaches botbuilder or the core. Only the
// fields Charter reads are checked; anything else passes through untouched.
import { z } from 'zod';

const optionalString = z.string().nullish();
/** Ids: never control characters (PostgreSQL refuses NUL; none belongs in an id). */
const idString = (max: number) => z.string().min(1).max(max).regex(/^[^\p{Cc}]+$/u, 'control characters');
const optionalId = idString(512).nullish();

const account = z.looseObject({
  id: idString(512),
  name: z.string().max(512).nullish(),
  aadObjectId: optionalId,
  role: optionalString,
});

const conversation = z.looseObject({
  id: idString(1024),
  conversationType: optionalString,
  tenantId: optionalId,
  name: optionalString,
  isGroup: z.boolean().nullish(),
});

const entity = z.looseObject({
  type: z.string(),
  text: optionalString,
  mentioned: z.looseObject({ id: optionalId, name: optionalString }).nullish(),
});

const idName = z.looseObject({ id: optionalId, name: z.string().max(1024).nullish(), aadGroupId: optionalId }).nullish();

const channelData = z
  .looseObject({
    tenant: z.looseObject({ id: optionalId }).nullish(),
    team: idName,
    channel: idName,
    eventType: optionalString,
  })
  .nullish();

export const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: optionalId,
  name: optionalString,
  channelId: optionalString,
  serviceUrl: z.string().min(1).max(2048),
  // Teams refuses messages above about 28 KB: anything far larger did not come from Teams.
  text: z.string().max(40_000).nullish(),
  textFormat: optionalString,
  locale: optionalString,
  replyToId: optionalId,
  timestamp: optionalString,
  from: account,
  recipient: account.nullish(),
  conversation,
  entities: z.array(entity).max(256).nullish(),
  attachments: z.array(z.looseObject({ contentType: optionalString, content: z.unknown().refine((c) => typeof c !== 'string' || c.length <= 100_000, 'too long') })).max(64).nullish(),
  membersAdded: z.array(account).max(1000).nullish(),
  membersRemoved: z.array(account).max(1000).nullish(),
  channelData,
  value: z.unknown().optional(),
});

export type CheckedActivity = z.infer<typeof activitySchema>;

/** The problems of a body that is not an activity, in a few words each (no values echoed). */
export function activityProblems(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`);
}
