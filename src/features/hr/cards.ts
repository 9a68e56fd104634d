// The HR feature's cards: the welcome pack of a new employee (LIFE-1), and what the offboarding of a leaver did in the groups a person
// owns (LIFE-2), and what is left for them to do by hand.
import type { Mention, Text } from '../../core/messages.js';

export interface OffboardedCard {
  kind: 'hr.offboarded';
  /** The leaver's name as the directory knows it. */
  person: string;
  removed: string[];
  /** Groups the platform could not remove them from: the owner does it. */
  toFix: { group: string; why: Text }[];
}

/** LIFE-1: the welcome pack a new employee gets privately, in their language. */
export interface WelcomePackCard {
  kind: 'hr.welcome';
  /** The new employee's name as the directory knows it. */
  person: string;
  groups: {
    name: string;
    purpose: string;
    owners: Mention[];
    /** added: they are in; owner-asked: an owner will add them. */
    state: 'added' | 'owner-asked';
  }[];
}

export type HrCards = OffboardedCard | WelcomePackCard;
