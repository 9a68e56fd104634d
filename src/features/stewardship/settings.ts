// LIFE-3's group settings: after how many days without a message a member counts
// as inactive, and whether the weekly check lists them to the owners or removes them.
import { setting } from '../../core/feature.js';
import { choiceSetting } from '../../core/settings.js';

export const INACTIVITY_DAYS = setting<number>({
  key: 'inactivity.days',
  scope: 'group',
  defaultValue: 90,
  parse: (raw) => {
    const m = /^\s*(\d{1,4})\s*(?:d|days?|天)?\s*$/i.exec(raw);
    if (m === null) return null;
    const days = Number(m[1]);
    return days >= 7 && days <= 3650 ? days : null;
  },
  format: (days) => `${days}`,
  describe: 'stewardship.settings.days',
  valid: 'stewardship.settings.daysValues',
});

export type InactivityAction = 'list' | 'remove';

export const INACTIVITY_ACTION = choiceSetting<InactivityAction>({
  key: 'inactivity.action',
  scope: 'group',
  values: ['list', 'remove'],
  defaultValue: 'list',
  describe: 'stewardship.settings.action',
  valid: 'stewardship.settings.actionValues',
});

export const STEWARDSHIP_SETTINGS = [INACTIVITY_DAYS, INACTIVITY_ACTION] as const;
