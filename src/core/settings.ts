// Policy values declared by features (SettingDef). A group key resolves, in
// order: the group's own value, the workspace's default, the group tier's default
// (MSG-8), the group type's default (GRP-5), the built-in default. Stored values are text and are parsed on every
// read, so one stored by an older version that no longer parses falls back
// instead of breaking the feature. A whole group's policy loads in one query.
import { setting, type SettingDef } from './feature.js';
import type { Group, GroupType, Tier } from './model.js';
import type { CoreDeps } from './ports.js';

export type PolicySource = 'group' | 'workspace' | 'tier' | 'type' | 'default';

export interface Policy {
  get<T>(def: SettingDef<T>): T;
  source(def: SettingDef<unknown>): PolicySource;
}

type Deps = Pick<CoreDeps, 'store' | 'log'>;

function parsed<T>(deps: Deps, def: SettingDef<T>, raw: string | undefined, where: string): T | undefined {
  if (raw === undefined) return undefined;
  const value = def.parse(raw);
  if (value === null) {
    deps.log.warn({ key: def.key, where }, 'a stored policy value does not parse; using the next default');
    return undefined;
  }
  return value;
}

type Stored = Awaited<ReturnType<Deps['store']['settings']['policy']>>;

/**
 * Every message reads its group's policy: the stored values are kept for a second
 * per running Charter (keyed by its store), per workspace and group. A change made
 * here is seen at once (`forgetPolicy`); one made by another instance within a second.
 */
const POLICY_TTL_MS = 1_000;
const policyCache = new WeakMap<object, Map<string, { at: number; stored: Stored }>>();

async function storedPolicy(deps: Deps, workspaceId: string, groupId: string | null): Promise<Stored> {
  let cache = policyCache.get(deps.store);
  if (cache === undefined) {
    cache = new Map();
    policyCache.set(deps.store, cache);
  }
  const key = `${workspaceId}\u0000${groupId ?? ''}`;
  const now = performance.now();
  const hit = cache.get(key);
  if (hit !== undefined && now - hit.at < POLICY_TTL_MS) return hit.stored;
  const stored = await deps.store.settings.policy(workspaceId, groupId);
  if (cache.size > 10_000) cache.clear();
  cache.set(key, { at: now, stored });
  return stored;
}

/** After a change to a workspace's settings made here: read again at once. */
export function forgetPolicy(deps: Pick<CoreDeps, 'store'>, workspaceId: string): void {
  const cache = policyCache.get(deps.store);
  if (cache === undefined) return;
  for (const key of [...cache.keys()]) if (key.startsWith(`${workspaceId}\u0000`)) cache.delete(key);
}

/** The policy of a workspace, and of a group in it when given. */
export async function loadPolicy(deps: Deps, workspaceId: string, group: Group | null): Promise<Policy> {
  const { workspace, group: ownValues } = await storedPolicy(deps, workspaceId, group?.id ?? null);
  const resolve = <T>(def: SettingDef<T>): { value: T; source: PolicySource } => {
    if (group !== null && def.scope === 'group') {
      const g = parsed(deps, def, ownValues[def.key], 'group');
      if (g !== undefined) return { value: g, source: 'group' };
    }
    const w = parsed(deps, def, workspace[def.key], 'workspace');
    if (w !== undefined) return { value: w, source: 'workspace' };
    const tier = group !== null ? def.tierDefaults?.[group.tier] : undefined;
    if (tier !== undefined) return { value: tier, source: 'tier' };
    const t = group !== null ? def.typeDefaults?.[group.type] : undefined;
    if (t !== undefined) return { value: t, source: 'type' };
    return { value: def.defaultValue, source: 'default' };
  };
  return { get: (def) => resolve(def).value, source: (def) => resolve(def).source };
}

/** One value: a workspace key, or a group key for a group. */
export async function settingOf<T>(deps: Deps, workspaceId: string, def: SettingDef<T>, group: Group | null = null): Promise<T> {
  return (await loadPolicy(deps, workspaceId, group)).get(def);
}

const UNITS: Record<string, number> = { m: 60_000, min: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90m`, `24h`, `3d` → milliseconds; null for anything else (at most a year). */
export function parseDuration(raw: string): number | null {
  const m = /^\s*(\d{1,6})\s*(m|min|h|d)\s*$/i.exec(raw);
  if (m === null) return null;
  const ms = Number(m[1]) * (UNITS[(m[2] as string).toLowerCase()] as number);
  return ms > 0 && ms <= 366 * 86_400_000 ? ms : null;
}

export function formatDuration(ms: number): string {
  if (ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  return `${Math.round(ms / 60_000)}m`;
}

/** A choice among fixed words (`on`/`off`, `remind`/`remove`/`alert`); case-insensitive. */
export function choice<const T extends string>(values: readonly T[]): (raw: string) => T | null {
  return (raw) => {
    const v = raw.trim().toLowerCase();
    return (values as readonly string[]).includes(v) ? (v as T) : null;
  };
}

/** A setting whose value is one of a few words, shown as written. */
export function choiceSetting<const T extends string>(def: {
  key: string;
  scope: SettingDef<T>['scope'];
  values: readonly T[];
  defaultValue: T;
  typeDefaults?: Partial<Record<GroupType, T>>;
  tierDefaults?: Partial<Record<Tier, T>>;
  describe: string;
  valid: string;
  /** Reads more than the values themselves (synonyms). */
  parse?: (raw: string) => T | null;
}): SettingDef<T> {
  return setting<T>({
    key: def.key,
    scope: def.scope,
    defaultValue: def.defaultValue,
    ...(def.typeDefaults !== undefined ? { typeDefaults: def.typeDefaults } : {}),
    ...(def.tierDefaults !== undefined ? { tierDefaults: def.tierDefaults } : {}),
    parse: def.parse ?? choice(def.values),
    format: (v) => v,
    describe: def.describe,
    valid: def.valid,
  });
}
