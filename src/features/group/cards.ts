// The group feature's card models.
import type { GroupSummary } from '../../core/cards.js';
import type { Mention } from '../../core/messages.js';

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

export type GroupCard = GroupInfoCard | GroupListCard;
