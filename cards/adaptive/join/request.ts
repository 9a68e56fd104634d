// ADM-1/ADM-2 approval card for Teams. Universal Actions: approvers listed in
// refresh.userIds get the live card with buttons; the deny reason is an input on
// the card, with the server's validation message shown beside it. A copy posted
// into the group (shared) carries no buttons itself: everyone there sees the
// status, and only the approvers' refreshed view has the buttons.
import { date, text, type Param } from '../../../src/core/messages.js';
import type { JoinRequestCard } from '../../../src/features/join/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, refreshFor, type AdaptiveCard, type Element } from '../kit.js';

export function joinRequestCard(ctx: RenderContext, card: JoinRequestCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const { requester, group } = card;
  const fact = (labelKey: string, value: Param | null) => ({
    title: w.md(text(labelKey)),
    value: value === null ? w.md(text('join.card.unknown')) : w.md(text('join.card.fieldValue', { value })),
  });
  const body: Element[] = [
    w.textBlock(text('join.card.title', { group: group.name }), { weight: 'Bolder', size: 'Medium' }),
    w.textBlock(text('join.card.asks', { requester: requester.mention, group: group.name })),
    {
      type: 'FactSet',
      facts: [
        fact('join.card.realName', requester.realName ?? requester.displayName),
        fact('join.card.jobTitle', requester.title),
        fact('join.card.department', requester.department),
        fact('join.card.employment', text(`join.card.employmentStatus.${requester.employment}`)),
        fact('join.card.account', text(`join.card.accountKind.${requester.isExternal ? 'external' : 'internal'}`)),
        fact('join.card.requested', date(card.requestedAt)),
      ],
    },
    w.textBlock(text('join.card.reason'), { weight: 'Bolder', spacing: 'Medium' }),
    w.plainBlock(card.reason),
    w.textBlock(text('join.card.groupLine', { type: text(`group.types.${group.type}`), tier: text(`group.tiers.${group.tier}`), purpose: group.purpose }), {
      isSubtle: true,
      size: 'Small',
    }),
  ];

  const actions = card.shared ? [] : card.actions;
  if (actions.some((a) => a.inputs?.includes('reason') === true)) {
    body.push({
      type: 'Input.Text',
      id: 'reason',
      label: w.md(text('join.card.denyReason')),
      isMultiline: true,
      maxLength: 500,
      isRequired: true,
      errorMessage: w.md(text('join.denyForm.required')),
    });
    if (card.reasonError !== null) body.push(w.textBlock(card.reasonError, { color: 'Attention', spacing: 'None' }));
  }

  if (card.firstApproval !== null && card.state === 'pending') {
    body.push(w.textBlock(text('join.card.waitingForOwner', { by: card.firstApproval.by, at: date(card.firstApproval.at) }), { weight: 'Bolder', spacing: 'Medium' }));
  }
  if (card.decision !== null) {
    const d = card.decision;
    body.push(w.textBlock(text(`join.card.status.${card.state}`, { by: d.by ?? text('join.card.system'), at: date(d.at) }), { weight: 'Bolder', spacing: 'Medium' }));
    if (d.reason !== null) body.push(w.plainBlock(w.md(text('join.card.denialReason', { reason: d.reason }))));
    if (card.state === 'approved' && d.fulfilment !== null) body.push(w.textBlock(text(`join.card.fulfilment.${d.fulfilment}`)));
  } else if (actions.length === 0) {
    body.push(w.textBlock(text('join.card.status.pending'), { isSubtle: true }));
  }
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));

  return w.card(body, executeActions(w, actions), refreshFor('join.refresh', { requestId: card.requestId }, card.approvers));
}
