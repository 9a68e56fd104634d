// LIFE-1: which registered groups a new employee joins, per workspace.
//   policy default onboarding.groups Research: research-team, all-hands; *: all-hands
// Entries are separated by `;` (or a new line), each `<who>: <group>, <group>…`.
// `<who>` is a department or a job title as the HR directory has it (any case), or
// `*` for everyone; a person gets the groups of every entry that matches them. The
// groups are the registered names (`group list`); a name no group has (yet) is
// skipped at the hire and said so in the audit log. `none` clears every entry.
import { setting } from '../../core/feature.js';

export interface OnboardingEntry {
  /** A department or title, or `*`. */
  who: string;
  groups: string[];
}

const MAX_ENTRIES = 50;
const MAX_GROUPS = 20;
const MAX_LENGTH = 80;
/** What a registered group name or a department can be: no separators of this format, no markup. */
const NAME = /^[^;:,\n<>*`]+$/u;

export function parseOnboardingGroups(raw: string): OnboardingEntry[] | null {
  const trimmed = raw.trim();
  if (/^(none|无)$/iu.test(trimmed)) return [];
  const entries: OnboardingEntry[] = [];
  for (const part of trimmed.split(/[;\n；]/u)) {
    if (part.trim() === '') continue;
    const m = /^([^:：]+)[:：](.*)$/su.exec(part);
    if (m === null) return null;
    const who = (m[1] as string).trim().replace(/\s+/gu, ' ');
    if (who === '' || who.length > MAX_LENGTH || (who !== '*' && !NAME.test(who))) return null;
    const groups = (m[2] as string)
      .split(/[,，]/u)
      .map((g) => g.trim().replace(/^#/u, '').replace(/\s+/gu, ' '))
      .filter((g) => g !== '');
    if (groups.length === 0 || groups.length > MAX_GROUPS || groups.some((g) => g.length > MAX_LENGTH || !NAME.test(g))) return null;
    if (entries.some((e) => e.who.toLowerCase() === who.toLowerCase())) return null;
    entries.push({ who, groups: [...new Set(groups)] });
  }
  return entries.length === 0 || entries.length > MAX_ENTRIES ? null : entries;
}

export function formatOnboardingGroups(entries: OnboardingEntry[]): string {
  return entries.length === 0 ? 'none' : entries.map((e) => `${e.who}: ${e.groups.join(', ')}`).join('; ');
}

/** The group names for a person, in the order the entries give them, each once. */
export function groupsFor(entries: readonly OnboardingEntry[], person: { department: string | null; title: string | null }): string[] {
  const mine = new Set([person.department, person.title].filter((v): v is string => v !== null).map((v) => v.toLowerCase()));
  const names: string[] = [];
  for (const e of entries) {
    if (e.who !== '*' && !mine.has(e.who.toLowerCase())) continue;
    for (const g of e.groups) if (!names.some((n) => n.toLowerCase() === g.toLowerCase())) names.push(g);
  }
  return names;
}

export const ONBOARDING_GROUPS = setting<OnboardingEntry[]>({
  key: 'onboarding.groups',
  scope: 'workspace',
  defaultValue: [],
  parse: parseOnboardingGroups,
  format: formatOnboardingGroups,
  describe: 'hr.settings.onboardingGroups',
  valid: 'hr.settings.onboardingGroupsValues',
});
