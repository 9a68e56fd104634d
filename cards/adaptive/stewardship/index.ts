// The stewardship feature's Adaptive Card renderers: a group short of admins
// (ROLE-3), its inactive members with a Remove button each (LIFE-3), the role
// review (ROLE-5).
import { text } from '../../../src/core/messages.js';
import type { AdminsCard, InactiveCard, ReviewCard, StewardshipCard } from '../../../src/features/stewardship/cards.js';
import { adminsLines, inactiveFooter, inactiveIntro, inactiveRow, reviewRow } from '../../lines/stewardship.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function admins(ctx: RenderContext, card: AdminsCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('stewardship.admins.title', { group: card.group }), { weight: 'Bolder', size: 'Medium' })];
  for (const t of adminsLines(card)) body.push(w.textBlock(t));
  return w.card(body);
}

function inactive(ctx: RenderContext, card: InactiveCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('stewardship.inactive.title', { group: card.group }), { weight: 'Bolder', size: 'Medium' }), w.textBlock(inactiveIntro(card))];
  for (const row of card.rows) {
    const [line, state] = inactiveRow(card, row);
    if (line !== undefined) body.push(w.textBlock(line, { spacing: 'Medium' }));
    if (state !== undefined) body.push(w.textBlock(state, { isSubtle: true, size: 'Small', spacing: 'None' }));
    if (row.action !== null) body.push({ type: 'ActionSet', actions: executeActions(w, [row.action]) });
  }
  for (const t of inactiveFooter(card)) body.push(w.textBlock(t, { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));
  return w.card(body);
}

function review(ctx: RenderContext, card: ReviewCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('stewardship.review.title'), { weight: 'Bolder', size: 'Medium' })];
  if (card.entries.length === 0) {
    body.push(w.textBlock(text('stewardship.review.none', { groups: card.groups, days: card.days })));
    return w.card(body);
  }
  body.push(w.textBlock(text('stewardship.review.intro', { days: card.days })));
  for (const e of card.entries) {
    const [line, suggest] = reviewRow(e);
    if (line !== undefined) body.push(w.textBlock(line, { spacing: 'Medium' }));
    if (suggest !== undefined) body.push(w.textBlock(suggest, { isSubtle: true, size: 'Small', spacing: 'None' }));
  }
  if (card.more > 0) body.push(w.textBlock(text('stewardship.review.more', { count: card.more }), { isSubtle: true }));
  body.push(w.textBlock(text('stewardship.review.how'), { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  return w.card(body);
}

export const stewardshipAdaptive: Renderers<StewardshipCard> = { 'stewardship.admins': admins, 'stewardship.inactive': inactive, 'stewardship.review': review };
