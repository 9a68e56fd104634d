// The notice feature's Adaptive Card renderers: the notice with its Acknowledge
// button (Action.Execute) and count, and who has not acknowledged.
import { date, text } from '../../../src/core/messages.js';
import type { NoticeCard, NoticeCards, NoticeStatusCard } from '../../../src/features/notice/cards.js';
import { noticeTitle, statusExcerpt } from '../../lines/notice.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, downloadParts, executeActions, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function notice(ctx: RenderContext, card: NoticeCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(noticeTitle(card), { weight: 'Bolder', size: 'Medium' })];
  if (card.title !== null) body.push(w.textBlock(text('notice.card.heading', { title: card.title })));
  body.push(
    w.textBlock(text('notice.card.body', { body: card.body })),
    w.textBlock(text('notice.card.byline', { author: card.author, at: date(card.at) }), { isSubtle: true, size: 'Small', spacing: 'Medium' }),
    w.textBlock(text('notice.card.count', { acknowledged: card.acknowledged, members: card.members }), { weight: 'Bolder', spacing: 'Small' }),
  );
  if (card.deadline !== null) body.push(w.textBlock(text('notice.card.deadline', { at: date(card.deadline) }), { spacing: 'Small' }));
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent' }));
  return w.card(body, executeActions(w, card.actions));
}

function status(ctx: RenderContext, card: NoticeStatusCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [
    w.textBlock(text('notice.status.title', { group: card.group }), { weight: 'Bolder', size: 'Medium' }),
    w.textBlock(text('notice.status.summary', { acknowledged: card.acknowledged, members: card.members, at: date(card.at), reminders: card.reminders })),
    w.textBlock(statusExcerpt(card), { isSubtle: true }),
  ];
  if (card.deadline !== null) body.push(w.textBlock(text('notice.card.deadline', { at: date(card.deadline) }), { spacing: 'Small' }));
  if (card.missing.length === 0) body.push(w.textBlock(text('notice.status.everyone'), { spacing: 'Medium' }));
  else {
    body.push(w.textBlock(text('notice.status.missing'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const m of card.missing) body.push(w.textBlock(text('notice.status.bullet', { line: text('notice.status.line', { person: m }) }), { spacing: 'None' }));
    if (card.more > 0) body.push(w.textBlock(text('notice.status.more', { count: card.more }), { isSubtle: true }));
  }
  const download = downloadParts(w, card.download);
  return w.card([...body, ...download.body], download.actions);
}

export const noticeAdaptive: Renderers<NoticeCards> = { 'notice.notice': notice, 'notice.status': status };
