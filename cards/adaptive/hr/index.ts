// The HR feature's Adaptive Card renderer: an offboarding, for a group's owner.
import type { OffboardedCard, HrCards } from '../../../src/features/hr/cards.js';
import { offboardedLines } from '../../lines/hr.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, type AdaptiveCard, type Renderers } from '../kit.js';

function offboarded(ctx: RenderContext, card: OffboardedCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const { title, lines } = offboardedLines(card);
  return w.card([w.textBlock(title, { weight: 'Bolder', size: 'Medium' }), ...lines.map((l) => w.textBlock(l, { spacing: 'Small' }))], []);
}

export const hrAdaptive: Renderers<HrCards> = { 'hr.offboarded': offboarded };
