// The post feature's Adaptive Card renderers.
import { date, text, localized } from '../../../src/core/messages.js';
import type { PostCard, PostMessageCard, ScheduledListCard, TagListCard } from '../../../src/features/post/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function postMessage(ctx: RenderContext, card: PostMessageCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [
    w.textBlock(text('post.message.tag', { name: localized(card.tag.names) }), { weight: 'Bolder', size: 'Medium', ...(card.tag.urgent ? { color: 'Attention' } : {}) }),
  ];
  for (const f of card.fields) {
    body.push(w.textBlock(text(f.label), { weight: 'Bolder', spacing: 'Small' }));
    body.push(typeof f.value === 'string' ? w.plainBlock(f.value, { spacing: 'None' }) : w.textBlock(text('post.message.value', { value: f.value }), { spacing: 'None' }));
  }
  body.push(w.textBlock(text('post.message.by', { author: card.author }), { isSubtle: true, size: 'Small', spacing: 'Medium' }));
  return w.card(body);
}

function tagList(ctx: RenderContext, card: TagListCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text(card.group === null ? 'post.tags.title' : 'post.tags.titleIn', { group: card.group ?? '' }), { weight: 'Bolder', size: 'Medium' })];
  for (const t of card.tags) {
    body.push(w.textBlock(text('post.tags.line', { name: localized(t.names), class: text(`post.classes.${t.class}`), urgent: text(t.urgent ? 'post.tags.urgent' : 'post.tags.notUrgent') }), { spacing: 'Small' }));
  }
  body.push(w.textBlock(text('post.tags.how'), { isSubtle: true, size: 'Small' }));
  return w.card(body, executeActions(w, card.actions.slice(0, 15)));
}

function scheduled(ctx: RenderContext, card: ScheduledListCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('post.scheduledTitle', { count: card.posts.length }), { weight: 'Bolder', size: 'Medium' })];
  for (const p of card.posts) body.push(w.textBlock(text('post.scheduledLine', { group: p.group, tag: p.tag, at: date(p.sendAt) }), { spacing: 'Small' }));
  return w.card(body, executeActions(w, card.actions.slice(0, 15)));
}

export const postAdaptive: Renderers<PostCard> = { 'post.message': postMessage, 'post.tags': tagList, 'post.scheduled': scheduled };
