// HR card lines both platforms show alike, as neutral texts.
import { text, type Text } from '../../src/core/messages.js';
import type { OffboardedCard, ReconcileCard, ReconcileRow } from '../../src/features/hr/cards.js';

export function offboardedLines(card: OffboardedCard): { title: Text; lines: Text[] } {
  const lines: Text[] = [];
  if (card.removed.length > 0) lines.push(text('hr.offboard.card.removed', { groups: card.removed.join(', ') }));
  if (card.toFix.length > 0) {
    lines.push(text('hr.offboard.card.toFix'));
    for (const f of card.toFix) lines.push(text('hr.offboard.card.fixLine', { group: f.group, why: f.why, person: card.person }));
  }
  return { title: text('hr.offboard.card.title', { person: card.person }), lines };
}

export function reconcileIntro(card: ReconcileCard): Text {
  return card.rows.length === 0 ? text('hr.reconcile.card.none', { groups: card.groups }) : text('hr.reconcile.card.intro', { groups: card.groups, departed: card.departed, unknown: card.unknown, moved: card.moved });
}

export function reconcileRow(row: ReconcileRow): Text {
  if (row.kind === 'moved') return text('hr.reconcile.card.moved', { person: row.person, group: row.group, from: row.from ?? text('hr.reconcile.card.noDepartment'), to: row.to ?? text('hr.reconcile.card.noDepartment') });
  return text(`hr.reconcile.card.${row.kind}`, { person: row.person, group: row.group });
}

export function reconcileFooter(card: ReconcileCard): Text[] {
  const lines: Text[] = [];
  if (card.more > 0) lines.push(text('hr.reconcile.card.more', { count: card.more }));
  if (card.unlisted.length > 0) lines.push(text('hr.reconcile.card.unlisted', { groups: card.unlisted.join(', ') }));
  return lines;
}
