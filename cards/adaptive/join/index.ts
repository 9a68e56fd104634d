// The join feature's Adaptive Card renderers.
import type { JoinCard } from '../../../src/features/join/cards.js';
import type { Renderers } from '../kit.js';
import { bypassCard } from './bypass.js';
import { joinRequestCard } from './request.js';

export const joinAdaptive: Renderers<JoinCard> = {
  'join.request': joinRequestCard,
  'join.bypass': bypassCard,
};
