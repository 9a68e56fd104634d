// The survey feature's card lines as neutral texts (and the text bar chart), rendered
// by both platforms' renderers (cards/blockkit/survey, cards/adaptive/survey).
import { date, text, type Text } from '../../src/core/messages.js';
import type { SurveyCard, SurveyResultsCard, SurveyTemplatesCard } from '../../src/features/survey/cards.js';

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

/** One line per template, then how to start one (and, for super admins, how to add and remove). */
export function templateLines(card: SurveyTemplatesCard): { lines: Text[]; footer: Text } {
  const lines = card.templates.map((t) => text(t.builtIn ? 'survey.catalog.lineBuiltIn' : 'survey.catalog.line', { key: t.key, title: t.title, count: t.questions, scales: t.scales.join(', ') }));
  return { lines, footer: text(card.canManage ? 'survey.catalog.manage' : 'survey.catalog.howToStart') };
}
