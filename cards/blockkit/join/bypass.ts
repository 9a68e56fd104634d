// ADM-6 bypass card for Slack: who joined without an approved request, and
// Keep / Remove (with a reason) while flagged; the outcome once decided.
import type { KnownBlock } from '@slack/types';
import { date, text } from '../../../src/core/messages.js';
import type { BypassCard } from '../../../src/features/join/cards.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { SlackMessage } from '../message.js';

export function bypassMessage(ctx: RenderContext, card: BypassCard): SlackMessage {
  const { person, group } = card;
  const blocks: KnownBlock[] = [
    header(ctx, text('join.bypass.title', { group: group.name })),
    section(md(ctx, text('join.bypass.joined', { person: person.mention, group: group.name, at: date(card.detectedAt) }))),
    context([
      md(ctx, text('join.bypass.facts', {
        name: person.realName ?? person.displayName,
        title: person.title ?? text('join.card.unknown'),
        department: person.department ?? text('join.card.unknown'),
      })),
    ]),
  ];
  if (card.actions.length > 0) blocks.push(buttons(ctx, `join.bypass.${card.bypassId}`, card.actions));
  if (card.decision !== null) {
    const d = card.decision;
    const lines = [md(ctx, text(`join.bypass.status.${card.state}`, { by: d.by ?? text('join.card.system'), at: date(d.at) }))];
    if (d.reason !== null) lines.push(md(ctx, text('join.card.denialReason', { reason: d.reason })));
    blocks.push(section(lines.join('\n')));
  }
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, text('join.bypass.title', { group: group.name })), blocks };
}
