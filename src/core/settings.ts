// Workspace settings declared by features (SettingDef): the stored text is parsed
// on every read, so a value stored by an older version that no longer parses
// falls back to the default instead of breaking the feature.
import type { SettingDef } from './feature.js';
import type { CoreDeps } from './ports.js';

export async function settingOf<T>(deps: Pick<CoreDeps, 'store' | 'log'>, workspaceId: string, def: SettingDef<T>): Promise<T> {
  const raw = await deps.store.settings.get(workspaceId, def.key);
  if (raw === null) return def.defaultValue;
  const value = def.parse(raw);
  if (value === null) {
    deps.log.warn({ key: def.key, workspaceId }, 'a stored setting does not parse; using the default');
    return def.defaultValue;
  }
  return value;
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
