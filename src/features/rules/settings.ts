// The group message policy's keys (MSG-1, MSG-3, MSG-4, MSG-5, GRP-5), with each
// group type's defaults: announcement → only admins post; external → no file
// uploads; core → quiet hours on and tags required for notices (messages that
// address everyone). What happens when a rule is broken is the rule's `.action`:
// remind (privately), remove (where the platform can; else remind and alert
// moderators), or alert (tell the moderators).
import { setting } from '../../core/feature.js';
import type { GroupType, Tier } from '../../core/model.js';
import { choice, choiceSetting } from '../../core/settings.js';
import type { Person } from '../../core/model.js';
import type { Policy } from '../../core/settings.js';
import { canonicalZone } from '../../core/zones.js';
import { formatDates, formatDays, formatWindow, parseDates, parseDays, parseWindow, type QuietHours, type Window } from './quiet.js';

export const ACTIONS = ['remind', 'remove', 'alert'] as const;
export type RuleAction = (typeof ACTIONS)[number];

type Who = 'admins' | 'anyone';
type Switch = 'on' | 'off';

const action = (key: string, defaultValue: RuleAction) =>
  choiceSetting({ key, scope: 'group', values: ACTIONS, defaultValue, parse: parseAction, describe: `rules.settings.${key}`, valid: 'rules.settings.actions' });
const who = (key: string, defaultValue: Who, typeDefaults: Partial<Record<GroupType, Who>> = {}) =>
  choiceSetting({ key, scope: 'group', values: ['admins', 'anyone'] as const, defaultValue, typeDefaults, describe: `rules.settings.${key}`, valid: 'rules.settings.whoValues' });
const onOff = (key: string, defaultValue: Switch, typeDefaults: Partial<Record<GroupType, Switch>> = {}, tierDefaults: Partial<Record<Tier, Switch>> = {}) =>
  choiceSetting({ key, scope: 'group', values: ['on', 'off'] as const, defaultValue, typeDefaults, tierDefaults, describe: `rules.settings.${key}`, valid: 'rules.settings.onOff' });

const actionChoice = choice(ACTIONS);
/** `strict` is read as `remove` (the field guides' word for it). */
function parseAction(raw: string): RuleAction | null {
  return raw.trim().toLowerCase() === 'strict' ? 'remove' : actionChoice(raw);
}

export const TAGS_REQUIRED = choiceSetting({
  key: 'tags.required',
  scope: 'group',
  values: ['off', 'notices', 'all'] as const,
  defaultValue: 'off',
  typeDefaults: { core: 'notices' },
  describe: 'rules.settings.tags.required',
  valid: 'rules.settings.tagsRequiredValues',
});
export const TAGS_ACTION = action('tags.action', 'remind');

export const CLASS_NOTICES = who('class.notices', 'anyone', { core: 'admins', announcement: 'admins' });
export const CLASS_ACTION = action('class.action', 'remind');

export const POSTING = who('posting.who', 'anyone', { announcement: 'admins' });
export const POSTING_ACTION = action('posting.action', 'remove');

// MSG-8: no file uploads in external groups, and in groups of the external tier whatever their type.
export const FILES = onOff('files.allowed', 'on', { external: 'off' }, { external: 'off' });
export const FILES_ACTION = action('files.action', 'remove');

export const BROADCAST = who('broadcast.who', 'admins');
export const BROADCAST_ACTION = action('broadcast.action', 'remind');

export const QUIET = onOff('quiet_hours.enabled', 'off', { core: 'on' });
export const QUIET_WINDOW = setting<Window>({
  key: 'quiet_hours.window',
  scope: 'group',
  defaultValue: { start: 8 * 60, end: 22 * 60 },
  parse: parseWindow,
  format: formatWindow,
  describe: 'rules.settings.quiet_hours.window',
  valid: 'rules.settings.windowValues',
});
export const QUIET_DAYS = setting<Set<number>>({
  key: 'quiet_hours.days',
  scope: 'group',
  defaultValue: new Set([1, 2, 3, 4, 5]),
  parse: parseDays,
  format: formatDays,
  describe: 'rules.settings.quiet_hours.days',
  valid: 'rules.settings.daysValues',
});
/** `quiet_hours.timezone local`: each person's own clock (their Slack profile's or Teams client's zone). */
export const LOCAL_ZONE = 'local';
export const TIMEZONE = setting<string>({
  key: 'quiet_hours.timezone',
  scope: 'group',
  defaultValue: LOCAL_ZONE,
  parse: (raw) => (['local', '本地'].includes(raw.trim().toLowerCase()) ? LOCAL_ZONE : canonicalZone(raw)),
  format: (v) => v,
  describe: 'rules.settings.quiet_hours.timezone',
  valid: 'rules.settings.timezoneValues',
});
export const HOLIDAYS = setting<Set<string>>({
  key: 'quiet_hours.holidays',
  scope: 'group',
  defaultValue: new Set(),
  parse: parseDates,
  format: formatDates,
  describe: 'rules.settings.quiet_hours.holidays',
  valid: 'rules.settings.datesValues',
});
export const WORKDAYS = setting<Set<string>>({
  key: 'quiet_hours.workdays',
  scope: 'group',
  defaultValue: new Set(),
  parse: parseDates,
  format: formatDates,
  describe: 'rules.settings.quiet_hours.workdays',
  valid: 'rules.settings.datesValues',
});
export const DISCUSSION = setting<Window[]>({
  key: 'quiet_hours.discussion',
  scope: 'group',
  defaultValue: [],
  parse: (raw) => {
    const v = raw.trim().toLowerCase();
    if (v === 'off' || v === 'none') return [];
    const windows = v.split(/[,，]/).map((p) => parseWindow(p));
    return windows.length > 0 && windows.length <= 6 && windows.every((w) => w !== null) ? (windows as Window[]) : null;
  },
  format: (v) => (v.length === 0 ? 'off' : v.map(formatWindow).join(',')),
  describe: 'rules.settings.quiet_hours.discussion',
  valid: 'rules.settings.discussionValues',
});
export const QUIET_ACTION = action('quiet_hours.action', 'remind');

export const RULE_SETTINGS = [
  TAGS_REQUIRED,
  TAGS_ACTION,
  CLASS_NOTICES,
  CLASS_ACTION,
  POSTING,
  POSTING_ACTION,
  FILES,
  FILES_ACTION,
  BROADCAST,
  BROADCAST_ACTION,
  QUIET,
  QUIET_WINDOW,
  QUIET_DAYS,
  TIMEZONE,
  HOLIDAYS,
  WORKDAYS,
  DISCUSSION,
  QUIET_ACTION,
];

/**
 * The zone a group's times are read in for a person: the group's (or the
 * workspace's) when one is set, else the person's own clock, else UTC.
 */
export function zoneOf(policy: Policy, person: Pick<Person, 'timezone'> | null): string {
  const zone = policy.get(TIMEZONE);
  return zone !== LOCAL_ZONE ? zone : (person?.timezone ?? 'UTC');
}

/** MSG-4: a group's quiet hours, in the zone they are read in for this person. */
export function quietHoursOf(policy: Policy, person: Pick<Person, 'timezone'> | null): QuietHours {
  return {
    timezone: zoneOf(policy, person),
    window: policy.get(QUIET_WINDOW),
    days: policy.get(QUIET_DAYS),
    holidays: policy.get(HOLIDAYS),
    workdays: policy.get(WORKDAYS),
  };
}
