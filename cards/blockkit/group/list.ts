// GRP-1 `group list` for Slack: one section per group, within the 50-block limit.
import type { KnownBlock } from '@slack/types';
import type { GroupListCard } from '../../../src/features/group/cards.js';
import { text } from '../../../src/core/messages.js';
import type { RenderContext } from '../../text.js';
import { context, header, LIMITS, md, section } from '../kit.js';
import type { SlackMessage } from '../message.js';

export function groupListMessage(ctx: RenderContext, card: GroupListCard): SlackMessage {
  const room = LIMITS.blocks - 2;
  const shown = card.groups.slice(0, room);
  const blocks: KnownBlock[] = [header(ctx, text('group.list.title', { count: card.total }))];
  for (const g of shown) {
    blocks.push(section(md(ctx, text('group.list.line', { name: g.name, type: text(`group.types.${g.type}`), purpose: g.purpose }))));
  }
  if (card.total > shown.length) blocks.push(context([md(ctx, text('group.list.more', { count: card.total - shown.length }))]));
  return { text: md(ctx, text('group.list.title', { count: card.total })), blocks };
}
