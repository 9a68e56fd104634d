// Notice lines both platforms show alike, as neutral texts.
import { text, type Text } from '../../src/core/messages.js';
import type { NoticeCard, NoticeStatusCard } from '../../src/features/notice/cards.js';

export function noticeTitle(card: NoticeCard): Text {
  if (card.reminder) return text('notice.card.reminderTitle', { group: card.group });
  return text(card.important ? 'notice.card.importantTitle' : 'notice.card.title', { group: card.group });
}

/** The notice the status is about: its title, or the start of its text. */
export function statusExcerpt(card: NoticeStatusCard): Text {
  return card.title !== null ? text('notice.card.heading', { title: card.title }) : text('notice.card.body', { body: card.body.slice(0, 300) });
}
