// The shape of a Bot Framework activity as Charter reads it, checked at the edge
// so a malformed body gets 400 and never reaches botbuilder or the core. Only the
// fields Charter reads are checked; anything else passes through untouched.
import { z } from 'zod';

const optionalString = z.string().nullish();

const account = z.looseObject({
  id: z.string().min(1).max(512),
  name: optionalString,
  aadObjectId: optionalString,
  role: optionalString,
});

const conversation = z.looseObject({
  id: z.string().min(1).max(1024),
  conversationType: optionalString,
  tenantId: optionalString,
  name: optionalString,
  isGroup: z.boolean().nullish(),
});

const entity = z.looseObject({
  type: z.string(),
  text: optionalString,
  mentioned: z.looseObject({ id: optionalString, name: optionalString }).nullish(),
});

const idName = z.looseObject({ id: optionalString, name: optionalString, aadGroupId: optionalString }).nullish();

const channelData = z
  .looseObject({
    tenant: z.looseObject({ id: optionalString }).nullish(),
    team: idName,
    channel: idName,
    eventType: optionalString,
  })
  .nullish();

export const activitySchema = z.looseObject({
  type: z.string().min(1).max(64),
  id: optionalString,
  name: optionalString,
  channelId: optionalString,
  serviceUrl: z.string().min(1).max(2048),
  text: optionalString,
  textFormat: optionalString,
  locale: optionalString,
  replyToId: optionalString,
  timestamp: optionalString,
  from: account,
  recipient: account.nullish(),
  conversation,
  entities: z.array(entity).max(256).nullish(),
  attachments: z.array(z.looseObject({ contentType: optionalString })).max(64).nullish(),
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
