// The rules feature's Block Kit renderer: the private reminder (an ephemeral
// message in the group), with buttons that open the right form.
import type { KnownBlock } from '@slack/types';
import { text } from '../../../src/core/messages.js';
import type { ReminderCard, RulesCard } from '../../../src/features/rules/cards.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function reminder(ctx: RenderContext, card: ReminderCard): SlackMessage {
  const title = md(ctx, text('rules.reminderTitle', { group: card.group }));
  const reasons = card.reasons.map((r) => `• ${md(ctx, r)}`).join('\n');
  const blocks: KnownBlock[] = [section(`*${title}*\n${reasons}`), context([md(ctx, text(`rules.outcome.${card.outcome}`))])];
  if (card.actions.length > 0) blocks.push(buttons(ctx, 'rules.reminder', card.actions.slice(0, 10)));
  return { text: title, blocks };
}

export const rulesBlockKit: Renderers<RulesCard> = { 'rules.reminder': reminder };
