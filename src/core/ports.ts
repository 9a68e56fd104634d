// What the core asks of the world. A use case asks only for what it uses: the
// platform is split into messaging, membership, moderation and a directory, each
// with its capabilities declared, so the core can pick a fallback where a
// platform cannot do something. Adapters and src/store implement these.
import type { AnyCard } from './cards.js';
import type { Locale } from './locale.js';
import type { Text } from './messages.js';
import type {
  AuditEntry,
  AuditRecord,
  CardPost,
  ConversationKind,
  Group,
  GroupType,
  Person,
  Platform,
  RoleGrant,
  RoleName,
  Tier,
  Workspace,
} from './model.js';
import type { Registry } from './registry.js';

// ---------------------------------------------------------------- platform

/**
 * What a platform can do (see ../shared/DESIGN.md "Platform facts"):
 * - Slack adds and removes members itself (`conversations.invite`/`kick`), deletes
 *   other people's messages only with an admin user token, and reminds privately
 *   with an ephemeral message in the channel.
 * - Teams adds and removes members only through Microsoft Graph, never deletes
 *   other people's messages, and reminds privately in the 1:1 chat.
 */
export interface Capabilities {
  /** `direct`: the bot adds members itself; `ask-owner`: it asks the owner to. */
  addMember: 'direct' | 'ask-owner';
  removeMember: boolean;
  /** What a removal takes someone out of: the group, or (Teams: channels share their team's members) the whole team. */
  removalScope: 'group' | 'team';
  deleteMessage: boolean;
  privateReminder: 'ephemeral' | 'direct-message';
  /** A command's answer is seen by its author only (Slack: ephemeral); otherwise by everyone in the conversation (Teams). */
  privateReplies: boolean;
}

/** What a platform (or directory) says about a person. */
export type Profile = Pick<
  Person,
  'platformUserId' | 'displayName' | 'realName' | 'title' | 'department' | 'email' | 'locale' | 'isExternal' | 'employment'
> & { isBot?: boolean; timezone?: string | null };

export type Outbound = { locale: Locale } & ({ text: Text } | { card: AnyCard });

export interface Posted {
  conversationId: string;
  messageId: string;
}

export type AddMemberResult =
  | { outcome: 'added' | 'already-member'; learned?: { teamAadGroupId?: string } }
  | { outcome: 'unsupported' }
  | { outcome: 'failed'; error: string };

export type RemoveMemberResult = { outcome: 'removed' | 'not-member' } | { outcome: 'unsupported' } | { outcome: 'failed'; error: string };

export interface Messaging {
  /**
   * `rateLimits: 'throw'` (the shared sender): a platform 429 is thrown at once as
   * RateLimited with its Retry-After; by default the platform client waits it out.
   */
  sendPrivate(workspace: Workspace, person: Person, message: Outbound, options?: { rateLimits?: 'throw' | 'wait' }): Promise<Posted>;
  postToGroup(workspace: Workspace, group: Group, message: Outbound): Promise<Posted>;
  /**
   * A reply in one of the group's threads; threadId is the thread's root message
   * (a post that has no thread yet starts one). Slack: `thread_ts`; Teams: the
   * channel thread's conversation (`<channel>;messageid=<root>`).
   */
  replyInThread(workspace: Workspace, group: Group, threadId: string, message: Outbound): Promise<Posted>;
  /** A link that opens a message in the group (for moderators); null when the platform cannot give one. */
  messageLink(workspace: Workspace, group: Group, messageId: string): Promise<string | null>;
  updateCard(workspace: Workspace, post: CardPost, card: AnyCard): Promise<void>;
}

/** A member of a group as the platform lists it. */
export interface MemberRef {
  /** Slack user id; Teams `29:` id: what messages are addressed to. */
  address: string;
  /** Slack user id; Teams AAD object id, when the platform gives it. */
  platformUserId: string | null;
  displayName: string;
}

export interface Membership {
  /** `unknown` when the platform cannot tell right now. */
  isMember(workspace: Workspace, group: Group, person: Person): Promise<boolean | 'unknown'>;
  /** The group's members (Charter itself left out); `unknown` when the platform cannot tell right now. */
  listMembers(workspace: Workspace, group: Group): Promise<MemberRef[] | 'unknown'>;
  /** Which of these groups the person is in (Slack: their conversations, one call; Teams: each group asked). */
  groupsWith(workspace: Workspace, person: Person, among: readonly Group[]): Promise<Group[] | 'unknown'>;
  addMember(workspace: Workspace, group: Group, person: Person): Promise<AddMemberResult>;
}

export interface Moderation {
  /** Where `capabilities.removeMember`; otherwise answers `unsupported`. Throws on transient trouble. */
  removeMember(workspace: Workspace, group: Group, person: Person): Promise<RemoveMemberResult>;
  /** Where `capabilities.deleteMessage`; false when the platform refused or cannot. */
  deleteMessage(workspace: Workspace, group: Group, messageId: string): Promise<boolean>;
  /** A message only this person sees, about something in the group: Slack ephemeral, Teams 1:1. */
  remindPrivately(workspace: Workspace, group: Group, person: Person, message: Outbound): Promise<void>;
}

/**
 * GRP-2: how long after Charter made a channel for a request a platform may take it
 * over on a retry (the first try's answer was lost, or the job stopped before the
 * group was registered) instead of making a second one. Older, it is not this try's.
 */
export const OWN_CHANNEL_TAKEOVER_MS = 24 * 3_600_000;

/** A channel Charter creates for an approved request (GRP-2). */
export interface NewChannel {
  /** The name people gave the group (any script). */
  displayName: string;
  /** The channel's name, made to the platform's rules (Slack: lowercase Latin, ≤ 80; Teams: a display name, ≤ 50, see features/group/channelNames.ts). */
  channelName: string;
  purpose: string;
  /** Where the request was typed: on Teams the new channel goes into that team. */
  origin: { channelId: string; teamId: string | null } | null;
  /** Who asked: invited to the new channel where the platform needs it. */
  requester: Person;
}

export type CreateChannelResult =
  | { outcome: 'created'; channelId: string; channelName: string; conversationKind: Exclude<ConversationKind, 'direct'>; teamId: string | null; teamAadGroupId?: string; invited: boolean }
  | { outcome: 'name-taken' }
  /** The platform cannot create one here (Teams without Graph, or no team to put it in). */
  | { outcome: 'unsupported' }
  /** `notAllowed`: the platform refuses Charter the right to create channels there (a permission is missing). */
  | { outcome: 'failed'; error: string; notAllowed?: boolean };

export type ArchiveChannelResult = { outcome: 'archived' | 'already-archived' } | { outcome: 'unsupported' } | { outcome: 'failed'; error: string };

/** Creating and archiving conversations (GRP-2, GRP-3, LIFE-5). Throws on transient trouble (network, 429, 5xx). */
export interface Channels {
  createChannel(workspace: Workspace, channel: NewChannel): Promise<CreateChannelResult>;
  archiveChannel(workspace: Workspace, group: Group): Promise<ArchiveChannelResult>;
}

export interface Directory {
  lookupProfile(workspace: Workspace, person: { platformUserId: string | null; address: string }): Promise<Profile | null>;
}

/** Everything a platform adapter implements. */
export interface ChatPlatform extends Messaging, Membership, Moderation, Directory, Channels {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
}

// ---------------------------------------------------------------- store

export class UniqueViolation extends Error {
  constructor(readonly constraint: string) {
    super(`unique violation: ${constraint}`);
    this.name = 'UniqueViolation';
  }
}

export interface WorkspaceRepo {
  upsert(input: { id: string; platform: Platform; externalId: string; name?: string | null; serviceUrl?: string | null }): Promise<Workspace>;
  get(id: string): Promise<Workspace | null>;
}

export interface IdentityInput {
  workspaceId: string;
  platform: Platform;
  platformUserId: string;
  address: string;
  displayName: string;
}

export interface PeopleRepo {
  /** Inserts the person or refreshes address and display name; keeps profile fields. */
  upsertIdentity(input: IdentityInput): Promise<Person>;
  updateProfile(personId: string, profile: Profile, at: Date): Promise<Person>;
  setLocale(personId: string, locale: Locale): Promise<void>;
  setTimezone(personId: string, timezone: string): Promise<void>;
  get(id: string): Promise<Person | null>;
  getMany(ids: readonly string[]): Promise<Person[]>;
  findByAddress(workspaceId: string, address: string): Promise<Person | null>;
  /** Known people by address, in one read per thousand. */
  findByAddresses(workspaceId: string, addresses: readonly string[]): Promise<Map<string, Person>>;
  findByPlatformUserIds(workspaceId: string, platformUserIds: readonly string[]): Promise<Person[]>;
}

export interface NewGroup {
  workspaceId: string;
  channelId: string;
  channelName: string | null;
  conversationKind: ConversationKind;
  teamId: string | null;
  name: string;
  type: GroupType;
  purpose: string;
  tier: Tier;
  expiresOn: string | null;
  createdBy: string;
  /** On the core's clock (the database's clock otherwise). */
  createdAt?: Date;
}

export interface GroupRepo {
  /** Throws UniqueViolation (`groups_channel_active` / `groups_name_active`). */
  create(input: NewGroup): Promise<Group>;
  get(id: string): Promise<Group | null>;
  findActiveByChannel(workspaceId: string, channelId: string): Promise<Group | null>;
  /** The active groups that are standard channels of a Teams team (team membership is theirs). */
  listActiveInTeam(workspaceId: string, teamId: string): Promise<Group[]>;
  findActiveByName(workspaceId: string, name: string): Promise<Group | null>;
  findActiveByChannelName(workspaceId: string, channelName: string): Promise<Group | null>;
  listActive(workspaceId: string, limit: number): Promise<{ groups: Group[]; total: number }>;
  setTeamAadGroupId(id: string, aadGroupId: string): Promise<void>;
  /** Every active group of a workspace (overlap checks and daily scans), oldest first. */
  listAllActive(workspaceId: string): Promise<Group[]>;
  /** Workspaces that have active groups. */
  workspacesWithGroups(): Promise<string[]>;
  /** Marks an active group archived: it is no longer governed. null when it was not active. */
  archive(id: string, at: Date): Promise<Group | null>;
  /** A new expiry date of an active group; null when it is not active. */
  setExpiry(id: string, expiresOn: string | null): Promise<Group | null>;
  /** Follows a rename on the platform; null when the channel is not a governed group. */
  renameChannel(workspaceId: string, channelId: string, channelName: string): Promise<Group | null>;
}

export interface RoleRepo {
  /** Returns null when the role is already held. */
  grant(input: { workspaceId: string; groupId: string | null; personId: string; role: RoleName; grantedBy: string | null; reason: string | null }): Promise<RoleGrant | null>;
  /** Returns false when the role was not held. */
  /** revokedBy null: Charter itself (an HR leave). */
  revoke(input: { groupId: string | null; personId: string; role: RoleName; revokedBy: string | null; reason: string; at: Date }): Promise<boolean>;
  listForGroup(groupId: string): Promise<RoleGrant[]>;
  /** Every role the person holds, in every group and the workspace. */
  listForPerson(personId: string): Promise<RoleGrant[]>;
  rolesIn(personId: string, groupId: string | null): Promise<RoleName[]>;
  listSuperAdmins(workspaceId: string): Promise<RoleGrant[]>;
}

export interface CardPostRepo {
  add(post: Omit<CardPost, 'id'>): Promise<CardPost>;
  listFor(subjectType: string, subjectId: string): Promise<CardPost[]>;
}

/** A short-lived download link: only the token's hash is stored. */
export interface ExportLink {
  workspaceId: string;
  personId: string;
  kind: string;
  subjectId: string;
  locale: Locale;
  expiresAt: Date;
}

export interface ExportLinkRepo {
  add(tokenHash: string, link: ExportLink, at: Date): Promise<void>;
  /** null when unknown or expired at `now`. */
  find(tokenHash: string, now: Date): Promise<ExportLink | null>;
  prune(before: Date): Promise<number>;
}

export interface AuditRepo {
  append(entry: AuditEntry, at: Date): Promise<void>;
  list(workspaceId: string, filter?: { groupId?: string; since?: Date; action?: string }): Promise<AuditRecord[]>;
}

/**
 * Policy values as an admin set them (the text, parsed on read): workspace-wide
 * defaults, and a group's own values.
 */
export interface SettingsRepo {
  get(workspaceId: string, key: string): Promise<string | null>;
  /** The stored values of a workspace's keys and (with a group) the group's own, in one read. */
  policy(workspaceId: string, groupId: string | null): Promise<{ workspace: Record<string, string>; group: Record<string, string> }>;
  /** Returns the previous value; null clears it. */
  set(workspaceId: string, key: string, value: string | null, by: string, at: Date): Promise<string | null>;
  /** Returns the previous value; null clears it (the group follows the defaults again). */
  setForGroup(groupId: string, key: string, value: string | null, by: string, at: Date): Promise<string | null>;
}

/** The kernel's store: what every feature may use. Features add their own repositories. */
/** A platform limit as a token bucket: at most `capacity` at once, refilled at `perSecond`. */
export interface RateLimit {
  key: string;
  capacity: number;
  perSecond: number;
}

export interface RateBucketRepo {
  /** Takes one token from every bucket, or none: `waitMs` says when to try again. */
  take(limits: readonly RateLimit[], now: Date): Promise<{ ok: true } | { ok: false; waitMs: number }>;
  /** A 429: the bucket gives nothing before `until`. */
  block(key: string, until: Date): Promise<void>;
}

export interface FanOutClaimRepo {
  /** Recipients claimed for a subject already (sent, being sent, or failed). */
  claimed(subjectType: string, subjectId: string): Promise<Set<string>>;
  /** Claims sending a subject to a recipient: false when claimed before (sent, being sent, or failed). */
  claim(subjectType: string, subjectId: string, recipientId: string, now: Date): Promise<boolean>;
  finish(subjectType: string, subjectId: string, recipientId: string, state: 'sent' | 'failed'): Promise<void>;
  /** The platform refused before delivering (a 429): the recipient may be claimed again. */
  release(subjectType: string, subjectId: string, recipientId: string): Promise<void>;
}

export interface Store {
  workspaces: WorkspaceRepo;
  people: PeopleRepo;
  groups: GroupRepo;
  roles: RoleRepo;
  cardPosts: CardPostRepo;
  rateBuckets: RateBucketRepo;
  fanOutClaims: FanOutClaimRepo;
  audit: AuditRepo;
  settings: SettingsRepo;
  exportLinks: ExportLinkRepo;
  /** Runs fn in one transaction; the store passed to fn (features' repositories included) is bound to it. */
  transaction<T>(fn: (tx: this) => Promise<T>): Promise<T>;
  /** True when err means the database cannot be reached (connection lost, shutting down). */
  isUnavailable(err: unknown): boolean;
}

// ---------------------------------------------------------------- runtime

export interface Clock {
  now(): Date;
}

export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

/** Runs work after the user has been answered; failures are logged by the runner. */
export type Defer = (label: string, task: () => Promise<void>) => void;

export interface SendJobOptions {
  /** When the job is due, on the core's clock; now when absent. */
  at?: Date;
  /** One job per name and key: sending it again while it exists changes nothing. */
  key?: string;
  /**
   * Enqueue inside this transaction: the job exists if and only if it commits.
   * Inside a transaction always pass it: PGlite has one connection, which the
   * transaction holds.
   */
  in?: Store;
}

/**
 * Durable jobs (pg-boss, in the same database). At least once: handlers make
 * their effects exactly-once with conditional updates.
 */
export interface JobQueue {
  send(name: string, payload: Record<string, unknown>, options?: SendJobOptions): Promise<void>;
  /** Cancels a keyed job that has not run yet; nothing when there is none. `in`: as for send. */
  cancel(name: string, key: string, options?: { in?: Store }): Promise<void>;
}

/** An e-mail to some people: each recipient gets a message of their own (no one sees another's address). */
export interface Mail {
  to: readonly string[];
  /** One line: line breaks and control characters become spaces. */
  subject: string;
  text: string;
  html?: string;
}

/** Recipients as given; an invalid address or a permanent (5xx) refusal is `rejected`. */
export interface MailResult {
  accepted: string[];
  rejected: string[];
}

/**
 * E-mail copies (NOTE-3) through SMTP when `SMTP_URL` is set. When it is not,
 * `enabled` is false and `send` sends nothing: it answers every recipient as
 * rejected (src/core/email.ts `disabledMailer`). A transient failure (a 4xx, the
 * server unreachable or timing out) throws `MailDeferredError`, so a durable job
 * retries; the error says who was already accepted, so a retry may skip them.
 */
export interface Mailer {
  readonly enabled: boolean;
  send(mail: Mail): Promise<MailResult>;
}

/**
 * LIFE-2's report to the HR system (CHARTER_HR_CALLBACK_URL): posted as JSON, signed
 * like the HR webhook. `send` throws when the HR system did not take it (a durable
 * job retries).
 */
export interface HrReports {
  readonly configured: boolean;
  send(report: Record<string, unknown>): Promise<void>;
}

/** An e-mail as the core writes it: texts rendered as plain text, in one language, by the adapter. */
export interface Letter {
  to: readonly string[];
  locale: Locale;
  subject: Text;
  body: Text;
}

/** What use cases send e-mail through (NOTE-3): the Mailer with the letter rendered; `enabled` as the Mailer's. */
export interface Letters {
  readonly enabled: boolean;
  send(letter: Letter): Promise<MailResult>;
}

/**
 * Some recipients could not be reached for now. The lists are getters (not
 * enumerable), so logging the error shows counts and codes, never addresses.
 */
export class MailDeferredError extends Error {
  readonly #result: MailResult & { deferred: string[] };
  constructor(
    result: MailResult & { deferred: string[] },
    /** The first transient failure: a nodemailer code (`ECONNECTION`, `EENVELOPE`, …) and the SMTP reply code, if any. */
    readonly reason: { code: string | null; responseCode: number | null },
  ) {
    super(`e-mail deferred for ${result.deferred.length} of ${result.accepted.length + result.rejected.length + result.deferred.length} recipients (${reason.code ?? 'error'}${reason.responseCode !== null ? ` ${reason.responseCode}` : ''})`);
    this.name = 'MailDeferredError';
    this.#result = result;
  }
  get accepted(): string[] {
    return this.#result.accepted;
  }
  get rejected(): string[] {
    return this.#result.rejected;
  }
  /** Not sent: to try again. */
  get deferred(): string[] {
    return this.#result.deferred;
  }
}

/** Deployment-wide settings from the environment. */
export interface Settings {
  superAdmins: ReadonlySet<string>;
  defaultLocale: Locale;
  openRegistration: boolean;
  /**
   * Where people's browsers reach Charter (`CHARTER_PUBLIC_URL`, ending in `/`), for
   * download links; outside production, the local server once it listens. null: none.
   */
  publicUrl: string | null;
  /**
   * AUD-4: the key of the erased people's pseudonyms (`CHARTER_ERASURE_KEY`), kept
   * out of the database so the pseudonyms cannot be recomputed from it. Unset: no erasure.
   */
  erasureKey?: string | null;
}

/** What every use case may ask for. S: the feature's own repositories on the store. */
export interface CoreDeps<S = unknown> {
  platform: Platform;
  capabilities: Capabilities;
  messaging: Messaging;
  membership: Membership;
  moderation: Moderation;
  directory: Directory;
  channels: Channels;
  store: Store & S;
  jobs: JobQueue;
  /** E-mail (SMTP_URL); `mail.enabled` is false when it is not configured. */
  mail: Letters;
  clock: Clock;
  log: Logger;
  defer: Defer;
  settings: Settings;
  registry: Registry;
}
