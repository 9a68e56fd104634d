// The group feature's card models.
import type { CardAction, GroupSummary } from '../../core/cards.js';
import type { Mention, Text } from '../../core/messages.js';

export interface GroupInfoCard {
  kind: 'group.info';
  group: GroupSummary;
  owners: Mention[];
  moderators: Mention[];
  createdAt: Date;
}

export interface GroupListCard {
  kind: 'group.list';
  groups: GroupSummary[];
  total: number;
}


/**
 * A lifecycle card (GRP-2 request, GRP-3 expiry, LIFE-5 quiet group): a title, a
 * few lines and facts, where it stands, and the buttons of whoever may act. On
 * Teams only `deciders` see the buttons (refresh); `refresh` is the action that
 * rebuilds the card for a viewer.
 */
export interface LifecycleBody {
  subjectId: string;
  title: Text;
  lines: Text[];
  facts: { label: Text; value: Text }[];
  /** Lines in the warning colour (GRP-4 similar groups). */
  warnings: Text[];
  status: Text | null;
  notice: Text | null;
  actions: CardAction[];
  deciders: string[];
  refresh: { verb: string; payload: Record<string, string> };
}

export interface GroupRequestCard extends LifecycleBody {
  kind: 'group.request';
}

export interface GroupExpiryCard extends LifecycleBody {
  kind: 'group.expiry';
}

export interface GroupQuietCard extends LifecycleBody {
  kind: 'group.quiet';
}

export type LifecycleCard = GroupRequestCard | GroupExpiryCard | GroupQuietCard;

export type GroupCard = GroupInfoCard | GroupListCard | LifecycleCard;
