// The rules feature's Adaptive Card renderer: the private reminder (a 1:1 message
// on Teams), with buttons that open the right form as a dialog.
import { text } from '../../../src/core/messages.js';
import type { ReminderCard, RulesCard } from '../../../src/features/rules/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function reminder(ctx: RenderContext, card: ReminderCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('rules.reminderTitle', { group: card.group }), { weight: 'Bolder' })];
  for (const r of card.reasons) body.push(w.textBlock(text('rules.reasonLine', { reason: r }), { spacing: 'Small' }));
  body.push(w.textBlock(text(`rules.outcome.${card.outcome}`), { isSubtle: true, spacing: 'Medium' }));
  return w.card(body, executeActions(w, card.actions.slice(0, 15)));
}

export const rulesAdaptive: Renderers<RulesCard> = { 'rules.reminder': reminder };
