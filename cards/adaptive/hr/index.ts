// The HR feature's Adaptive Card renderers: a new employee's welcome pack, and an offboarding for a group's owner.
import type { OffboardedCard, HrCards, WelcomePackCard } from '../../../src/features/hr/cards.js';
import { offboardedLines, welcomeLines } from '../../lines/hr.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, type AdaptiveCard, type Renderers } from '../kit.js';

function offboarded(ctx: RenderContext, card: OffboardedCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const { title, lines } = offboardedLines(card);
  return w.card([w.textBlock(title, { weight: 'Bolder', size: 'Medium' }), ...lines.map((l) => w.textBlock(l, { spacing: 'Small' }))], []);
}

function welcomePack(ctx: RenderContext, card: WelcomePackCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const { title, intro, groups, more, outro } = welcomeLines(card);
  return w.card(
    [
      w.textBlock(title, { weight: 'Bolder', size: 'Medium' }),
      w.textBlock(intro, { spacing: 'Small' }),
      ...groups.flatMap((lines) => lines.map((l, i) => w.textBlock(l, { spacing: i === 0 ? 'Medium' : 'None' }))),
      ...(more !== null ? [w.textBlock(more, { spacing: 'Medium' })] : []),
      w.textBlock(outro, { spacing: 'Medium', isSubtle: true }),
    ],
    [],
  );
}

export const hrAdaptive: Renderers<HrCards> = { 'hr.offboarded': offboarded, 'hr.welcome': welcomePack };
