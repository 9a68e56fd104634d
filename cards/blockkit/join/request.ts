// ADM-1/ADM-2 approval card for Slack: who asks, why, and Approve/Deny while
// pending; the decision (and whether the member was added) once decided.
import type { KnownBlock } from '@slack/types';
import { date, text, type Param } from '../../../src/core/messages.js';
import type { JoinRequestCard } from '../../../src/features/join/cards.js';
import { clip, type RenderContext } from '../../text.js';
import { buttons, context, header, LIMITS, md, section } from '../kit.js';
import type { SlackMessage } from '../message.js';
import { escapeMrkdwn } from '../style.js';

function field(ctx: RenderContext, labelKey: string, value: Param | null): string {
  const shown = value === null ? md(ctx, text('join.card.unknown')) : md(ctx, text('join.card.fieldValue', { value }));
  return `*${md(ctx, text(labelKey))}*\n${shown}`;
}

export function joinRequestMessage(ctx: RenderContext, card: JoinRequestCard): SlackMessage {
  const { requester, group } = card;
  const blocks: KnownBlock[] = [
    header(ctx, text('join.card.title', { group: group.name })),
    section(md(ctx, text('join.card.asks', { requester: requester.mention, group: group.name })), [
      field(ctx, 'join.card.realName', requester.realName ?? requester.displayName),
      field(ctx, 'join.card.jobTitle', requester.title),
      field(ctx, 'join.card.department', requester.department),
      field(ctx, 'join.card.employment', text(`join.card.employmentStatus.${requester.employment}`)),
      field(ctx, 'join.card.account', text(`join.card.accountKind.${requester.isExternal ? 'external' : 'internal'}`)),
      field(ctx, 'join.card.requested', date(card.requestedAt)),
    ]),
    section(`*${md(ctx, text('join.card.reason'))}*\n${escapeMrkdwn(clip(card.reason, LIMITS.sectionText - 200))}`),
    context([md(ctx, text('join.card.groupLine', { type: text(`group.types.${group.type}`), tier: text(`group.tiers.${group.tier}`), purpose: group.purpose }))]),
  ];

  if (card.firstApproval !== null && card.state === 'pending') {
    blocks.push(section(md(ctx, text('join.card.waitingForOwner', { by: card.firstApproval.by, at: date(card.firstApproval.at) }))));
  }
  if (card.actions.length > 0) {
    // Slack shows one message to everyone: in a channel the buttons are there for all, and every click is checked.
    blocks.push(buttons(ctx, `join.actions.${card.requestId}`, card.actions));
  } else if (card.decision !== null) {
    const d = card.decision;
    const lines = [md(ctx, text(`join.card.status.${card.state}`, { by: d.by ?? text('join.card.system'), at: date(d.at) }))];
    if (d.reason !== null) lines.push(md(ctx, text('join.card.denialReason', { reason: d.reason })));
    if (card.state === 'approved' && d.fulfilment !== null) lines.push(md(ctx, text(`join.card.fulfilment.${d.fulfilment}`)));
    blocks.push(section(lines.join('\n')));
  }
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));

  return { text: md(ctx, text('join.card.title', { group: group.name })), blocks };
}
