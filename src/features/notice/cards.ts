// The notice feature's cards: the notice with its Acknowledge button and live
// count (NOTE-1), and, for the group's admins, who has not acknowledged.
import type { CardAction } from '../../core/cards.js';
import type { Mention, Text } from '../../core/messages.js';

export interface NoticeCard {
  kind: 'notice.notice';
  noticeId: string;
  group: string;
  author: Mention;
  title: string | null;
  body: string;
  at: Date;
  deadline: Date | null;
  important: boolean;
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
  title: string | null;
  body: string;
  at: Date;
  deadline: Date | null;
  acknowledged: number;
  members: number;
  reminders: number;
  missing: Mention[];
  /** Not acknowledged, beyond those listed. */
  more: number;
  /** The whole list as CSV, through a short-lived link; null when there is none. */
  download: { url: string; expiresAt: Date } | null;
}

export type NoticeCards = NoticeCard | NoticeStatusCard;
