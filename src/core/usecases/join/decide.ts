// ADM-2: one decision per request. Whoever clicks is checked against the group's
// current roles; the first decision wins through a conditional update, so a double
// click, a second approver or a replayed payload changes nothing and is told who
// decided. Deny needs a reason.
import { ACTIONS, FORMS } from '../../actions.js';
import type { FormModel } from '../../cards.js';
import { date, text, type Text } from '../../messages.js';
import type { Actor } from '../../model.js';
import { can } from '../../permissions.js';
import type { CoreDeps } from '../../ports.js';
import type { ActionResult } from '../../replies.js';
import { LIMITS } from '../../commands/parse.js';
import { holdersOf } from '../actor.js';
import { byActor } from '../audit.js';
import { mentionOf } from '../summaries.js';
import { joinCard, loadJoinContext, type JoinContext } from './context.js';
import { fulfilJoin } from './fulfil.js';

export interface JoinActionInput {
  action: typeof ACTIONS.joinApprove | typeof ACTIONS.joinDeny;
  requestId: string;
  /** null when the click carried no reason field; '' when it was submitted blank. */
  reason: string | null;
}

const unknown: ActionResult = { kind: 'notice', notice: text('join.unknownRequest') };

async function mayDecide(deps: CoreDeps, actor: Actor, ctx: JoinContext): Promise<boolean> {
  if (ctx.requester.id === actor.person.id) return false;
  return can(await holdersOf(deps, actor, ctx.group), 'join.decide');
}

function decidedNotice(ctx: JoinContext): Text {
  const by = ctx.decider === null ? text('join.card.system') : mentionOf(ctx.decider);
  return text(`join.alreadyDecided.${ctx.request.state}`, { by, at: date(ctx.request.decidedAt ?? ctx.request.createdAt) });
}

export function denyForm(ctx: JoinContext, value: string | null, error: Text | null): FormModel {
  return {
    formId: FORMS.joinDenyReason,
    subjectId: ctx.request.id,
    title: text('join.denyForm.title'),
    intro: text('join.denyForm.intro', { requester: mentionOf(ctx.requester), group: ctx.group.name }),
    submit: text('join.denyForm.submit'),
    fields: [
      {
        id: 'reason',
        label: text('join.denyForm.reason'),
        placeholder: text('join.denyForm.placeholder'),
        multiline: true,
        required: true,
        maxLength: LIMITS.reason,
        ...(value !== null ? { value } : {}),
        ...(error !== null ? { error } : {}),
      },
    ],
  };
}

export async function decideJoin(deps: CoreDeps, actor: Actor, input: JoinActionInput): Promise<ActionResult> {
  const ctx = await loadJoinContext(deps, input.requestId);
  if (ctx === null || ctx.workspace.id !== actor.workspace.id) return unknown;

  if (!(await mayDecide(deps, actor, ctx))) {
    await deps.store.audit.append(
      byActor(actor, input.action, {
        targetType: 'join_request',
        targetId: ctx.request.id,
        groupId: ctx.group.id,
        outcome: 'refused',
        details: { why: ctx.requester.id === actor.person.id ? 'own-request' : 'no-authority' },
      }),
      deps.clock.now(),
    );
    return { kind: 'notice', notice: text(ctx.requester.id === actor.person.id ? 'join.ownRequest' : 'join.notAllowed') };
  }

  if (ctx.request.state !== 'pending') {
    const notice = decidedNotice(ctx);
    return { kind: 'card', card: joinCard(ctx, { notice }), notice };
  }

  const deny = input.action === ACTIONS.joinDeny;
  const reason = input.reason?.trim() ?? null;
  if (deny && (reason === null || reason === '' || reason.length > LIMITS.reason)) {
    const error =
      reason === null ? null : text(reason === '' ? 'join.denyForm.required' : 'join.denyForm.tooLong', { max: LIMITS.reason });
    return { kind: 'form', form: denyForm(ctx, input.reason, error), card: joinCard(ctx, { reasonError: error }) };
  }

  const now = deps.clock.now();
  const decided = await deps.store.transaction(async (tx) => {
    const updated = await tx.joinRequests.decide(ctx.request.id, {
      state: deny ? 'denied' : 'approved',
      by: actor.person.id,
      at: now,
      reason: deny ? reason : null,
      fulfilment: 'pending',
    });
    if (updated === null) return null;
    await tx.audit.append(
      byActor(actor, deny ? 'join.deny' : 'join.approve', {
        targetType: 'join_request',
        targetId: ctx.request.id,
        groupId: ctx.group.id,
        reason: deny ? reason : null,
        details: { requester: ctx.requester.platformUserId },
      }),
      now,
    );
    return updated;
  });

  if (decided === null) {
    // Someone else decided between our read and our update.
    const fresh = await loadJoinContext(deps, ctx.request.id);
    if (fresh === null) return unknown;
    const notice = decidedNotice(fresh);
    return { kind: 'card', card: joinCard(fresh, { notice }), notice };
  }

  // What follows (adding the member, telling the requester, updating every copy
  // of the card) is claimed in the database, so the sweeper finishes it after a crash.
  deps.defer('join.followUp', () => fulfilJoin(deps, decided.id));
  return { kind: 'card', card: joinCard({ ...ctx, request: decided, decider: actor.person }), notice: null };
}

/** Teams refresh: the current card for whoever views it; buttons only for those who may decide. */
export async function viewJoin(deps: CoreDeps, actor: Actor, requestId: string): Promise<ActionResult> {
  const ctx = await loadJoinContext(deps, requestId);
  if (ctx === null || ctx.workspace.id !== actor.workspace.id) return unknown;
  const card = joinCard(ctx);
  if (!(await mayDecide(deps, actor, ctx))) card.actions = [];
  return { kind: 'card', card, notice: null };
}
