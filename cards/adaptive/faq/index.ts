// The faq feature's Adaptive Card renderers: the list of questions, and an answer
// (to `faq ask`, or in the thread of a question asked in the channel).
import { text } from '../../../src/core/messages.js';
import type { FaqAnswerCard, FaqCard, FaqListCard } from '../../../src/features/faq/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function list(ctx: RenderContext, card: FaqListCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text(card.group === null ? 'faq.list.title' : 'faq.list.titleIn', { group: card.group ?? '', count: card.total }), { weight: 'Bolder', size: 'Medium' })];
  for (const e of card.entries) {
    body.push(w.textBlock(text(e.workspace && card.group !== null ? 'faq.list.lineWorkspace' : 'faq.list.line', { id: e.id, question: e.question }), { spacing: 'Small' }));
  }
  if (card.total > card.entries.length) body.push(w.textBlock(text('faq.list.more', { count: card.total - card.entries.length }), { isSubtle: true }));
  body.push(w.textBlock(text('faq.list.how'), { isSubtle: true, size: 'Small' }));
  return w.card(body);
}

function answer(ctx: RenderContext, card: FaqAnswerCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [
    w.textBlock(text('faq.answer.title', { id: card.id, question: card.question }), { weight: 'Bolder' }),
    // The answer as its admin wrote it: a TextRun is never read as markdown.
    w.plainBlock(card.answer, { spacing: 'Small' }),
  ];
  if (card.related.length > 0) {
    body.push(w.textBlock(text('faq.answer.related', { close: card.related.map((r) => text('faq.closeLine', { id: r.id, question: r.question })) }), { isSubtle: true, size: 'Small' }));
  }
  if (card.auto) body.push(w.textBlock(text('faq.answer.auto'), { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  return w.card(body);
}

export const faqAdaptive: Renderers<FaqCard> = { 'faq.list': list, 'faq.answer': answer };
