// The notice feature's cards: the notice with its Acknowledge button and live
// count (NOTE-1), and, for the group's admins, who has not acknowledged.
import type { CardAction } from '../../core/cards.js';
import type { Mention, Text } from '../../core/messages.js';

export interface NoticeCard {
  kind: 'notice.notice';
  noticeId: string;
  group: string;
  author: Mention;
  body: string;
  at: Date;
  acknowledged: number;
  members: number;
  /** A private copy: a reminder to someone who has not acknowledged. */
  reminder: boolean;
  actions: CardAction[];
  notice: Text | null;
}

export interface NoticeStatusCard {
  kind: 'notice.status';
  group: string;
  body: string;
  at: Date;
  acknowledged: number;
  members: number;
  reminders: number;
  missing: Mention[];
  /** Not acknowledged, beyond those listed. */
  more: number;
}

export type NoticeCards = NoticeCard | NoticeStatusCard;
