// The stewardship cards' lines, as neutral texts both platforms show alike.
import { date, text, type Text } from '../../src/core/messages.js';
import type { AdminsCard, InactiveCard, InactiveRow, ReviewEntry } from '../../src/features/stewardship/cards.js';

export function adminsLines(card: AdminsCard): Text[] {
  const lines: Text[] = [
    text('stewardship.admins.body', { group: card.group, type: text(`group.types.${card.type}`), count: card.admins.length, required: card.required }),
    card.admins.length > 0 ? text('stewardship.admins.current', { admins: card.admins }) : text('stewardship.admins.noAdmins'),
  ];
  if (card.fixedAt !== null) return [...lines, text('stewardship.admins.fixedLine', { at: date(card.fixedAt) })];
  lines.push(card.suggestions.length > 0 ? text('stewardship.admins.suggestions', { people: card.suggestions }) : text('stewardship.admins.noSuggestions'));
  lines.push(text('stewardship.admins.how'));
  return lines;
}

export function inactiveIntro(card: InactiveCard): Text {
  const key = { list: 'intro', removed: 'introRemoved', manual: 'introManual', 'team-wide': 'introTeamWide' }[card.mode];
  return text(`stewardship.inactive.${key}`, { group: card.group, days: card.days });
}

export function inactiveRow(card: InactiveCard, row: InactiveRow): Text[] {
  const line = row.lastActiveAt === null ? text('stewardship.inactive.rowNever', { person: row.person, since: date(row.since) }) : text('stewardship.inactive.row', { person: row.person, at: date(row.lastActiveAt) });
  if (row.state === 'listed') return [line];
  const state = row.state === 'removed' && row.by === null ? text('stewardship.inactive.state.removedAuto') : text(`stewardship.inactive.state.${row.state}`, row.by === null ? {} : { by: row.by });
  return card.mode === 'manual' || card.mode === 'team-wide' ? [line] : [line, state];
}

export function inactiveFooter(card: InactiveCard): Text[] {
  const lines: Text[] = [];
  if (card.more > 0) lines.push(text('stewardship.inactive.more', { count: card.more }));
  if (card.mode === 'list') lines.push(text('stewardship.inactive.how', { days: card.days }));
  return lines;
}

export function reviewRow(e: ReviewEntry): Text[] {
  const params = { group: e.group, role: text(`role.names.${e.role}`), admin: e.admin };
  const line = e.departed
    ? text('stewardship.review.rowDeparted', params)
    : e.lastActiveAt === null
      ? text('stewardship.review.rowNever', params)
      : text('stewardship.review.row', { ...params, at: date(e.lastActiveAt) });
  return [line, e.suggestions.length > 0 ? text('stewardship.review.suggest', { people: e.suggestions }) : text('stewardship.review.noSuggestions')];
}
