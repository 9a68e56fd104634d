// The group feature's Block Kit renderers.
import type { GroupCard } from '../../../src/features/group/cards.js';
import type { Renderers } from '../message.js';
import { groupInfoMessage } from './info.js';
import { groupListMessage } from './list.js';
import { lifecycleMessage } from './lifecycle.js';

export const groupBlockKit: Renderers<GroupCard> = {
  'group.info': groupInfoMessage,
  'group.list': groupListMessage,
  'group.request': lifecycleMessage,
  'group.expiry': lifecycleMessage,
  'group.quiet': lifecycleMessage,
};
