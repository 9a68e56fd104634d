// The post feature's card models: a posted template message, the list of tags,
// and the author's scheduled posts.
import type { CardAction } from '../../core/cards.js';
import type { Mention, Param } from '../../core/messages.js';
import type { Locale } from '../../core/locale.js';
import type { InfoClass } from './catalog.js';

export interface PostedField {
  /** Locale key of the field's label. */
  label: string;
  /** User text, a mention, or a date/time as typed (with the group's zone). */
  value: Param;
}

/** MSG-2: the one well-formed message a form posts into the group. */
export interface PostMessageCard {
  kind: 'post.message';
  tag: { key: string; names: Record<Locale, string>; urgent: boolean };
  fields: PostedField[];
  author: Mention;
  /** The template's owner, delegate or approver, mentioned. */
  mentions: Mention[];
}

export interface TagListCard {
  kind: 'post.tags';
  group: string | null;
  tags: { key: string; names: Record<Locale, string>; class: InfoClass; urgent: boolean; builtIn: boolean }[];
  /** One button per tag that opens its form (when shown in a group). */
  actions: CardAction[];
}

export interface ScheduledListCard {
  kind: 'post.scheduled';
  posts: { id: string; group: string; tag: string; sendAt: Date; timezone: string }[];
  actions: CardAction[];
}

export type PostCard = PostMessageCard | TagListCard | ScheduledListCard;
