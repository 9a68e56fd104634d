// HR card lines both platforms show alike, as neutral texts.
import { text, type Text } from '../../src/core/messages.js';
import type { OffboardedCard } from '../../src/features/hr/cards.js';

export function offboardedLines(card: OffboardedCard): { title: Text; lines: Text[] } {
  const lines: Text[] = [];
  if (card.removed.length > 0) lines.push(text('hr.offboard.card.removed', { groups: card.removed.join(', ') }));
  if (card.toFix.length > 0) {
    lines.push(text('hr.offboard.card.toFix'));
    for (const f of card.toFix) lines.push(text('hr.offboard.card.fixLine', { group: f.group, why: f.why, person: card.person }));
  }
  return { title: text('hr.offboard.card.title', { person: card.person }), lines };
}
