// The HR feature's card: what the offboarding of a leaver did in the groups a person
// owns (LIFE-2), and what is left for them to do by hand.
import type { Text } from '../../core/messages.js';

export interface OffboardedCard {
  kind: 'hr.offboarded';
  /** The leaver's name as the directory knows it. */
  person: string;
  removed: string[];
  /** Groups the platform could not remove them from: the owner does it. */
  toFix: { group: string; why: Text }[];
}

export type HrCards = OffboardedCard;
