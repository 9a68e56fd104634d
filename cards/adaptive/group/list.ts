// GRP-1 `group list` for Teams.
import type { GroupListCard } from '../../../src/features/group/cards.js';
import { text } from '../../../src/core/messages.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, type AdaptiveCard, type Element } from '../kit.js';

export function groupListCard(ctx: RenderContext, card: GroupListCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('group.list.title', { count: card.total }), { weight: 'Bolder', size: 'Medium' })];
  for (const g of card.groups) {
    body.push(w.textBlock(text('group.list.line', { name: g.name, type: text(`group.types.${g.type}`), purpose: g.purpose }), { spacing: 'Small' }));
  }
  if (card.total > card.groups.length) {
    body.push(w.textBlock(text('group.list.more', { count: card.total - card.groups.length }), { isSubtle: true }));
  }
  return w.card(body);
}
