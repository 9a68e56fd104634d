// The policy feature's Adaptive Card renderers.
import type { PolicyCard } from '../../../src/features/policy/cards.js';
import type { Renderers } from '../kit.js';
import { policyCard } from './show.js';

export const policyAdaptive: Renderers<PolicyCard> = { 'policy.show': policyCard };
