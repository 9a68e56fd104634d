// GRP-2 request, GRP-3 expiry and LIFE-5 quiet-group cards for Teams. Universal
// Actions: the deciders listed in refresh.userIds get their own view, with the
// buttons only when they may act.
import type { LifecycleBody } from '../../../src/features/group/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, refreshFor, type AdaptiveCard, type Element } from '../kit.js';

export function lifecycleCard(ctx: RenderContext, card: LifecycleBody): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(card.title, { weight: 'Bolder', size: 'Medium' }), ...card.lines.map((l) => w.textBlock(l))];
  if (card.facts.length > 0) body.push({ type: 'FactSet', facts: card.facts.map((f) => ({ title: w.md(f.label), value: w.md(f.value) })) });
  for (const warning of card.warnings) body.push(w.textBlock(warning, { color: 'Warning', spacing: 'Small' }));
  if (card.status !== null) body.push(w.textBlock(card.status, { weight: 'Bolder', spacing: 'Medium' }));
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));
  return w.card(body, executeActions(w, card.actions), refreshFor(card.refresh.verb, card.refresh.payload, card.deciders));
}
