// HR card lines both platforms show alike, as neutral texts.
import { text, type Text } from '../../src/core/messages.js';
import { clip } from '../text.js';
import type { OffboardedCard, ReconcileCard, ReconcileRow, WelcomePackCard } from '../../src/features/hr/cards.js';

export function offboardedLines(card: OffboardedCard): { title: Text; lines: Text[] } {
  const lines: Text[] = [];
  if (card.removed.length > 0) lines.push(text('hr.offboard.card.removed', { groups: card.removed.join(', ') }));
  if (card.toFix.length > 0) {
    lines.push(text('hr.offboard.card.toFix'));
    for (const f of card.toFix) lines.push(text('hr.offboard.card.fixLine', { group: f.group, why: f.why, person: card.person }));
  }
  return { title: text('hr.offboard.card.title', { person: card.person }), lines };
}

/** Groups a pack shows (Slack's 50 blocks, Teams' 28 KB); more are counted. */
export const WELCOME_MAX_GROUPS = 15;
const PURPOSE_MAX = 300;

/** LIFE-1: the welcome pack, one block of lines per group (at most WELCOME_MAX_GROUPS; `more` counts the rest). */
export function welcomeLines(card: WelcomePackCard): { title: Text; intro: Text; groups: Text[][]; more: Text | null; outro: Text } {
  const groups = card.groups.slice(0, WELCOME_MAX_GROUPS).map((g) => {
    const lines = [text('hr.welcome.card.group', { group: clip(g.name, 80), purpose: clip(g.purpose.replace(/\s+/gu, ' '), PURPOSE_MAX) }), text(`hr.welcome.card.${g.state === 'added' ? 'added' : 'ownerAsked'}`)];
    if (g.owners.length > 0) lines.push(text('hr.welcome.card.owners', { owners: g.owners.slice(0, 5) }));
    return lines;
  });
  const hidden = card.groups.length - groups.length;
  return {
    title: text('hr.welcome.card.title', { person: clip(card.person, 80) }),
    intro: text('hr.welcome.card.intro', { count: card.groups.length }),
    groups,
    more: hidden > 0 ? text('hr.welcome.card.more', { count: hidden }) : null,
    outro: text('hr.welcome.card.outro'),
  };
}

export function reconcileIntro(card: ReconcileCard): Text {
  return card.rows.length === 0 ? text('hr.reconcile.card.none', { groups: card.groups }) : text('hr.reconcile.card.intro', { groups: card.groups, departed: card.departed, unknown: card.unknown, moved: card.moved });
}

export function reconcileRow(row: ReconcileRow): Text {
  if (row.done !== null) return text(row.done.state === 'removed' ? 'hr.reconcile.card.removedBy' : 'hr.reconcile.card.goneBy', { person: row.person, group: row.group, by: row.done.by ?? '—' });
  if (row.kind === 'moved') return text('hr.reconcile.card.moved', { person: row.person, group: row.group, from: row.from ?? text('hr.reconcile.card.noDepartment'), to: row.to ?? text('hr.reconcile.card.noDepartment') });
  return text(`hr.reconcile.card.${row.kind}`, { person: row.person, group: row.group });
}

export function reconcileFooter(card: ReconcileCard): Text[] {
  const lines: Text[] = [];
  if (card.more > 0) lines.push(text('hr.reconcile.card.more', { count: card.more }));
  if (card.unlisted.length > 0) lines.push(text('hr.reconcile.card.unlisted', { groups: card.unlisted.join(', ') }));
  return lines;
}
