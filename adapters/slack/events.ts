// Slack Events API events as the core's platform events. Messages in channels,
// private channels and group DMs (message.channels / .groups / .mpim, with the
// subtypes message_changed and message_deleted) become message events for the
// pipeline; member_joined_channel / member_left_channel become membership events;
// channel_rename / group_rename follow renames; team_join (a new account in the
// workspace) becomes account.joined. System messages (joins, topic
// changes, …) are not messages anyone wrote and are left out. `file_shared` is
// acknowledged and not routed: the same share arrives as a `message` with the
// subtype file_share, which carries the files and the message id.
import { z } from 'zod';
import type { Broadcast, FileInput, MembershipEvent, MessageEvent, PlatformEvent } from '../../src/core/inputs.js';

const id = z.string().min(1).max(255).regex(/^[^\p{Cc}]+$/u, 'control characters');
const optionalString = z.string().nullish();
const optionalId = id.nullish();
/** Slack's `ts`: seconds with microseconds, `1795251600.100200`. */
const ts = z.string().regex(/^\d{9,10}\.\d{1,6}$/, 'not a Slack timestamp');
const file = z.looseObject({ id, name: z.string().max(1024).nullish(), title: z.string().max(1024).nullish(), mimetype: z.string().max(255).nullish(), size: z.number().nullish() });
const files = z.array(file).max(100).nullish();
const inner = z.looseObject({ user: optionalId, bot_id: optionalId, text: z.string().max(100_000).nullish(), ts: ts.nullish(), thread_ts: ts.nullish(), files, edited: z.looseObject({}).nullish() });

const messageSchema = z.looseObject({
    type: z.literal('message'),
    channel: id,
    subtype: optionalString,
    user: optionalId,
    bot_id: optionalId,
    text: z.string().max(100_000).nullish(),
    ts,
    thread_ts: ts.nullish(),
    channel_type: optionalString,
    files,
    message: inner.nullish(),
    previous_message: inner.nullish(),
    deleted_ts: ts.nullish(),
});

export const EVENT_SCHEMAS: Readonly<Record<string, z.ZodType>> = {
  message: messageSchema,
  member_joined_channel: z.looseObject({ type: z.string(), user: id, channel: id, inviter: optionalId }),
  member_left_channel: z.looseObject({ type: z.string(), user: id, channel: id }),
  channel_rename: z.looseObject({ type: z.string(), channel: z.looseObject({ id, name: z.string().max(255) }) }),
  group_rename: z.looseObject({ type: z.string(), channel: z.looseObject({ id, name: z.string().max(255) }) }),
  file_shared: z.looseObject({ type: z.string(), file_id: id }),
  team_join: z.looseObject({ type: z.string(), user: z.looseObject({ id, is_bot: z.boolean().nullish(), deleted: z.boolean().nullish() }) }),
};

type MessagePayload = z.infer<typeof messageSchema>;
type Inner = z.infer<typeof inner>;

/** Subtypes that are someone's own message (or its edit or deletion). */
const WRITTEN = new Set([undefined, null, '', 'file_share', 'thread_broadcast', 'bot_message', 'me_message', 'message_changed', 'message_deleted']);

const BROADCAST_TOKENS: Record<string, Broadcast> = { channel: 'channel', here: 'here', everyone: 'everyone' };

function decode(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function mentionsOf(text: string): MessageEvent['mentions'] {
  const users = new Set<string>();
  const broadcast = new Set<Broadcast>();
  for (const m of text.matchAll(/<@([UW][A-Z0-9]+)(?:\|[^<>]*)?>/g)) users.add(m[1] as string);
  for (const m of text.matchAll(/<!(channel|here|everyone)(?:\|[^<>]*)?>/g)) broadcast.add(BROADCAST_TOKENS[m[1] as string] as Broadcast);
  // `@所有人` / `@all` typed as text (no Slack markup) still speaks to everyone.
  if (/(^|\s)@(所有人|all)(\s|$)/i.test(text)) broadcast.add('all');
  return { users: [...users], broadcast: [...broadcast] };
}

function filesOf(list: Inner['files']): FileInput[] {
  return (list ?? []).map((f) => ({ id: f.id, name: f.name ?? f.title ?? f.id, mimeType: f.mimetype ?? null, size: typeof f.size === 'number' ? f.size : null }));
}

function at(ts: string | null | undefined): Date {
  const seconds = Number(ts);
  return Number.isFinite(seconds) && seconds > 0 ? new Date(Math.round(seconds * 1000)) : new Date();
}

export interface BotIdentity {
  userId?: string;
  botId?: string;
}

/** A message event for the pipeline; null for system messages and Charter's own. */
export function messageEvent(team: string, e: MessagePayload, bot: BotIdentity): MessageEvent | null {
  const subtype = e.subtype ?? undefined;
  if (!WRITTEN.has(subtype)) return null;
  const conversation = { id: e.channel, teamId: null };
  const base = { workspace: { externalId: team }, conversation, locale: null };
  if (subtype === 'message_deleted') {
    const prev = e.previous_message ?? null;
    const messageId = e.deleted_ts ?? prev?.ts ?? null;
    if (messageId === null) return null;
    return { ...base, kind: 'deleted', author: null, messageId, threadId: threadOf(prev?.thread_ts, messageId), text: '', mentions: { users: [], broadcast: [] }, files: [], at: at(e.ts) };
  }
  const m: Inner = subtype === 'message_changed' ? (e.message ?? {}) : e;
  // Slack also sends message_changed when it unfurls a link or a thread gets a reply: only a new
  // `edited` stamp (the earlier one stays on the message) means a person edited it.
  if (subtype === 'message_changed' && !newlyEdited(m, e.previous_message ?? null)) return null;
  const user = m.user ?? null;
  const botId = m.bot_id ?? null;
  if ((user !== null && user === bot.userId) || (botId !== null && botId === bot.botId)) return null;
  const address = user ?? botId;
  const messageId = m.ts ?? null;
  if (address === null || messageId === null) return null;
  const text = decode(m.text ?? '');
  return {
    ...base,
    kind: subtype === 'message_changed' ? 'edited' : 'posted',
    author: { platformUserId: address, address, displayName: '', isBot: user === null || botId !== null },
    messageId,
    threadId: threadOf(m.thread_ts, messageId),
    text,
    mentions: mentionsOf(m.text ?? ''),
    files: filesOf(m.files),
    at: at(subtype === 'message_changed' ? e.ts : messageId),
  };
}

function editStamp(m: Inner | null): string | null {
  const ts = (m?.edited as { ts?: unknown } | null | undefined)?.ts;
  return typeof ts === 'string' ? ts : null;
}

function newlyEdited(m: Inner, previous: Inner | null): boolean {
  const now = editStamp(m);
  return now !== null && now !== editStamp(previous);
}

function threadOf(threadTs: string | null | undefined, messageId: string): string | null {
  return threadTs !== undefined && threadTs !== null && threadTs !== '' && threadTs !== messageId ? threadTs : null;
}

export function membershipEvent(team: string, e: { type: string; user: string; channel: string; inviter?: string | null }, bot: BotIdentity, eventTime: number | null): MembershipEvent {
  const inviter = e.inviter ?? null;
  return {
    kind: e.type === 'member_left_channel' ? 'left' : 'joined',
    workspace: { externalId: team },
    conversation: { id: e.channel, teamId: null },
    member: { platformUserId: e.user, address: e.user, displayName: '', isBot: e.user === bot.userId ? true : null },
    addedBy: inviter === null ? null : { address: inviter, isCharter: inviter === bot.userId },
    at: eventTime === null ? new Date() : new Date(eventTime * 1000),
  };
}

/** The platform event a Slack event stands for, or null when it is not one the core takes. */
export function platformEvent(body: { team_id: string; event_time?: unknown; event: Record<string, unknown> }, bot: BotIdentity): PlatformEvent | null {
  const e = body.event;
  const time = typeof body.event_time === 'number' ? body.event_time : null;
  switch (e['type']) {
    case 'message': {
      const m = messageEvent(body.team_id, e as MessagePayload, bot);
      return m === null ? null : { type: 'message', ...m };
    }
    case 'member_joined_channel':
    case 'member_left_channel':
      return { type: 'membership', ...membershipEvent(body.team_id, e as { type: string; user: string; channel: string; inviter?: string | null }, bot, time) };
    case 'channel_rename':
    case 'group_rename': {
      const channel = e['channel'] as { id: string; name: string };
      return { type: 'channel.renamed', workspace: { externalId: body.team_id }, channelId: channel.id, channelName: channel.name };
    }
    case 'team_join': {
      const user = e['user'] as { id: string; is_bot?: boolean | null; deleted?: boolean | null };
      if (user.is_bot === true || user.deleted === true) return null;
      // Ids only: the profile (name, e-mail) is looked up by the core.
      return { type: 'account.joined', workspace: { externalId: body.team_id }, user: { platformUserId: user.id, address: user.id, displayName: '' } };
    }
    default:
      return null;
  }
}
