// The HR feature's Adaptive Card renderers: a new employee's welcome pack; an
// offboarding, for a group's owner; the roster reconciliation (LIFE-4), for the super
// admins, with a Remove button per departed person.
import { text } from '../../../src/core/messages.js';
import type { OffboardedCard, HrCards, ReconcileCard, WelcomePackCard } from '../../../src/features/hr/cards.js';
import { offboardedLines, reconcileFooter, reconcileIntro, reconcileRow, welcomeLines } from '../../lines/hr.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

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

function reconcile(ctx: RenderContext, card: ReconcileCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('hr.reconcile.card.title'), { weight: 'Bolder', size: 'Medium' }), w.textBlock(reconcileIntro(card))];
  for (const row of card.rows) {
    body.push(w.textBlock(reconcileRow(row), { spacing: 'Medium' }));
    if (row.action !== null) body.push({ type: 'ActionSet', actions: executeActions(w, [row.action]) });
  }
  for (const t of reconcileFooter(card)) body.push(w.textBlock(t, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  return w.card(body);
}

export const hrAdaptive: Renderers<HrCards> = { 'hr.offboarded': offboarded, 'hr.welcome': welcomePack, 'hr.reconcile': reconcile };
