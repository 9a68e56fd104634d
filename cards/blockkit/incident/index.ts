// The incidents feature's Block Kit renderers: the incident card (buttons on every
// copy — members acknowledge in the group; authority is checked on each click),
// the review posted on resolve and the workspace's playbooks.
import type { KnownBlock } from '@slack/types';
import { date, text } from '../../../src/core/messages.js';
import type { IncidentCard, IncidentReviewCard, IncidentsCard, PlaybooksCard } from '../../../src/features/incident/cards.js';
import { durationText, incidentFacts, incidentHeader, incidentTitle, minutesText, stepText } from '../../lines/incident.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';






function incident(ctx: RenderContext, card: IncidentCard): SlackMessage {
  const title = incidentTitle(card);
  const blocks: KnownBlock[] = [
    header(ctx, incidentHeader(card)),
    section([md(ctx, text('incidents.card.what', { title: card.title })), ...incidentFacts(card).map((f) => md(ctx, f))].join('\n')),
    section([md(ctx, text('incidents.card.steps')), ...card.steps.map((s) => `• ${md(ctx, stepText(s))}`)].join('\n')),
  ];
  if (card.resolved !== null) {
    blocks.push(section(md(ctx, text('incidents.card.resolved', { by: card.resolved.by ?? text('incidents.timeline.charter'), at: date(card.resolved.at) })) + `\n${md(ctx, text('incidents.card.summary', { summary: card.resolved.summary }))}`));
  }
  if (card.actions.length > 0) blocks.push(buttons(ctx, `incident.${card.incidentId}`, card.actions));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, title), blocks };
}

function review(ctx: RenderContext, card: IncidentReviewCard): SlackMessage {
  const title = text('incidents.review.title', { title: card.title });
  const figures = [
    md(ctx, text('incidents.review.level', { level: text(`incidents.levels.${card.level}`), group: card.group })),
    md(ctx, text('incidents.review.tta', { duration: card.secondsToAcknowledge === null ? text('incidents.review.never') : durationText(card.secondsToAcknowledge) })),
    md(ctx, text('incidents.review.ttr', { duration: durationText(card.secondsToResolve) })),
    md(ctx, card.missed.length === 0 ? text('incidents.review.noneMissed') : text('incidents.review.missed', { steps: card.missed })),
  ];
  const timeline = card.timeline.map((e) => `• ${md(ctx, text('incidents.review.line', { at: date(e.at), what: e.what }))}`);
  if (card.omitted > 0) timeline.splice(10, 0, `• ${md(ctx, text('incidents.review.omitted', { count: card.omitted }))}`);
  if (card.stillLocked) figures.push(md(ctx, text('incidents.review.stillLocked')));
  const blocks: KnownBlock[] = [
    header(ctx, text('incidents.review.header', { level: text(`incidents.levels.${card.level}`) })),
    section(`${md(ctx, title)}\n${md(ctx, text('incidents.review.summaryHeading'))}\n${md(ctx, text('incidents.review.summary', { summary: card.summary }))}`),
    section(figures.join('\n')),
  ];
  // A section holds 3,000 characters: the timeline in as many as it needs (at most 5).
  let chunk: string[] = [md(ctx, text('incidents.review.timelineHeading'))];
  const chunks: string[] = [];
  for (const line of timeline) {
    if ([...chunk, line].join('\n').length > 2900) {
      chunks.push(chunk.join('\n'));
      chunk = [];
    }
    chunk.push(line);
  }
  chunks.push(chunk.join('\n'));
  for (const c of chunks.slice(0, 5)) blocks.push(section(c));
  return { text: md(ctx, title), blocks };
}


function playbooks(ctx: RenderContext, card: PlaybooksCard): SlackMessage {
  const title = text('incidents.playbooks.title');
  const lines = card.levels.map(
    (l) =>
      `${md(ctx, text(l.custom ? 'incidents.playbooks.levelCustom' : 'incidents.playbooks.level', { level: text(`incidents.levels.${l.level}`) }))}\n` +
      l.steps.map((s) => `• ${md(ctx, text(s.automatic ? 'incidents.playbooks.stepAuto' : 'incidents.playbooks.step', { step: s.name, within: minutesText(s.minutes) }))}`).join('\n'),
  );
  return { text: md(ctx, title), blocks: [header(ctx, title), ...lines.map((l) => section(l)), context([md(ctx, text('incidents.playbooks.hint'))])] };
}

export const incidentsBlockKit: Renderers<IncidentsCard> = { 'incidents.incident': incident, 'incidents.review': review, 'incidents.playbooks': playbooks };
