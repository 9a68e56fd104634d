// The incidents feature's Block Kit renderers: the incident card (buttons on every
// copy — members acknowledge in the group; authority is checked on each click),
// the review posted on resolve and the workspace's playbooks.
import type { KnownBlock } from '@slack/types';
import { date, text, type Text } from '../../../src/core/messages.js';
import type { IncidentCard, IncidentReviewCard, IncidentsCard, IncidentStepLine, PlaybooksCard } from '../../../src/features/incident/cards.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

/** One step as a line: its state, name and deadline, and who did it. */
export function stepText(s: IncidentStepLine): Text {
  const due = s.atOnce ? text('incidents.card.atOnce') : text('incidents.card.due', { at: date(s.dueAt) });
  if (s.done !== null) return text(s.done.by === null ? 'incidents.card.stepDoneByCharter' : 'incidents.card.stepDoneBy', { step: s.name, by: s.done.by ?? '', at: date(s.done.at), due });
  if (s.auto === 'failed' || s.auto === 'unsupported') return text(`incidents.card.stepAuto.${s.auto}`, { step: s.name, due });
  return text(s.missed ? 'incidents.card.stepMissed' : 'incidents.card.stepOpen', { step: s.name, due });
}

export function durationText(seconds: number): Text {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return h > 0 ? text('incidents.durationHours', { h, m }) : text('incidents.duration', { m, s });
}

export function incidentTitle(card: Pick<IncidentCard, 'level' | 'title' | 'status'>): Text {
  return text(card.status === 'open' ? 'incidents.card.title' : 'incidents.card.titleResolved', { level: text(`incidents.levels.${card.level}`), title: card.title });
}

export function incidentFacts(card: IncidentCard): Text[] {
  const facts: Text[] = [text('incidents.card.where', { group: card.group, by: card.declaredBy, at: date(card.declaredAt) }), text('incidents.card.commander', { commander: card.commander })];
  facts.push(card.acknowledged === null ? text('incidents.card.notAcknowledged') : text('incidents.card.acknowledged', { by: card.acknowledged.by, at: date(card.acknowledged.at) }));
  if (card.locked) facts.push(text('incidents.card.locked'));
  if (card.escalations > 0) facts.push(text('incidents.card.escalations', { count: card.escalations }));
  return facts;
}

/** The header names the level only: a header is plain text, where user text is not escaped. */
export function incidentHeader(card: Pick<IncidentCard, 'level' | 'status'>): Text {
  return text(card.status === 'open' ? 'incidents.card.header' : 'incidents.card.headerResolved', { level: text(`incidents.levels.${card.level}`) });
}

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

export function minutesText(minutes: number): Text {
  if (minutes === 0) return text('incidents.card.atOnce');
  return minutes % 60 === 0 ? text('incidents.playbooks.hours', { h: minutes / 60 }) : text('incidents.playbooks.minutes', { m: minutes });
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
