// The survey feature's Adaptive Card renderers: the survey with its questions as
// inputs on the card (Action.Execute submits them), the person's answer with
// "Change" after answering, and the results with the distribution as text bars.
import { text } from '../../../src/core/messages.js';
import type { SurveyCard, SurveyCards, SurveyResultsCard, SurveyTemplatesCard } from '../../../src/features/survey/cards.js';
import { barLines, resultsLines, surveyLines, templateLines } from '../../lines/survey.js';
import type { RenderContext } from '../../text.js';
import { formCard } from '../form.js';
import { CardWriter, downloadParts, executeActions, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function survey(ctx: RenderContext, card: SurveyCard): AdaptiveCard {
  if (card.form !== null && card.state !== 'closed') {
    // The questions on the card itself, submitted with Action.Execute.
    const form = formCard(ctx, card.form, 'card');
    const w = new CardWriter(ctx);
    const head: Element[] = surveyLines(card).map((l) => w.textBlock(l, { isSubtle: true, size: 'Small', spacing: 'None' }));
    const extra: Element[] = card.notice !== null ? [w.textBlock(card.notice, { color: 'Accent' })] : [];
    return { ...form, body: [...(form.body.slice(0, 1) as Element[]), ...head, ...(form.body.slice(1) as Element[]), ...extra] };
  }
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(card.title, { weight: 'Bolder', size: 'Medium' }), ...surveyLines(card).map((l) => w.textBlock(l, { spacing: 'None' }))];
  if (card.mine.length > 0) {
    body.push(w.textBlock(text('survey.card.yourAnswer'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const m of card.mine) body.push(w.textBlock(text('survey.card.mineLine', { question: m.question, value: m.value }), { spacing: 'None' }));
  }
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));
  return w.card(body, executeActions(w, card.actions));
}

function results(ctx: RenderContext, card: SurveyResultsCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [
    w.textBlock(text(card.closed ? 'survey.results.title' : 'survey.results.titleLive', { template: card.title, group: card.group }), { weight: 'Bolder', size: 'Medium' }),
    ...resultsLines(card).map((l) => w.textBlock(l, { spacing: 'None' })),
  ];
  for (const q of card.questions) {
    body.push(w.textBlock(text('survey.results.question', { question: q.question, mean: q.mean }), { weight: 'Bolder', spacing: 'Medium' }));
    for (const line of barLines(q.bars)) body.push({ type: 'TextBlock', text: line, fontType: 'Monospace', wrap: false, spacing: 'None' });
  }
  if (card.comments.length > 0) {
    body.push(w.textBlock(text('survey.results.comments'), { weight: 'Bolder', spacing: 'Medium' }));
    for (const c of card.comments.slice(0, 30)) body.push(w.textBlock(text('survey.results.comment', { comment: c.slice(0, 300) }), { spacing: 'None' }));
  }
  const download = downloadParts(w, card.download);
  return w.card([...body, ...download.body], download.actions);
}

function templates(ctx: RenderContext, card: SurveyTemplatesCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const { lines, footer } = templateLines(card);
  return w.card([w.textBlock(text('survey.catalog.title'), { weight: 'Bolder', size: 'Medium' }), ...lines.map((l) => w.textBlock(l, { spacing: 'None' })), w.textBlock(footer, { isSubtle: true, spacing: 'Medium' })], []);
}

export const surveyAdaptive: Renderers<SurveyCards> = { 'survey.survey': survey, 'survey.results': results, 'survey.templates': templates };
