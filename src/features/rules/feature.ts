// The group message policy on every message (MSG-1 tags required, MSG-3 notices
// and announcement groups, MSG-4 quiet hours and discussion windows, MSG-5
// broadcast mentions, GRP-5 external groups without files), with its policy keys.
import { defineFeature } from '../../core/feature.js';
import type { RulesCard } from './cards.js';
import { enforceRules } from './enforce.js';
import { RULE_SETTINGS } from './settings.js';

export const rules = defineFeature<never, unknown, RulesCard>({
  name: 'rules',
  settings: RULE_SETTINGS,
  events: { message: { order: 10, handle: enforceRules } },
});
