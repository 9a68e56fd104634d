// The group feature's policy keys: whether a removal is announced in the group (ROLE-4).
import { choiceSetting } from '../../core/settings.js';

export const ANNOUNCE_REMOVALS = choiceSetting({
  key: 'announce.removals',
  scope: 'group',
  values: ['on', 'off'] as const,
  defaultValue: 'off',
  typeDefaults: { core: 'on', project: 'on' },
  describe: 'group.settings.announceRemovals',
  valid: 'group.settings.onOff',
});

export const GROUP_SETTINGS = [ANNOUNCE_REMOVALS];
