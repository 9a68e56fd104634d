// The policy feature's Block Kit renderers.
import type { PolicyCard } from '../../../src/features/policy/cards.js';
import type { Renderers } from '../message.js';
import { policyMessage } from './show.js';

export const policyBlockKit: Renderers<PolicyCard> = { 'policy.show': policyMessage };
