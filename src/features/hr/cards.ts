// The HR feature's cards: the welcome pack of a new employee (LIFE-1), and what the offboarding of a leaver did in the groups a person
// owns (LIFE-2), and what is left for them to do by hand.
import type { CardAction } from '../../core/cards.js';
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

/** LIFE-4: one person in one group the directory disagrees about. */
export interface ReconcileRow {
  group: string;
  person: Mention;
  /** departed: HR says left (or the account is inactive); unknown: no HR record for the account; moved: another department since the group was registered. */
  kind: 'departed' | 'unknown' | 'moved';
  /** For moved: the department then and now. */
  from?: string | null;
  to?: string | null;
  /** Remove, for a departed person where the platform can and nobody has yet. */
  action: CardAction | null;
  /** What was done from the card: removed, or found gone; by whom. */
  done: { state: 'removed' | 'not-member'; by: Mention | null } | null;
}

/** LIFE-4: the governed groups' members against the HR directory, for the super admins. */
export interface ReconcileCard {
  kind: 'hr.reconcile';
  groups: number;
  departed: number;
  unknown: number;
  moved: number;
  rows: ReconcileRow[];
  /** Rows found beyond those listed. */
  more: number;
  /** Groups whose members the platform would not list. */
  unlisted: string[];
}

export type HrCards = OffboardedCard | WelcomePackCard | ReconcileCard;
