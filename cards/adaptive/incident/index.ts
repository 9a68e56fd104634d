// The incidents feature's Adaptive Card renderers: the incident card (Universal
// Actions on every copy; authority is checked on each click), the review posted
// on resolve and the workspace's playbooks.
import { date, text } from '../../../src/core/messages.js';
import type { IncidentCard, IncidentReviewCard, IncidentsCard, PlaybooksCard } from '../../../src/features/incident/cards.js';
import { durationText, incidentFacts, incidentTitle, minutesText, stepText } from '../../lines/incident.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function incident(ctx: RenderContext, card: IncidentCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(incidentTitle(card), { weight: 'Bolder', size: 'Medium', color: card.status === 'open' ? 'Attention' : 'Good' })];
  for (const f of incidentFacts(card)) body.push(w.textBlock(f, { spacing: 'None' }));
  body.push(w.textBlock(text('incidents.card.steps'), { weight: 'Bolder', spacing: 'Medium' }));
  for (const s of card.steps) body.push(w.textBlock(text('incidents.card.bullet', { line: stepText(s) }), { spacing: 'None', ...(s.missed && s.done === null ? { color: 'Attention' } : {}) }));
  if (card.resolved !== null) {
    body.push(w.textBlock(text('incidents.card.resolved', { by: card.resolved.by ?? text('incidents.timeline.charter'), at: date(card.resolved.at) }), { weight: 'Bolder', spacing: 'Medium' }));
    body.push(w.textBlock(text('incidents.card.summary', { summary: card.resolved.summary })));
  }
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));
  return w.card(body, executeActions(w, card.actions));
}

function review(ctx: RenderContext, card: IncidentReviewCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [
    w.textBlock(text('incidents.review.title', { title: card.title }), { weight: 'Bolder', size: 'Medium' }),
    w.textBlock(text('incidents.review.summaryHeading'), { weight: 'Bolder' }),
    w.textBlock(text('incidents.review.summary', { summary: card.summary })),
    w.textBlock(text('incidents.review.level', { level: text(`incidents.levels.${card.level}`), group: card.group }), { spacing: 'Medium' }),
    w.textBlock(text('incidents.review.tta', { duration: card.secondsToAcknowledge === null ? text('incidents.review.never') : durationText(card.secondsToAcknowledge) }), { spacing: 'None' }),
    w.textBlock(text('incidents.review.ttr', { duration: durationText(card.secondsToResolve) }), { spacing: 'None' }),
    w.textBlock(card.missed.length === 0 ? text('incidents.review.noneMissed') : text('incidents.review.missed', { steps: card.missed }), { spacing: 'None' }),
    ...(card.stillLocked ? [w.textBlock(text('incidents.review.stillLocked'), { spacing: 'None', color: 'Attention' })] : []),
    w.textBlock(text('incidents.review.timelineHeading'), { weight: 'Bolder', spacing: 'Medium' }),
  ];
  for (const [i, e] of card.timeline.entries()) {
    if (i === 10 && card.omitted > 0) body.push(w.textBlock(text('incidents.review.omitted', { count: card.omitted }), { spacing: 'None', isSubtle: true }));
    body.push(w.textBlock(text('incidents.card.bullet', { line: text('incidents.review.line', { at: date(e.at), what: e.what }) }), { spacing: 'None' }));
  }
  return w.card(body, []);
}

function playbooks(ctx: RenderContext, card: PlaybooksCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('incidents.playbooks.title'), { weight: 'Bolder', size: 'Medium' })];
  for (const l of card.levels) {
    body.push(w.textBlock(text(l.custom ? 'incidents.playbooks.levelCustom' : 'incidents.playbooks.level', { level: text(`incidents.levels.${l.level}`) }), { weight: 'Bolder', spacing: 'Medium' }));
    for (const s of l.steps) body.push(w.textBlock(text('incidents.card.bullet', { line: text(s.automatic ? 'incidents.playbooks.stepAuto' : 'incidents.playbooks.step', { step: s.name, within: minutesText(s.minutes) }) }), { spacing: 'None' }));
  }
  body.push(w.textBlock(text('incidents.playbooks.hint'), { isSubtle: true, size: 'Small' }));
  return w.card(body, []);
}

export const incidentsAdaptive: Renderers<IncidentsCard> = { 'incidents.incident': incident, 'incidents.review': review, 'incidents.playbooks': playbooks };
