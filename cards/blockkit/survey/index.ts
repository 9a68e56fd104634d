// The survey feature's Block Kit renderers: the survey (its button opens the
// questions in a modal) and the results, with the distribution as text bars.
import type { KnownBlock } from '@slack/types';
import { date, text, type Text } from '../../../src/core/messages.js';
import type { SurveyCard, SurveyCards, SurveyResultsCard } from '../../../src/features/survey/cards.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

/** A text bar chart line: `80–89  ████████ 8`, the longest bar 20 blocks. */
export function barLines(bars: { label: string; count: number }[]): string[] {
  const max = Math.max(1, ...bars.map((b) => b.count));
  const width = Math.max(...bars.map((b) => b.label.length));
  return bars.map((b) => `${b.label.padEnd(width)}  ${'█'.repeat(Math.round((b.count / max) * 20))}${b.count > 0 ? ' ' : ''}${b.count}`);
}

export function surveyLines(card: SurveyCard): Text[] {
  const lines: Text[] = [text(card.anonymous ? 'survey.card.anonymous' : 'survey.card.named', { group: card.group }), text('survey.card.closes', { at: date(card.closesAt) })];
  if (card.state === 'closed') lines.push(text('survey.card.closed'));
  return lines;
}

export function resultsLines(card: SurveyResultsCard): Text[] {
  const lines: Text[] = [text('survey.results.rate', { answered: card.answered, recipients: card.recipients, percent: card.recipients === 0 ? 0 : Math.round((card.answered / card.recipients) * 100) })];
  if (card.mean === null) lines.push(text('survey.results.tooFew', { threshold: card.threshold }));
  else lines.push(text(card.mean >= card.target ? 'survey.results.meanMet' : 'survey.results.meanBelow', { mean: card.mean, target: card.target }));
  return lines;
}

function survey(ctx: RenderContext, card: SurveyCard): SlackMessage {
  const title = text(`survey.templates.${card.template}`);
  const blocks: KnownBlock[] = [header(ctx, title), section(surveyLines(card).map((l) => md(ctx, l)).join('\n'))];
  if (card.mine.length > 0) blocks.push(section([md(ctx, text('survey.card.yourAnswer')), ...card.mine.map((m) => `• ${md(ctx, text('survey.card.mineLine', { question: m.question, value: m.value }))}`)].join('\n')));
  if (card.actions.length > 0) blocks.push(buttons(ctx, `survey.${card.surveyId}`, card.actions));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, title), blocks };
}

function results(ctx: RenderContext, card: SurveyResultsCard): SlackMessage {
  const title = text(card.closed ? 'survey.results.title' : 'survey.results.titleLive', { template: text(`survey.templates.${card.template}`), group: card.group });
  const blocks: KnownBlock[] = [header(ctx, title), section(resultsLines(card).map((l) => md(ctx, l)).join('\n'))];
  for (const q of card.questions) {
    blocks.push(section(`${md(ctx, text('survey.results.question', { question: q.question, mean: q.mean }))}\n\`\`\`\n${barLines(q.bars).join('\n')}\n\`\`\``));
  }
  if (card.comments.length > 0) {
    const lines = card.comments.slice(0, 30).map((c) => `• ${md(ctx, text('survey.results.comment', { comment: c.slice(0, 300) }))}`);
    blocks.push(section([md(ctx, text('survey.results.comments')), ...lines].join('\n')));
  }
  return { text: md(ctx, title), blocks };
}

export const surveyBlockKit: Renderers<SurveyCards> = { 'survey.survey': survey, 'survey.results': results };
