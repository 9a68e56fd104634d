// The group feature's Adaptive Card renderers.
import type { GroupCard } from '../../../src/features/group/cards.js';
import type { Renderers } from '../kit.js';
import { groupInfoCard } from './info.js';
import { groupListCard } from './list.js';
import { lifecycleCard } from './lifecycle.js';

export const groupAdaptive: Renderers<GroupCard> = {
  'group.info': groupInfoCard,
  'group.list': groupListCard,
  'group.request': lifecycleCard,
  'group.expiry': lifecycleCard,
  'group.quiet': lifecycleCard,
};
