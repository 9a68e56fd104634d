// `policy show` for Teams: one fact per key, with its value and where it comes from.
import { text } from '../../../src/core/messages.js';
import type { PolicyCard } from '../../../src/features/policy/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, type AdaptiveCard, type Element } from '../kit.js';

export function policyCard(ctx: RenderContext, card: PolicyCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const title = card.group === null ? text('policy.card.workspace') : text('policy.card.group', { group: card.group });
  const body: Element[] = [w.textBlock(title, { weight: 'Bolder', size: 'Medium' })];
  for (const row of card.rows) {
    body.push(
      w.textBlock(text('policy.card.line', { key: row.key, value: row.value, source: text(`policy.source.${row.source}`), describe: row.describe }), { spacing: 'Small' }),
    );
  }
  body.push(w.textBlock(text(card.group === null ? 'policy.card.howDefault' : 'policy.card.howGroup'), { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  return w.card(body);
}
