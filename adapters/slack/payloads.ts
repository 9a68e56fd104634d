// Reads who and where from Slack payloads. Identity only: authority is the core's.
import type { ActorInput, ConversationInput } from '../../src/core/inputs.js';

export interface CommandPayload {
  team_id: string;
  team_domain?: string;
  channel_id: string;
  channel_name?: string;
  user_id: string;
  user_name?: string;
  text?: string;
  trigger_id?: string;
}

export interface InteractionPayload {
  team?: { id: string; domain?: string } | null;
  user: { id: string; username?: string; name?: string; team_id?: string };
  /** Where the clicked button is: `is_ephemeral` for a command's private answer. */
  container?: { type?: string; is_ephemeral?: boolean } | null;
}

export function commandActor(body: CommandPayload): ActorInput {
  return {
    workspace: { externalId: body.team_id, name: body.team_domain ?? null },
    user: { platformUserId: body.user_id, address: body.user_id, displayName: body.user_name ?? body.user_id },
    locale: null, // Slack payloads carry none; the profile lookup (users.info) provides it
  };
}

export function interactionActor(body: InteractionPayload): ActorInput {
  const team = body.team?.id ?? body.user.team_id ?? '';
  return {
    workspace: { externalId: team, name: body.team?.domain ?? null },
    user: { platformUserId: body.user.id, address: body.user.id, displayName: body.user.username ?? body.user.name ?? body.user.id },
    locale: null,
  };
}

/**
 * The conversation a command was typed in. Slack calls private channels
 * `privategroup` and DMs `directmessage` in slash commands; where the name is
 * hidden, `lookup` asks the Web API.
 */
export async function commandConversation(
  body: CommandPayload,
  lookup: (channelId: string) => Promise<{ name: string | null; isPrivate: boolean; isGroupChat: boolean } | null>,
): Promise<ConversationInput> {
  const id = body.channel_id;
  const name = body.channel_name ?? '';
  if (id.startsWith('D') || name === 'directmessage') return { id, kind: 'direct', name: null, teamId: null };
  if (name.startsWith('mpdm-')) return { id, kind: 'group-chat', name, teamId: null };
  if (name !== '' && name !== 'privategroup') return { id, kind: 'channel', name, teamId: null };
  const info = await lookup(id);
  if (info === null) return { id, kind: 'private-channel', name: null, teamId: null };
  return { id, kind: info.isGroupChat ? 'group-chat' : info.isPrivate ? 'private-channel' : 'channel', name: info.name, teamId: null };
}

/**
 * What a button's value or a modal's private_metadata carries back: the action's
 * payload as JSON. Cards of earlier versions carried the bare request id; that
 * string is passed on for the action's legacy decoder.
 */
export function payloadOf(value: string | null | undefined): unknown {
  if (value === undefined || value === null) return null;
  if (!value.startsWith('{')) return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** A modal's private_metadata: `{"payload": …}`, or `{"subjectId": "…"}` from earlier versions. */
export function metadataPayload(raw: string | null | undefined): unknown {
  const parsed = payloadOf(raw);
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const m = parsed as { payload?: unknown; subjectId?: unknown };
  return m.payload ?? (typeof m.subjectId === 'string' ? m.subjectId : null);
}
