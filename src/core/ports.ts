// What the core asks of the world: a chat platform, a store, a clock, a logger and
// a way to run work after the user has been answered. Adapters and src/store
// implement these; the core depends on nothing else.
import type { CardModel } from './cards.js';
import type { Locale } from './locale.js';
import type { Text } from './messages.js';
import type {
  AuditEntry,
  AuditRecord,
  CardPost,
  ConversationKind,
  Fulfilment,
  Group,
  GroupType,
  JoinRequest,
  JoinState,
  Person,
  Platform,
  RoleGrant,
  RoleName,
  Tier,
  Workspace,
} from './model.js';

// ---------------------------------------------------------------- platform

export interface Capabilities {
  /** `direct`: the bot adds members itself; `ask-owner`: it asks the owner to. */
  addMember: 'direct' | 'ask-owner';
  /** Whether the bot can delete messages other people posted. */
  deleteOthersMessages: boolean;
}

/**
 * What a platform (or directory) says about a person. `platformUserId` is the
 * stable id, which a lookup by address reveals on Teams.
 */
export type Profile = Pick<
  Person,
  'platformUserId' | 'displayName' | 'realName' | 'title' | 'department' | 'email' | 'locale' | 'isExternal' | 'employment'
>;

export type Outbound = { locale: Locale } & ({ text: Text } | { card: CardModel });

export interface Posted {
  conversationId: string;
  messageId: string;
}

export type AddMemberResult =
  | { outcome: 'added' | 'already-member' }
  | { outcome: 'unsupported' }
  | { outcome: 'failed'; error: string };

export interface ChatPlatform {
  readonly platform: Platform;
  readonly capabilities: Capabilities;
  lookupProfile(workspace: Workspace, person: { platformUserId: string | null; address: string }): Promise<Profile | null>;
  sendPrivate(workspace: Workspace, person: Person, message: Outbound): Promise<Posted>;
  postToGroup(workspace: Workspace, group: Group, message: Outbound): Promise<Posted>;
  updateCard(workspace: Workspace, post: CardPost, card: CardModel): Promise<void>;
  /** `unknown` when the platform cannot tell right now. */
  isMember(workspace: Workspace, group: Group, person: Person): Promise<boolean | 'unknown'>;
  addMember(workspace: Workspace, group: Group, person: Person): Promise<AddMemberResult>;
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
  get(id: string): Promise<Person | null>;
  getMany(ids: readonly string[]): Promise<Person[]>;
  findByAddress(workspaceId: string, address: string): Promise<Person | null>;
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
}

export interface GroupRepo {
  /** Throws UniqueViolation (`groups_channel_active` / `groups_name_active`). */
  create(input: NewGroup): Promise<Group>;
  get(id: string): Promise<Group | null>;
  findActiveByChannel(workspaceId: string, channelId: string): Promise<Group | null>;
  findActiveByName(workspaceId: string, name: string): Promise<Group | null>;
  findActiveByChannelName(workspaceId: string, channelName: string): Promise<Group | null>;
  listActive(workspaceId: string, limit: number): Promise<{ groups: Group[]; total: number }>;
  setTeamAadGroupId(id: string, aadGroupId: string): Promise<void>;
  /** Follows a rename on the platform; null when the channel is not a governed group. */
  renameChannel(workspaceId: string, channelId: string, channelName: string): Promise<Group | null>;
}

export interface RoleRepo {
  /** Returns null when the role is already held. */
  grant(input: { workspaceId: string; groupId: string | null; personId: string; role: RoleName; grantedBy: string | null; reason: string | null }): Promise<RoleGrant | null>;
  /** Returns false when the role was not held. */
  revoke(input: { groupId: string | null; personId: string; role: RoleName; revokedBy: string; reason: string; at: Date }): Promise<boolean>;
  listForGroup(groupId: string): Promise<RoleGrant[]>;
  rolesIn(personId: string, groupId: string | null): Promise<RoleName[]>;
  listSuperAdmins(workspaceId: string): Promise<RoleGrant[]>;
}

export interface JoinRequestRepo {
  /** Throws UniqueViolation (`join_requests_one_pending`) when one is already pending. */
  create(input: { workspaceId: string; groupId: string; requesterId: string; reason: string; at: Date }): Promise<JoinRequest>;
  get(id: string): Promise<JoinRequest | null>;
  findPending(groupId: string, requesterId: string): Promise<JoinRequest | null>;
  /** Moves a pending request to a final state; null when it was no longer pending. */
  decide(id: string, decision: { state: Exclude<JoinState, 'pending'>; by: string; at: Date; reason: string | null; fulfilment: Fulfilment | null }): Promise<JoinRequest | null>;
  markNotified(id: string, at: Date): Promise<void>;
  /** Claims the fulfilment for one worker; null when another holds it or it is finished. */
  claimFulfilment(id: string, at: Date, staleBefore: Date): Promise<JoinRequest | null>;
  finishFulfilment(id: string, outcome: Exclude<Fulfilment, 'pending' | 'running'>, error: string | null, at: Date): Promise<void>;
  listUnnotified(createdBefore: Date, limit: number): Promise<JoinRequest[]>;
  listFulfilmentDue(before: Date, maxAttempts: number, limit: number): Promise<JoinRequest[]>;
}

export interface CardPostRepo {
  add(post: Omit<CardPost, 'id'>): Promise<CardPost>;
  listFor(subjectType: CardPost['subjectType'], subjectId: string): Promise<CardPost[]>;
}

export interface AuditRepo {
  append(entry: AuditEntry, at: Date): Promise<void>;
  list(workspaceId: string, filter?: { groupId?: string; since?: Date; action?: string }): Promise<AuditRecord[]>;
}

export interface Store {
  workspaces: WorkspaceRepo;
  people: PeopleRepo;
  groups: GroupRepo;
  roles: RoleRepo;
  joinRequests: JoinRequestRepo;
  cardPosts: CardPostRepo;
  audit: AuditRepo;
  /** Runs fn in one transaction; the store passed to fn is bound to it. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
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

export interface Settings {
  superAdmins: ReadonlySet<string>;
  defaultLocale: Locale;
  openRegistration: boolean;
}

export interface CoreDeps {
  store: Store;
  platform: ChatPlatform;
  clock: Clock;
  log: Logger;
  defer: Defer;
  settings: Settings;
}
