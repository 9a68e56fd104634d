// Builds everything that routes from the one list of features: the command
// parser, command dispatch, card-action routing, message and membership
// handlers, the job registry, the permission matrix, settings and migrations.
// A clash (two features declaring one verb, action, job or setting) stops the
// start with a clear error; a test builds the real list to catch it early.
import type { ActionPayload } from './cards.js';
import type { VerbDef } from './commands/grammar.js';
import { createParser, type CommandParser } from './commands/parse.js';
import type {
  AccountJoinedContext,
  ActionDef,
  CommandHandler,
  AnyFeature as Feature,
  FeatureMigration,
  GlobalJobDef,
  MembershipContext,
  MessageContext,
  OrderedHandler,
  ProfileSource,
  RenamedContext,
  RoleChangedContext,
  ScheduleDef,
  SettingDef,
  WorkspaceJobDef,
} from './feature.js';
import type { ExportDef } from './exports.js';
import type { Holder } from './permissions.js';
import type { Directory, Store } from './ports.js';

/* eslint-disable @typescript-eslint/no-explicit-any -- the registry routes each feature's own typed handlers by name */
export type AnyJob = WorkspaceJobDef<any, any> | GlobalJobDef<any, any>;
type AnyAction = ActionDef<ActionPayload, any>;
type AnyCommand = CommandHandler<any, any>;
type AnyExport = ExportDef<any>;
/* eslint-enable @typescript-eslint/no-explicit-any */

export interface Ordered<X> {
  feature: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  handler: OrderedHandler<X, any>;
}

export interface Registry {
  readonly features: readonly Feature[];
  readonly parser: CommandParser;
  readonly verbs: readonly VerbDef<unknown>[];
  command(verb: string): AnyCommand | undefined;
  action(id: string): AnyAction | undefined;
  job(name: string): AnyJob | undefined;
  export(kind: string): AnyExport | undefined;
  readonly jobs: readonly { name: string; def: AnyJob }[];
  readonly schedules: readonly ScheduleDef[];
  readonly messageHandlers: readonly Ordered<MessageContext>[];
  readonly membershipHandlers: readonly Ordered<MembershipContext>[];
  readonly renamedHandlers: readonly Ordered<RenamedContext>[];
  readonly roleChangedHandlers: readonly Ordered<RoleChangedContext>[];
  readonly accountJoinedHandlers: readonly Ordered<AccountJoinedContext>[];
  /** ROLE-2's whole matrix: permission → who holds it. */
  readonly permissions: Readonly<Record<string, readonly Holder[]>>;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- settings of every value type
  readonly settings: readonly SettingDef<any>[];
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- as above
  setting(key: string): SettingDef<any> | undefined;
  /** Every feature's migrations, in name (timestamp) order. */
  readonly migrations: readonly FeatureMigration[];
  /** What completes a platform's profiles, in the features' order (see completeDirectory). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each source is typed where its feature declares it
  readonly profileSources: readonly ProfileSource<any>[];
}

const FEATURE_NAME = /^[a-z][a-z-]*$/;
const NAMESPACED = /^[a-z][a-z-]*\.[a-z][a-z-]*$/;

export class RegistryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryError';
  }
}

function claim<T>(map: Map<string, T>, key: string, value: T, what: string): void {
  if (map.has(key)) throw new RegistryError(`${what} "${key}" is declared twice`);
  map.set(key, value);
}

function ordered<X>(features: readonly Feature[], pick: (f: Feature) => OrderedHandler<X, unknown> | undefined): Ordered<X>[] {
  const out: Ordered<X>[] = [];
  for (const f of features) {
    const handler = pick(f);
    if (handler !== undefined) out.push({ feature: f.name, handler });
  }
  return out.sort((a, b) => a.handler.order - b.handler.order);
}

export function buildRegistry(features: readonly Feature[]): Registry {
  const names = new Set<string>();
  const commands = new Map<string, AnyCommand>();
  const actions = new Map<string, AnyAction>();
  const jobs = new Map<string, AnyJob>();
  const exports = new Map<string, AnyExport>();
  const permissions = new Map<string, readonly Holder[]>();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- settings of every value type
  const settings = new Map<string, SettingDef<any>>();
  const migrations = new Map<string, FeatureMigration>();
  const verbs: VerbDef<unknown>[] = [];
  const schedules: ScheduleDef[] = [];

  for (const f of features) {
    if (!FEATURE_NAME.test(f.name)) throw new RegistryError(`feature name "${f.name}" must be lower-case letters and dashes`);
    if (names.has(f.name)) throw new RegistryError(`feature "${f.name}" is listed twice`);
    names.add(f.name);
    const own = (kind: string, id: string) => {
      if (!NAMESPACED.test(id) || !id.startsWith(`${f.name}.`)) throw new RegistryError(`${kind} "${id}" of feature "${f.name}" must be named "${f.name}.<name>"`);
    };
    verbs.push(...(f.verbs ?? []));
    for (const [verb, handler] of Object.entries(f.commands ?? {})) claim(commands, verb, handler, 'command');
    for (const [id, def] of Object.entries(f.actions ?? {})) {
      own('action', id);
      claim(actions, id, def, 'card action');
    }
    for (const [name, def] of Object.entries(f.jobs ?? {})) {
      own('job', name);
      claim(jobs, name, def, 'job');
    }
    for (const [kind, def] of Object.entries(f.exports ?? {})) {
      own('export', kind);
      claim(exports, kind, def, 'export');
    }
    for (const s of f.schedules ?? []) {
      if (!jobs.has(s.job)) throw new RegistryError(`schedule of feature "${f.name}" names an unknown job "${s.job}"`);
      schedules.push(s);
    }
    for (const [key, holders] of Object.entries(f.permissions ?? {})) {
      own('permission', key.split('.').slice(0, 2).join('.'));
      claim(permissions, key, holders, 'permission');
    }
    for (const s of f.settings ?? []) claim(settings, s.key, s, 'setting');
    for (const m of f.migrations ?? []) claim(migrations, m.name, m, 'migration');
  }

  // Fails at once on a verb or alias declared twice.
  const parser = createParser(verbs);

  return {
    features,
    parser,
    verbs,
    command: (verb) => commands.get(verb),
    action: (id) => actions.get(id),
    job: (name) => jobs.get(name),
    export: (kind) => exports.get(kind),
    jobs: [...jobs].map(([name, def]) => ({ name, def })),
    schedules,
    messageHandlers: ordered(features, (f) => f.events?.message),
    membershipHandlers: ordered(features, (f) => f.events?.membership),
    renamedHandlers: ordered(features, (f) => f.events?.channelRenamed),
    roleChangedHandlers: ordered(features, (f) => f.events?.roleChanged),
    accountJoinedHandlers: ordered(features, (f) => f.events?.accountJoined),
    permissions: Object.fromEntries(permissions),
    settings: [...settings.values()],
    setting: (key) => settings.get(key),
    migrations: [...migrations.values()].sort((a, b) => a.name.localeCompare(b.name)),
    profileSources: features.flatMap((f) => (f.profiles === undefined ? [] : [f.profiles])),
  };
}

/** A platform's directory whose profiles the features complete (the HR directory's fields win). */
export function completeDirectory(directory: Directory, registry: Pick<Registry, 'profileSources'>, store: Store): Directory {
  if (registry.profileSources.length === 0) return directory;
  return {
    async lookupProfile(workspace, person) {
      let profile = await directory.lookupProfile(workspace, person);
      for (const source of registry.profileSources) if (profile !== null) profile = await source(store, profile);
      return profile;
    },
  };
}
