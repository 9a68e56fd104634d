// ADM-2: one decision per request. Whoever clicks is checked against the group's
// current roles; the first decision wins through a conditional update, so a double
// click, a second approver or a replayed payload changes nothing and is told who
// decided. Deny needs a reason. A decision cancels the reminder and the expiry.
import { holdersOf } from '../../core/actor.js';
import type { FormModel } from '../../core/cards.js';
import { notAllowed, notFound } from '../../core/errors.js';
import { date, text, type Text } from '../../core/messages.js';
import type { Actor } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { ActionResult } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor } from '../audit/entries.js';
import { joinCard, loadJoinContext, type JoinContext, type JoinDeps } from './context.js';
import { REASON_MAX } from './grammar.js';
import { JOIN_PERMISSIONS } from './permissions.js';
import { JOBS } from './request.js';
import { updateJoinCards } from './fulfil.js';
import { TWO_STEP } from './settings.js';
import { settingOf } from '../../core/settings.js';

export type Decision = 'join.approve' | 'join.deny';

async function mayDecide(deps: JoinDeps, actor: Actor, ctx: JoinContext): Promise<boolean> {
  if (ctx.requester.id === actor.person.id) return false;
  return can(await holdersOf(deps, actor, ctx.group), JOIN_PERMISSIONS['join.decide']);
}

/**
 * ADM-3 two-step: where the group's `admission.two_step` is `cross-department`, a
 * requester whose department (from the HR directory or profile; unknown counts as
 * other) is none of its owners' needs an owner's approval. With no owner to ask,
 * one step is enough (super admins and moderators decide, as before).
 */
async function needsOwner(deps: JoinDeps, ctx: JoinContext): Promise<boolean> {
  if ((await settingOf(deps, ctx.workspace.id, TWO_STEP, ctx.group)) !== 'cross-department') return false;
  const owners = (await deps.store.people.getMany((await deps.store.roles.listForGroup(ctx.group.id)).filter((g) => g.role === 'owner').map((g) => g.personId))).filter((p) => p.employment !== 'inactive');
  if (owners.length === 0) return false;
  const dept = ctx.requester.department?.trim().toLowerCase() ?? null;
  return dept === null || dept === '' || !owners.some((o) => o.department?.trim().toLowerCase() === dept);
}

/** The first approval of a two-step request: recorded once, audited, and shown on every copy of the card. */
async function approveFirst(deps: JoinDeps, actor: Actor, ctx: JoinContext): Promise<ActionResult> {
  const now = deps.clock.now();
  const updated = await deps.store.transaction(async (tx) => {
    const r = await tx.joinRequests.approveFirst(ctx.request.id, actor.person.id, now);
    if (r === null) return null;
    await tx.audit.append(byActor(actor, 'join.approve', { targetType: 'join_request', targetId: ctx.request.id, groupId: ctx.group.id, details: { requester: ctx.requester.platformUserId, step: 'first', waitingFor: 'owner' } }), now);
    return r;
  });
  const fresh = await loadFor(deps, actor, ctx.request.id);
  if (updated === null) {
    const notice = fresh.request.state === 'pending' ? text('join.waitingForOwner', { by: fresh.firstApprover ? mentionOf(fresh.firstApprover) : '—' }) : decidedNotice(fresh);
    return { kind: 'card', card: joinCard(fresh, { notice }), notice };
  }
  await updateJoinCards(deps, fresh);
  return { kind: 'card', card: joinCard(fresh), notice: null };
}

async function loadFor(deps: JoinDeps, actor: Actor, requestId: string): Promise<JoinContext> {
  const ctx = await loadJoinContext(deps, requestId);
  if (ctx === null || ctx.workspace.id !== actor.workspace.id) notFound(text('join.unknownRequest'));
  return ctx;
}

function decidedNotice(ctx: JoinContext): Text {
  const by = ctx.decider === null ? text('join.card.system') : mentionOf(ctx.decider);
  return text(`join.alreadyDecided.${ctx.request.state}`, { by, at: date(ctx.request.decidedAt ?? ctx.request.createdAt) });
}

export function denyForm(ctx: JoinContext, value: string | null, error: Text | null): FormModel {
  return {
    action: { id: 'join.deny', payload: { requestId: ctx.request.id }, label: { key: 'join.denyForm.submit' } },
    title: text('join.denyForm.title'),
    intro: text('join.denyForm.intro', { requester: mentionOf(ctx.requester), group: ctx.group.name }),
    fields: [
      {
        id: 'reason',
        label: text('join.denyForm.reason'),
        placeholder: text('join.denyForm.placeholder'),
        multiline: true,
        required: true,
        maxLength: REASON_MAX,
        ...(value !== null ? { value } : {}),
        ...(error !== null ? { error } : {}),
      },
    ],
  };
}

/**
 * @param reason null when the click carried no reason field (a button: open the
 * form); '' when the form was submitted blank.
 */
export async function decideJoin(deps: JoinDeps, actor: Actor, decision: Decision, requestId: string, reason: string | null): Promise<ActionResult> {
  const ctx = await loadFor(deps, actor, requestId);
  if (!(await mayDecide(deps, actor, ctx))) {
    const own = ctx.requester.id === actor.person.id;
    await deps.store.audit.append(
      byActor(actor, decision, { targetType: 'join_request', targetId: ctx.request.id, groupId: ctx.group.id, outcome: 'refused', details: { why: own ? 'own-request' : 'no-authority' } }),
      deps.clock.now(),
    );
    notAllowed(text(own ? 'join.ownRequest' : 'join.notAllowed'));
  }

  if (ctx.request.state !== 'pending') {
    const notice = decidedNotice(ctx);
    return { kind: 'card', card: joinCard(ctx, { notice }), notice };
  }

  const deny = decision === 'join.deny';
  const given = reason?.trim() ?? null;
  if (deny && (given === null || given === '' || given.length > REASON_MAX)) {
    const error = given === null ? null : text(given === '' ? 'join.denyForm.required' : 'join.denyForm.tooLong', { max: REASON_MAX });
    return { kind: 'form', form: denyForm(ctx, reason, error), card: joinCard(ctx, { reasonError: error }) };
  }

  if (!deny && ctx.requester.employment === 'inactive') {
    const notice = text('join.requesterInactive');
    return { kind: 'card', card: joinCard(ctx, { notice }), notice };
  }
  const byOwner = (await holdersOf(deps, actor, ctx.group)).has('owner');
  if (!deny && !byOwner && (await needsOwner(deps, ctx))) return approveFirst(deps, actor, ctx);
  // After a first approval the audit names it, and calls this the owner's step only when an owner approves.
  const steps = ctx.request.firstApprovedBy === null ? {} : { ...(!deny && byOwner ? { step: 'owner' } : {}), firstApprovedBy: ctx.request.firstApprovedBy };

  const now = deps.clock.now();
  const decided = await deps.store.transaction(async (tx) => {
    const updated = await tx.joinRequests.decide(ctx.request.id, { state: deny ? 'denied' : 'approved', by: actor.person.id, at: now, reason: deny ? given : null, fulfilment: 'pending' });
    if (updated === null) return null;
    await tx.audit.append(
      byActor(actor, decision, {
        targetType: 'join_request',
        targetId: ctx.request.id,
        groupId: ctx.group.id,
        reason: deny ? given : null,
        details: { requester: ctx.requester.platformUserId, ...steps },
      }),
      now,
    );
    // What follows (adding the member, telling the requester, updating every copy
    // of the card) is a durable job: it runs after a crash too.
    await deps.jobs.send(JOBS.fulfil, { workspaceId: ctx.workspace.id, requestId: ctx.request.id }, { key: ctx.request.id, in: tx });
    await deps.jobs.cancel(JOBS.remind, ctx.request.id, { in: tx });
    await deps.jobs.cancel(JOBS.expire, ctx.request.id, { in: tx });
    return updated;
  });

  if (decided === null) {
    // Someone else decided between our read and our update.
    const fresh = await loadFor(deps, actor, ctx.request.id);
    const notice = decidedNotice(fresh);
    return { kind: 'card', card: joinCard(fresh, { notice }), notice };
  }
  return { kind: 'card', card: joinCard({ ...ctx, request: decided, decider: actor.person }), notice: null };
}

/** Teams refresh: the current card for whoever views it; buttons only for those who may decide. */
export async function viewJoin(deps: JoinDeps, actor: Actor, requestId: string): Promise<ActionResult> {
  const ctx = await loadFor(deps, actor, requestId);
  const card = joinCard(ctx);
  if (!(await mayDecide(deps, actor, ctx))) card.actions = [];
  return { kind: 'card', card, notice: null };
}
