// The faq feature's Block Kit renderers: the list of questions, and an answer
// (to `faq ask`, or in the thread of a question asked in the group).
import type { KnownBlock } from '@slack/types';
import { text } from '../../../src/core/messages.js';
import type { FaqAnswerCard, FaqCard, FaqListCard } from '../../../src/features/faq/cards.js';
import type { RenderContext } from '../../text.js';
import { context, header, LIMITS, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

/** Lines joined into sections that stay within Slack's section length. */
function sections(lines: readonly string[]): KnownBlock[] {
  const out: KnownBlock[] = [];
  let current = '';
  for (const line of lines) {
    if (current !== '' && current.length + line.length + 1 > LIMITS.sectionText) {
      out.push(section(current));
      current = '';
    }
    current = current === '' ? line : `${current}\n${line}`;
  }
  if (current !== '') out.push(section(current));
  return out;
}

function list(ctx: RenderContext, card: FaqListCard): SlackMessage {
  const title = text(card.group === null ? 'faq.list.title' : 'faq.list.titleIn', { group: card.group ?? '', count: card.total });
  const lines = card.entries.map((e) => md(ctx, text(e.workspace && card.group !== null ? 'faq.list.lineWorkspace' : 'faq.list.line', { id: e.id, question: e.question })));
  const blocks: KnownBlock[] = [header(ctx, title), ...sections(lines).slice(0, LIMITS.blocks - 3)];
  if (card.total > card.entries.length) blocks.push(context([md(ctx, text('faq.list.more', { count: card.total - card.entries.length }))]));
  blocks.push(context([md(ctx, text('faq.list.how'))]));
  return { text: md(ctx, title), blocks };
}

function answer(ctx: RenderContext, card: FaqAnswerCard): SlackMessage {
  const title = md(ctx, text('faq.answer.title', { id: card.id, question: card.question }));
  const body = md(ctx, text('faq.answer.body', { answer: card.answer }));
  const blocks: KnownBlock[] = [section(`*${title}*`), section(body)];
  if (card.related.length > 0) {
    blocks.push(context([md(ctx, text('faq.answer.related', { close: card.related.map((r) => text('faq.closeLine', { id: r.id, question: r.question })) }))]));
  }
  if (card.auto) blocks.push(context([md(ctx, text('faq.answer.auto'))]));
  return { text: `${title}\n${body}`, blocks };
}

export const faqBlockKit: Renderers<FaqCard> = { 'faq.list': list, 'faq.answer': answer };
