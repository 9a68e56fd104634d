// GRP-1 `group info` for Slack.
import type { GroupInfoCard } from '../../../src/features/group/cards.js';
import { date, text, type Mention } from '../../../src/core/messages.js';
import type { RenderContext } from '../../text.js';
import { context, header, md, section } from '../kit.js';
import type { SlackMessage } from '../message.js';

function people(ctx: RenderContext, list: Mention[]): string {
  return list.length === 0 ? md(ctx, text('group.info.none')) : md(ctx, text('join.card.fieldValue', { value: list }));
}

export function groupInfoMessage(ctx: RenderContext, card: GroupInfoCard): SlackMessage {
  const g = card.group;
  const label = (key: string) => `*${md(ctx, text(key))}*`;
  const expires = g.expiresOn === null ? md(ctx, text('group.info.never')) : g.expiresOn;
  return {
    text: g.name,
    blocks: [
      header(ctx, text('join.card.fieldValue', { value: g.name })),
      section(`${label('group.info.purpose')}\n${md(ctx, text('join.card.fieldValue', { value: g.purpose }))}`, [
        `${label('group.info.type')}\n${md(ctx, text(`group.types.${g.type}`))}`,
        `${label('group.info.tier')}\n${md(ctx, text(`group.tiers.${g.tier}`))}`,
        `${label('group.info.expires')}\n${expires}`,
        `${label('group.info.owners')}\n${people(ctx, card.owners)}`,
        `${label('group.info.moderators')}\n${people(ctx, card.moderators)}`,
      ]),
      context([md(ctx, text('group.info.registered', { at: date(card.createdAt) }))]),
    ],
  };
}
