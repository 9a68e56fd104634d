// The join feature's Block Kit renderers.
import type { Renderers } from '../message.js';
import type { JoinCard } from '../../../src/features/join/cards.js';
import { bypassMessage } from './bypass.js';
import { joinRequestMessage } from './request.js';

export const joinBlockKit: Renderers<JoinCard> = {
  'join.request': joinRequestMessage,
  'join.bypass': bypassMessage,
};
