// The survey feature's Block Kit renderers: the survey (its button opens the
// questions in a modal) and the results, with the distribution as text bars.
import type { KnownBlock } from '@slack/types';
import { text } from '../../../src/core/messages.js';
import type { SurveyCard, SurveyCards, SurveyResultsCard, SurveyTemplatesCard } from '../../../src/features/survey/cards.js';
import { barLines, resultsLines, surveyLines, templateLines } from '../../lines/survey.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, downloadLine, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function survey(ctx: RenderContext, card: SurveyCard): SlackMessage {
  const title = card.title;
  const blocks: KnownBlock[] = [header(ctx, title), section(surveyLines(card).map((l) => md(ctx, l)).join('\n'))];
  if (card.mine.length > 0) blocks.push(section([md(ctx, text('survey.card.yourAnswer')), ...card.mine.map((m) => `• ${md(ctx, text('survey.card.mineLine', { question: m.question, value: m.value }))}`)].join('\n')));
  if (card.actions.length > 0) blocks.push(buttons(ctx, `survey.${card.surveyId}`, card.actions));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, title), blocks };
}

function results(ctx: RenderContext, card: SurveyResultsCard): SlackMessage {
  const title = text(card.closed ? 'survey.results.title' : 'survey.results.titleLive', { template: card.title, group: card.group });
  const blocks: KnownBlock[] = [header(ctx, title), section(resultsLines(card).map((l) => md(ctx, l)).join('\n'))];
  for (const q of card.questions) {
    blocks.push(section(`${md(ctx, text('survey.results.question', { question: q.question, mean: q.mean }))}\n\`\`\`\n${barLines(q.bars).join('\n')}\n\`\`\``));
  }
  if (card.comments.length > 0) {
    const lines = card.comments.slice(0, 30).map((c) => `• ${md(ctx, text('survey.results.comment', { comment: c.slice(0, 300) }))}`);
    blocks.push(section([md(ctx, text('survey.results.comments')), ...lines].join('\n')));
  }
  if (card.download !== null) blocks.push(downloadLine(ctx, card.download));
  return { text: md(ctx, title), blocks };
}

function templates(ctx: RenderContext, card: SurveyTemplatesCard): SlackMessage {
  const title = text('survey.catalog.title');
  const { lines, footer } = templateLines(card);
  return { text: md(ctx, title), blocks: [header(ctx, title), section(lines.map((l) => `• ${md(ctx, l)}`).join('\n')), context([md(ctx, footer)])] };
}

export const surveyBlockKit: Renderers<SurveyCards> = { 'survey.survey': survey, 'survey.results': results, 'survey.templates': templates };
