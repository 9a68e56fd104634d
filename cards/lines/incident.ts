// The incident feature's card lines as neutral texts, rendered by both platforms'
// renderers (cards/blockkit/incident, cards/adaptive/incident).
import { date, text, type Text } from '../../src/core/messages.js';
import type { IncidentCard, IncidentStepLine } from '../../src/features/incident/cards.js';

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

export function minutesText(minutes: number): Text {
  if (minutes === 0) return text('incidents.card.atOnce');
  return minutes % 60 === 0 ? text('incidents.playbooks.hours', { h: minutes / 60 }) : text('incidents.playbooks.minutes', { m: minutes });
}
