// What adapters hand the core: who acts and where, what they typed or clicked,
// and what happened on the platform. Identity only: authority is always the
// core's to look up. Every string in here came from the wire and is cleaned by
// dispatch before a use case sees it.
import type { Locale } from './locale.js';
import type { ConversationKind } from './model.js';

export interface WorkspaceInput {
  externalId: string;
  name?: string | null;
  /** Teams: where proactive messages go (validated by the adapter before it gets here). */
  serviceUrl?: string | null;
}

export interface UserInput {
  /** Stable id: Slack user id, Teams AAD object id. */
  platformUserId: string;
  /** The id the bot API addresses the person by: Slack user id, Teams `29:` id. */
  address: string;
  /** '' when the platform does not say (events often carry ids only). */
  displayName: string;
  /** The IANA zone the person's client reports (Teams), if any. */
  timezone?: string | null;
}

export interface ActorInput {
  workspace: WorkspaceInput;
  user: UserInput;
  /** The locale the platform reported for this user, if any. */
  locale: Locale | null;
}

export interface ConversationInput {
  id: string;
  kind: ConversationKind;
  name: string | null;
  teamId: string | null;
}

export interface CommandInput {
  actor: ActorInput;
  conversation: ConversationInput;
  text: string;
}

export interface CardActionInput {
  actor: ActorInput;
  actionId: string;
  /** The action's payload as it came back from the card (checked against the action's schema). */
  payload: unknown;
  /** Values of inputs submitted with the action (Teams card inputs, Slack modal fields). */
  inputs: Record<string, string>;
  /**
   * Inputs that cost a fetch to read (a file uploaded in a Slack modal), by input id:
   * read only once the action's payload and authority were checked, then given to
   * the handler among `inputs`. A reader answers '' for a file it could not read.
   */
  files?: Readonly<Record<string, () => Promise<string>>>;
}

export const BROADCASTS = ['channel', 'here', 'everyone', 'all', 'team', 'tag'] as const;
/** `@channel`, `@here`, `@everyone` (Slack), `@所有人`/`@all`, a Teams channel, team or tag mention. */
export type Broadcast = (typeof BROADCASTS)[number];

export interface FileInput {
  id: string;
  name: string;
  mimeType: string | null;
  size: number | null;
}

/**
 * A message in a conversation, not addressed to Charter: the message pipeline's
 * input. `posted` carries the message; `edited` the new text; `deleted` only ids.
 */
export interface MessageEvent {
  kind: 'posted' | 'edited' | 'deleted';
  workspace: WorkspaceInput;
  conversation: { id: string; teamId: string | null };
  /** null when the platform does not say (a deletion). */
  author: (UserInput & { isBot: boolean }) | null;
  messageId: string;
  /** The thread's root message when this is a reply. */
  threadId: string | null;
  text: string;
  mentions: { users: string[]; broadcast: Broadcast[] };
  /**
   * A channel message that mentions Charter (Teams): a command, and still a message
   * everyone in the channel sees, so content checks (keywords, sensitive data) run on
   * it; metadata, tag rules and the FAQ leave it to the command.
   */
  addressedToCharter?: boolean;
  /** Link targets the text does not show (Teams HTML anchors: the text shows their labels). */
  links?: string[];
  files: FileInput[];
  at: Date;
  locale: Locale | null;
}

/** Someone joined or left a conversation. */
export interface MembershipEvent {
  kind: 'joined' | 'left';
  workspace: WorkspaceInput;
  conversation: { id: string; teamId: string | null };
  member: UserInput & { isBot: boolean | null };
  /** Who added them, when the platform says; `charter` when it was Charter itself. */
  addedBy: { address: string; isCharter: boolean } | null;
  at: Date;
}

/** Something that happened on the platform, not typed by anyone. */
export type PlatformEvent =
  | ({ type: 'message' } & MessageEvent)
  | ({ type: 'membership' } & MembershipEvent)
  | { type: 'channel.renamed'; workspace: WorkspaceInput; channelId: string; channelName: string }
  /** A person's account arrived on the platform (Slack team_join; Teams: the app installed for them). */
  | { type: 'account.joined'; workspace: WorkspaceInput; user: UserInput };
