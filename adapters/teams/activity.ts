// Reads who and where from Bot Framework activities, and turns Teams mentions into
// the neutral `<@id|name>` tokens the command parser understands.
import type { Activity, ConversationReference } from 'botbuilder';
import { matchLocale } from '../../src/core/locale.js';
import type { ActorInput, ConversationInput } from '../../src/core/inputs.js';

interface TeamsChannelData {
  tenant?: { id?: string };
  team?: { id?: string; name?: string; aadGroupId?: string };
  channel?: { id?: string; name?: string };
}

function channelData(activity: Partial<Activity>): TeamsChannelData {
  return (activity.channelData ?? {}) as TeamsChannelData;
}

/** The tenant is the workspace; the Bot Framework Emulator has none. */
export function tenantOf(activity: Partial<Activity>): string {
  const id = activity.conversation?.tenantId ?? channelData(activity).tenant?.id;
  return id === undefined || id === '' ? 'emulator' : id.toLowerCase();
}

/** The IANA zone the Teams client reports: `localTimezone`, else the clientInfo entity's. */
export function clientTimezone(activity: Partial<Activity>): string | null {
  if (typeof activity.localTimezone === 'string' && activity.localTimezone !== '') return activity.localTimezone;
  const info = (activity.entities ?? []).find((e) => e.type === 'clientInfo') as { timezone?: unknown } | undefined;
  return typeof info?.timezone === 'string' && info.timezone !== '' ? info.timezone : null;
}

export function actorOf(activity: Partial<Activity>): ActorInput {
  const from = activity.from ?? { id: 'unknown', name: '' };
  return {
    workspace: { externalId: tenantOf(activity), serviceUrl: activity.serviceUrl ?? null },
    user: {
      // The AAD object id is stable across bots and what CHARTER_SUPER_ADMINS lists.
      platformUserId: (from.aadObjectId ?? from.id).toLowerCase(),
      address: from.id,
      displayName: from.name || from.id,
      timezone: clientTimezone(activity),
    },
    locale: matchLocale(activity.locale) ?? null,
  };
}

/** A channel's id without the `;messageid=` of the thread a message was posted in. */
export function conversationIdOf(activity: Partial<Activity>): string {
  const cd = channelData(activity);
  if (activity.conversation?.conversationType === 'channel' && cd.channel?.id) return cd.channel.id;
  return (activity.conversation?.id ?? '').split(';')[0] as string;
}

export function conversationOf(activity: Partial<Activity>): ConversationInput {
  const type = activity.conversation?.conversationType;
  const cd = channelData(activity);
  const id = conversationIdOf(activity);
  if (type === 'channel') {
    // The General channel (its id is the team's) has no name of its own; the team's stands for it.
    const general = cd.channel?.id !== undefined && cd.channel.id === cd.team?.id;
    const name = cd.channel?.name ?? (general ? cd.team?.name : undefined) ?? null;
    return { id, kind: 'channel', name, teamId: cd.team?.id ?? null };
  }
  if (type === 'groupChat') return { id, kind: 'group-chat', name: activity.conversation?.name ?? null, teamId: null };
  return { id, kind: 'direct', name: null, teamId: null };
}

function decodeEntities(text: string): string {
  return text
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

interface MentionEntity {
  type: string;
  text?: string;
  mentioned?: { id?: string; name?: string };
}

/**
 * The command text of a message: without the bot's own mention, with every other
 * mention as `<@29:…|Name>`, and without the HTML Teams may wrap around it.
 */
export function commandText(activity: Partial<Activity>): string {
  const botId = activity.recipient?.id;
  let text = activity.text ?? '';
  const mentions = ((activity.entities ?? []) as MentionEntity[]).filter((e) => e.type === 'mention' && e.text);
  for (const m of mentions) {
    const replacement = m.mentioned?.id === botId || m.mentioned?.id === undefined ? ' ' : ` <@${m.mentioned.id}|${(m.mentioned.name ?? '').replace(/[|>]/g, '')}> `;
    text = text.split(m.text as string).join(replacement);
  }
  // Whatever markup is left (<p>, <div>, a mention without an entity) is not part of the command.
  text = text.replace(/<\/?(p|div|span|br)\b[^<>]*>/gi, ' ').replace(/<at>[^<]*<\/at>/gi, ' ');
  return decodeEntities(text).trim();
}

/**
 * A conversation reference as it is stored: without the display name of the person
 * it came from (a channel's reference names whoever wrote last). Messaging through a
 * reference needs only ids; a name kept here would outlive the person's erasure (AUD-4).
 */
export function storableReference(reference: Partial<ConversationReference>): Record<string, unknown> {
  const { user, ...rest } = reference;
  if (user === undefined) return rest;
  const ids: Record<string, unknown> = { ...user };
  delete ids['name'];
  return { ...rest, user: ids };
}
