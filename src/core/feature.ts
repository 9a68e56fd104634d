// The shape every feature has. A feature lives in one folder (src/features/<name>/)
// and declares itself once with defineFeature: its grammar, command handlers,
// card actions, message and membership handlers, durable jobs, permissions,
// settings, store and migrations. src/features/index.ts lists the features; the
// registry (registry.ts) builds the parser, dispatch, card-action routing, the
// permission matrix and the job registry from that list.
import type { z } from 'zod';
import type { ActionPayload, AnyCard } from './cards.js';
import type { VerbDef } from './commands/grammar.js';
import type { ExportDef } from './exports.js';
import type { ConversationInput, MembershipEvent, MessageEvent } from './inputs.js';
import type { Actor, Group, GroupType, Person, RoleName, Tier, Workspace } from './model.js';
import type { Holder, PermissionTable } from './permissions.js';
import type { Policy } from './settings.js';
import type { Clock, CoreDeps, HrReports, JobQueue, Logger, Profile, Store } from './ports.js';
import type { ActionResult, Reply } from './replies.js';

export interface CommandContext {
  actor: Actor;
  conversation: ConversationInput;
}

export type CommandHandler<C, S> = (deps: CoreDeps<S>, ctx: CommandContext, command: C) => Promise<Reply>;

/** One handler per command verb the feature's grammar produces: a missing one is a type error. */
export type CommandHandlers<C extends { verb: string }, S> = { [V in C['verb']]: CommandHandler<Extract<C, { verb: V }>, S> };

export interface ActionDef<P extends ActionPayload, S> {
  /** The payload the card carries back, checked before the handler sees it. */
  payload: z.ZodType<P>;
  /** Cards posted by earlier versions carried other shapes; map them to the payload. */
  legacy?: (raw: unknown) => unknown;
  /**
   * Who may submit it, checked before any costly input (an uploaded file) is read;
   * throws (notAllowed) to refuse. The handler may check again; it sees the files.
   */
  authorize?(deps: CoreDeps<S>, actor: Actor, payload: P): Promise<void>;
  handle(deps: CoreDeps<S>, actor: Actor, payload: P, inputs: Readonly<Record<string, string>>): Promise<ActionResult>;
}

/** Declares one card action, inferring its payload type from the schema. */
export function action<P extends ActionPayload, S = unknown>(def: ActionDef<P, S>): ActionDef<P, S> {
  return def;
}

export interface RetryPolicy {
  limit: number;
  delaySeconds: number;
  backoff: boolean;
}

/** A durable job that acts in one workspace (the platform is the workspace's). */
export interface WorkspaceJobDef<P extends { workspaceId: string }, S> {
  scope: 'workspace';
  payload: z.ZodType<P>;
  retry?: RetryPolicy;
  handle(deps: CoreDeps<S>, payload: P): Promise<void>;
}

export interface GlobalDeps<S> {
  store: Store & S;
  /** The queue itself, so a global job may start work in each workspace (given by the job runner). */
  jobs: JobQueue;
  /** Reports to the HR system, where configured. */
  hrReports: HrReports;
  clock: Clock;
  log: Logger;
}

/** A durable job about the deployment, not one workspace (housekeeping). */
export interface GlobalJobDef<P, S> {
  scope: 'global';
  payload: z.ZodType<P>;
  retry?: RetryPolicy;
  handle(deps: GlobalDeps<S>, payload: P): Promise<void>;
}

export type JobDef<P, S> = P extends { workspaceId: string } ? WorkspaceJobDef<P, S> | GlobalJobDef<P, S> : GlobalJobDef<P, S>;

export function job<P extends { workspaceId: string }, S = unknown>(def: WorkspaceJobDef<P, S>): WorkspaceJobDef<P, S> {
  return def;
}

export function globalJob<P, S = unknown>(def: GlobalJobDef<P, S>): GlobalJobDef<P, S> {
  return def;
}

/** A job started by the clock (cron syntax, UTC). */
export interface ScheduleDef {
  job: string;
  cron: string;
}

/** A message in a governed group, with the group and author resolved. */
export interface MessageContext {
  workspace: Workspace;
  group: Group;
  /** null for a deletion the platform does not attribute. */
  author: Person | null;
  event: MessageEvent;
  /** The group's policy, read once per message however many handlers ask. */
  policy(): Promise<Policy>;
  /** Set by a handler that removed the message: later handlers leave it alone. */
  removed: boolean;
}

export interface MembershipContext {
  workspace: Workspace;
  /** The governed groups the join or leave concerns (a Teams team join: each standard channel). */
  groups: Group[];
  /** A Teams team's membership (its standard channels share it), not one conversation's. */
  teamWide: boolean;
  person: Person;
  event: MembershipEvent;
}

/** A role was granted or revoked (the role feature announces it after the change committed). */
export interface RoleChangedContext {
  workspace: Workspace;
  /** null for super admin. */
  group: Group | null;
  person: Person;
  role: RoleName;
  change: 'granted' | 'revoked';
}

/** A person's account arrived on the platform, its profile looked up (LIFE-1 for an account that comes after the hire). */
export interface AccountJoinedContext {
  workspace: Workspace;
  person: Person;
}

export interface RenamedContext {
  workspace: Workspace;
  channelId: string;
  channelName: string;
}

/** Handlers run in ascending order; each in its own guard: one that throws is logged, the next still runs. */
export interface OrderedHandler<X, S> {
  order: number;
  handle(deps: CoreDeps<S>, ctx: X): Promise<void>;
}

export interface EventHandlers<S> {
  message?: OrderedHandler<MessageContext, S>;
  membership?: OrderedHandler<MembershipContext, S>;
  channelRenamed?: OrderedHandler<RenamedContext, S>;
  roleChanged?: OrderedHandler<RoleChangedContext, S>;
  accountJoined?: OrderedHandler<AccountJoinedContext, S>;
}

/**
 * A typed policy key: `policy show` lists it, `policy set` validates it. A
 * workspace key has one value per workspace; a group key has a value per group,
 * falling back to the workspace's default, then to its tier's and its group type's default.
 */
export interface SettingDef<T> {
  /** Dotted identifier, `<area>.<name>`. */
  key: string;
  scope: 'workspace' | 'group';
  defaultValue: T;
  /** GRP-5: what each group type starts with (group keys). */
  typeDefaults?: Partial<Record<GroupType, T>>;
  /** What each tier starts with (group keys; MSG-8: the external tier); ahead of the type's default. */
  tierDefaults?: Partial<Record<Tier, T>>;
  /** null when the text is not a valid value. */
  parse(raw: string): T | null;
  format(value: T): string;
  /** Locale keys: what the setting means, and the valid values. */
  describe: string;
  valid: string;
}

export function setting<T>(def: SettingDef<T>): SettingDef<T> {
  return def;
}

/**
 * Completes what a platform's directory says about a person with what the feature
 * knows (the HR directory: name, department, title, employment), before the
 * profile is stored.
 */
export type ProfileSource<S> = (store: Store & S, profile: Profile) => Promise<Profile>;

export interface FeatureMigration {
  /** Timestamped, one change each: `20261201090000_create_message_meta`. */
  name: string;
  migration: { up(db: never): Promise<void>; down(db: never): Promise<void> };
}

/** Verbs and their handlers come together: a grammar without every handler is a type error. */
export type GrammarPart<C extends { verb: string }, S> = [C] extends [never]
  ? { verbs?: readonly VerbDef<never>[]; commands?: undefined }
  : { verbs: readonly VerbDef<C>[]; commands: CommandHandlers<C, S> };

export type FeatureSpec<C extends { verb: string }, S> = GrammarPart<C, S> & FeatureParts<S>;

export interface FeatureParts<S> {
  /** Lower-case; action ids and job names start with it (`join.approve`, `join.remind`). */
  name: string;
  // The record holds actions with different payload types: each is checked where it is declared.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  actions?: Readonly<Record<string, ActionDef<any, S>>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  jobs?: Readonly<Record<string, WorkspaceJobDef<any, S> | GlobalJobDef<any, S>>>;
  schedules?: readonly ScheduleDef[];
  /** Downloads (CSV) offered through a short-lived link: `<feature>.<name>` → what it holds. */
  exports?: Readonly<Record<string, ExportDef<S>>>;
  events?: EventHandlers<S>;
  permissions?: PermissionTable;
  // Settings of different value types; each is typed where it is declared and read.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  settings?: readonly SettingDef<any>[];
  /** The feature's own repositories, merged into the store (and bound to transactions). */
  store?: (db: never) => S;
  migrations?: readonly FeatureMigration[];
  profiles?: ProfileSource<S>;
}

/**
 * A feature as the registry sees it: its command and store types erased, which is
 * safe because the registry only routes what the feature itself declared.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Feature<K extends AnyCard = never> = FeatureParts<any> & {
  verbs?: readonly VerbDef<unknown>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  commands?: Readonly<Record<string, CommandHandler<any, any>>>;
  /** Type only: the card models the feature's use cases return (never set at run time). */
  readonly cards?: K;
};

/**
 * C: the commands the feature's grammar produces; S: its own repositories on the
 * store; K: its card models (the renderers must know each kind).
 */
export function defineFeature<C extends { verb: string } = never, S = unknown, K extends AnyCard = never>(spec: FeatureSpec<C, S>): Feature<K> {
  return spec as unknown as Feature<K>;
}

/** Any feature, whatever its card models. */
export type AnyFeature = Feature<AnyCard>;

/** The card models of a list of features. */
export type CardsOf<F extends readonly Feature<AnyCard>[]> = NonNullable<F[number]['cards']>;

export type { Holder };
