// The stewardship feature's cards: a group below its minimum of admins (ROLE-3),
// the inactive members of a group (LIFE-3) with a Remove button each, and the
// workspace's role review (ROLE-5).
import type { CardAction } from '../../core/cards.js';
import type { Mention, Text } from '../../core/messages.js';
import type { GroupType } from '../../core/model.js';
import type { InactiveState } from './store.js';

export interface AdminsCard {
  kind: 'stewardship.admins';
  group: string;
  type: GroupType;
  /** The minimum (ROLE-3: 2). */
  required: number;
  admins: Mention[];
  /** The most active members who are not admins: people to make moderator. */
  suggestions: Mention[];
  /** When the group has enough admins again. */
  fixedAt: Date | null;
}

export interface InactiveRow {
  memberId: string;
  person: Mention;
  /** Their last message in the group; null when Charter never saw one. */
  lastActiveAt: Date | null;
  /** Where inactivity is measured from (the last message, else the join, else the group's registration). */
  since: Date;
  state: InactiveState;
  by: Mention | null;
  action: CardAction | null;
}

export interface InactiveCard {
  kind: 'stewardship.inactive';
  listId: string;
  group: string;
  days: number;
  rows: InactiveRow[];
  /** How many more were found than the card lists. */
  more: number;
  /** `list`: owners remove with the buttons; `removed`: Charter removed them (inactivity.action = remove); `manual`: the platform cannot, the owners remove them. */
  mode: 'list' | 'removed' | 'manual' | 'team-wide';
  notice: Text | null;
}

export interface ReviewEntry {
  group: string;
  admin: Mention;
  role: 'owner' | 'moderator';
  lastActiveAt: Date | null;
  /** The admin left the company (the directory says inactive). */
  departed: boolean;
  suggestions: Mention[];
}

export interface ReviewCard {
  kind: 'stewardship.review';
  days: number;
  entries: ReviewEntry[];
  more: number;
  groups: number;
}

export type StewardshipCard = AdminsCard | InactiveCard | ReviewCard;
