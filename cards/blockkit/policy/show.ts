// `policy show` for Slack: the keys by area, each with its value and where it comes from.
import type { KnownBlock } from '@slack/types';
import { text } from '../../../src/core/messages.js';
import type { PolicyCard } from '../../../src/features/policy/cards.js';
import type { RenderContext } from '../../text.js';
import { context, header, LIMITS, md, section } from '../kit.js';
import type { SlackMessage } from '../message.js';

export function policyMessage(ctx: RenderContext, card: PolicyCard): SlackMessage {
  const title = card.group === null ? text('policy.card.workspace') : text('policy.card.group', { group: card.group });
  const blocks: KnownBlock[] = [header(ctx, title)];
  const areas = new Map<string, string[]>();
  for (const row of card.rows) {
    const area = row.key.split('.')[0] as string;
    const line = md(ctx, text('policy.card.line', { key: row.key, value: row.value, source: text(`policy.source.${row.source}`), describe: row.describe }));
    areas.set(area, [...(areas.get(area) ?? []), line]);
  }
  for (const lines of areas.values()) {
    if (blocks.length >= LIMITS.blocks - 1) break;
    blocks.push(section(lines.join('\n')));
  }
  blocks.push(context([md(ctx, text(card.group === null ? 'policy.card.howDefault' : 'policy.card.howGroup'))]));
  return { text: md(ctx, title), blocks };
}
