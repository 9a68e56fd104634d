// The one list of features: parser, dispatch, card-action routing, message and
// membership handlers, jobs, permissions, settings, stores and migrations are all
// built from it (src/core/registry.ts). Adding a feature: its folder here, its
// renderers under cards/, its locale files, and one line below. See
// docs/ARCHITECTURE.md.
import type { CardsOf } from '../core/feature.js';
import { activity } from './activity/feature.js';
import { audit } from './audit/feature.js';
import { faq } from './faq/feature.js';
import { group } from './group/feature.js';
import { help } from './help/feature.js';
import { housekeeping } from './housekeeping/feature.js';
import { hr } from './hr/feature.js';
import { incidents } from './incident/feature.js';
import { join } from './join/feature.js';
import { keywords } from './keywords/feature.js';
import { later } from './later/feature.js';
import { notice } from './notice/feature.js';
import { policy } from './policy/feature.js';
import { post } from './post/feature.js';
import { role } from './role/feature.js';
import { stewardship } from './stewardship/feature.js';
import { rules } from './rules/feature.js';
import { survey } from './survey/feature.js';

export const FEATURES = [activity, help, group, role, join, policy, post, rules, keywords, faq, incidents, notice, survey, audit, housekeeping, hr, stewardship, later] as const;

/** Every card model the features return; cards/blockkit and cards/adaptive must render each kind. */
export type CardModel = CardsOf<typeof FEATURES>;
