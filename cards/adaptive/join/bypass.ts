// ADM-6 bypass card for Teams: who joined without an approved request; Keep and
// Remove (the reason is an input on the card) for the group's approvers.
import { date, text } from '../../../src/core/messages.js';
import type { BypassCard } from '../../../src/features/join/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, refreshFor, type AdaptiveCard, type Element } from '../kit.js';

export function bypassCard(ctx: RenderContext, card: BypassCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const { person, group } = card;
  const body: Element[] = [
    w.textBlock(text('join.bypass.title', { group: group.name }), { weight: 'Bolder', size: 'Medium' }),
    w.textBlock(text('join.bypass.joined', { person: person.mention, group: group.name, at: date(card.detectedAt) })),
    w.textBlock(
      text('join.bypass.facts', {
        name: person.realName ?? person.displayName,
        title: person.title ?? text('join.card.unknown'),
        department: person.department ?? text('join.card.unknown'),
      }),
      { isSubtle: true, size: 'Small' },
    ),
  ];
  const actions = card.shared ? [] : card.actions;
  if (actions.some((a) => a.inputs?.includes('reason') === true)) {
    body.push({ type: 'Input.Text', id: 'reason', label: w.md(text('join.bypass.removeForm.reason')), isMultiline: true, maxLength: 500 });
    if (card.reasonError !== null) body.push(w.textBlock(card.reasonError, { color: 'Attention', spacing: 'None' }));
  }
  if (card.decision !== null) {
    const d = card.decision;
    body.push(w.textBlock(text(`join.bypass.status.${card.state}`, { by: d.by ?? text('join.card.system'), at: date(d.at) }), { weight: 'Bolder', spacing: 'Medium' }));
    if (d.reason !== null) body.push(w.plainBlock(w.md(text('join.card.denialReason', { reason: d.reason }))));
  }
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));
  return w.card(body, executeActions(w, actions), refreshFor('join.review', { bypassId: card.bypassId }, card.approvers));
}
