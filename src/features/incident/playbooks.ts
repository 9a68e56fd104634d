// INC-1's playbooks as data: each level's steps with their deadlines, per workspace
// (workspace keys `incident.playbook.<level>`, set by super admins with `policy set`),
// with the field guides' defaults. A step is `<key>@<time>`: `retract@5m`,
// `solution@24h`, `lock@0m` (at once). Known keys have localized names and some are
// done by Charter itself at declaration (lock, notify, purge, remove-attacker,
// tighten-admission); any other key is a step for people, shown as written.
import { setting } from '../../core/feature.js';
import type { Level } from './store.js';

export interface PlaybookStep {
  key: string;
  minutes: number;
}

/** Steps Charter carries out itself when the incident is declared. */
const AUTOMATIC_STEPS = ['lock', 'notify', 'purge', 'remove-attacker', 'tighten-admission'] as const;
type AutomaticStep = (typeof AUTOMATIC_STEPS)[number];
export const isAutomatic = (key: string): key is AutomaticStep => (AUTOMATIC_STEPS as readonly string[]).includes(key);

/** Steps with names in the locale files (`incidents.steps.<key>`). */
export const KNOWN_STEPS = [...AUTOMATIC_STEPS, 'retract', 'clarify', 'contain', 'private-talks', 'solution', 'backup-channel', 'restore'] as const;

export const DEFAULT_PLAYBOOKS: Readonly<Record<Level, readonly PlaybookStep[]>> = {
  // Wrong statement by leadership: retracted within 5 minutes, clarified within 10.
  '1': [
    { key: 'retract', minutes: 5 },
    { key: 'clarify', minutes: 10 },
  ],
  // Data leak: the group locked at once, security and legal told, the leak contained.
  '2': [
    { key: 'lock', minutes: 0 },
    { key: 'notify', minutes: 0 },
    { key: 'contain', minutes: 30 },
  ],
  // Group complaint: taken to smaller conversations, solved within 24 hours.
  '3': [
    { key: 'private-talks', minutes: 120 },
    { key: 'solution', minutes: 1440 },
  ],
  // Technical failure: the backup channel within 10 minutes; the outage timed until resolved.
  '4': [
    { key: 'backup-channel', minutes: 10 },
    { key: 'restore', minutes: 240 },
  ],
  // Spam attack: lock, purge, remove the attacker, tighten admission.
  spam: [
    { key: 'lock', minutes: 0 },
    { key: 'purge', minutes: 0 },
    { key: 'remove-attacker', minutes: 0 },
    { key: 'tighten-admission', minutes: 0 },
  ],
};

const STEP = /^([a-z][a-z0-9-]{0,30})@(\d{1,5})(m|h|d)?$/;
const UNIT_MINUTES: Readonly<Record<string, number>> = { m: 1, h: 60, d: 1440 };
const MAX_STEPS = 8;

/** `retract@5m, clarify@10m` → steps; null when it is not a playbook. */
function parsePlaybook(raw: string): PlaybookStep[] | null {
  const parts = raw
    .toLowerCase()
    .split(/[,，;；\s]+/)
    .filter((p) => p !== '');
  if (parts.length === 0 || parts.length > MAX_STEPS) return null;
  const steps: PlaybookStep[] = [];
  for (const p of parts) {
    const m = STEP.exec(p);
    if (m === null) return null;
    const minutes = Number(m[2]) * (UNIT_MINUTES[m[3] ?? 'm'] as number);
    if (minutes > 30 * 1440 || steps.some((s) => s.key === m[1])) return null;
    steps.push({ key: m[1] as string, minutes });
  }
  return steps;
}

export function formatPlaybook(steps: readonly PlaybookStep[]): string {
  return steps.map((s) => `${s.key}@${s.minutes % 1440 === 0 && s.minutes > 0 ? `${s.minutes / 1440}d` : s.minutes % 60 === 0 && s.minutes > 0 ? `${s.minutes / 60}h` : `${s.minutes}m`}`).join(',');
}

export const PLAYBOOK_SETTINGS = (['1', '2', '3', '4', 'spam'] as const).map((level) =>
  setting<PlaybookStep[]>({
    key: `incident.playbook.${level}`,
    scope: 'workspace',
    defaultValue: [...DEFAULT_PLAYBOOKS[level]],
    parse: parsePlaybook,
    format: formatPlaybook,
    describe: `incidents.settings.playbook.${level}`,
    valid: 'incidents.settings.playbookValues',
  }),
);

export const playbookSetting = (level: Level) => PLAYBOOK_SETTINGS[['1', '2', '3', '4', 'spam'].indexOf(level)]!;

/** Minutes before a deadline the commander is reminded: 40 % of the step's time, between 1 and 60 minutes. */
export function reminderLeadMinutes(minutes: number): number | null {
  if (minutes < 2) return null;
  return Math.max(1, Math.min(60, Math.round(minutes * 0.4)));
}

/** A step due "at once" that people must do is missed after this grace. */
export const AT_ONCE_GRACE_MINUTES = 2;

/** While unacknowledged, the admins are reminded every so many minutes, by level. */
export const NUDGE_MINUTES: Readonly<Record<Level, number>> = { '1': 5, '2': 5, spam: 5, '4': 15, '3': 60 };
/** Nudges stop after this many (the incident stays open; escalation went to the super admins). */
export const MAX_NUDGES = 6;
