// The post feature's Block Kit renderers: a posted template message, the tag
// list (with buttons that open each tag's form in a group), scheduled posts.
import type { KnownBlock } from '@slack/types';
import { date, text, localized } from '../../../src/core/messages.js';
import type { PostCard, PostMessageCard, ScheduledListCard, TagListCard } from '../../../src/features/post/cards.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function tagName(card: PostMessageCard) {
  return text('post.message.tag', { name: localized(card.tag.names) });
}

function postMessage(ctx: RenderContext, card: PostMessageCard): SlackMessage {
  const title = md(ctx, tagName(card));
  const blocks: KnownBlock[] = [section(card.tag.urgent ? `🚨 *${title}*` : `*${title}*`)];
  for (const f of card.fields.slice(0, 40)) blocks.push(section(`*${md(ctx, text(f.label))}*\n${md(ctx, text('post.message.value', { value: f.value }))}`));
  blocks.push(context([md(ctx, text('post.message.by', { author: card.author }))]));
  return { text: `${title} ${md(ctx, text('post.message.by', { author: card.author }))}`, blocks };
}

function tagList(ctx: RenderContext, card: TagListCard): SlackMessage {
  const title = text(card.group === null ? 'post.tags.title' : 'post.tags.titleIn', { group: card.group ?? '' });
  const lines = card.tags.map((t) =>
    md(ctx, text('post.tags.line', { name: localized(t.names), class: text(`post.classes.${t.class}`), urgent: text(t.urgent ? 'post.tags.urgent' : 'post.tags.notUrgent') })),
  );
  const blocks: KnownBlock[] = [header(ctx, title), section(lines.join('\n'))];
  if (card.actions.length > 0) blocks.push(buttons(ctx, 'post.tags', card.actions.slice(0, 25)));
  blocks.push(context([md(ctx, text('post.tags.how'))]));
  return { text: md(ctx, title), blocks };
}

function scheduled(ctx: RenderContext, card: ScheduledListCard): SlackMessage {
  const title = text('post.scheduledTitle', { count: card.posts.length });
  const lines = card.posts.map((p) => md(ctx, text('post.scheduledLine', { group: p.group, tag: p.tag, at: date(p.sendAt) })));
  const blocks: KnownBlock[] = [header(ctx, title), section(lines.join('\n'))];
  if (card.actions.length > 0) blocks.push(buttons(ctx, 'post.scheduled', card.actions.slice(0, 25)));
  return { text: md(ctx, title), blocks };
}

export const postBlockKit: Renderers<PostCard> = { 'post.message': postMessage, 'post.tags': tagList, 'post.scheduled': scheduled };
