// ADM-6: someone joined a governed group without an approved request. Bots, super
// admins, the group's own admins and people Charter added are exempt. A join that
// matches an approved request (for any of the team's groups, when Teams reports a
// team join) is expected; one the owners were asked to carry out completes ADM-4
// (welcome, requester told, cards updated). Any other join is recorded, and a
// durable job (`join.bypass`) flags it to the group's approvers privately on a card
// (keep / remove with a reason) — or, with `admission.enforce = remove` and a
// platform that can, removes the person at once and tells them why. Keep and
// Remove each win through a conditional update (a removal is claimed first), so
// they cannot both happen. Every step is in the audit log.
import { tell, updateCopies } from '../../core/copies.js';
import { removalIsTeamWide } from '../../core/removal.js';
import { holdersOf, isSuperAdminPerson, localeOf, refreshProfile } from '../../core/actor.js';
import type { FormModel } from '../../core/cards.js';
import { notAllowed, notFound } from '../../core/errors.js';
import type { MembershipContext } from '../../core/feature.js';
import { date, text, type Text } from '../../core/messages.js';
import { isUuid, qualifiedId, type Actor, type Group, type Person, type Workspace } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { ActionResult } from '../../core/replies.js';
import { settingOf } from '../../core/settings.js';
import { groupSummary, mentionOf, personSummary } from '../../core/summaries.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { BypassCard } from './cards.js';
import { approversOf, loadJoinContext, type JoinDeps } from './context.js';
import { updateJoinCards, welcome } from './fulfil.js';
import { REASON_MAX } from './grammar.js';
import type { Bypass } from './model.js';
import { JOIN_PERMISSIONS } from './permissions.js';
import { ENFORCE } from './settings.js';

export const BYPASS_SUBJECT = 'join_bypass';
export const BYPASS_JOB = 'join.bypass';

/** Charter's own additions (Graph on Teams) within this window of the decision are expected joins. */
const RECENT_APPROVAL_MS = 7 * 86_400_000;
/** A removal that has not finished after this long (its process died) may be claimed again. */
const STALE_REMOVAL_MS = 5 * 60_000;

export interface BypassJob {
  workspaceId: string;
  bypassId: string;
  /** The policy said remove, and removing here is right (not a Teams team with several governed channels). */
  remove: boolean;
  /** The policy said remove but the platform cannot (or a team join cannot be undone per channel). */
  cannotRemove: boolean;
}

interface BypassView {
  workspace: Workspace;
  bypass: Bypass;
  group: Group;
  person: Person;
  decider: Person | null;
  approvers: Person[];
}

export function bypassCard(deps: Pick<JoinDeps, 'capabilities'>, view: BypassView, extra: { shared?: boolean; notice?: Text | null; reasonError?: Text | null; cannotRemove?: boolean } = {}): BypassCard {
  const { bypass } = view;
  const payload = { bypassId: bypass.id };
  const canRemove = deps.capabilities.removeMember;
  return {
    kind: 'join.bypass',
    bypassId: bypass.id,
    group: groupSummary(view.group),
    person: personSummary(view.person),
    addedBy: null,
    detectedAt: bypass.detectedAt,
    state: bypass.state,
    decision: bypass.decidedAt === null || bypass.state === 'removing' ? null : { by: view.decider === null ? null : mentionOf(view.decider), at: bypass.decidedAt, reason: bypass.reason },
    removalUnsupported: !canRemove,
    approvers: view.approvers.map((p) => p.address),
    actions:
      bypass.state !== 'flagged'
        ? []
        : [
            { id: 'join.keep', payload, style: 'primary', label: { key: 'join.bypass.keep' } },
            ...(canRemove ? [{ id: 'join.remove', payload, style: 'danger' as const, inputs: ['reason'], label: { key: 'join.bypass.remove' } }] : []),
          ],
    shared: extra.shared ?? false,
    notice: extra.notice ?? (extra.cannotRemove === true ? text('join.bypass.cannotRemove') : null),
    reasonError: extra.reasonError ?? null,
  };
}

async function loadBypass(deps: JoinDeps, bypassId: string): Promise<BypassView | null> {
  if (!isUuid(bypassId)) return null;
  const bypass = await deps.store.bypasses.get(bypassId);
  if (bypass === null) return null;
  const [workspace, group, person] = await Promise.all([deps.store.workspaces.get(bypass.workspaceId), deps.store.groups.get(bypass.groupId), deps.store.people.get(bypass.personId)]);
  if (workspace === null || group === null || person === null) return null;
  const decider = bypass.decidedBy === null ? null : await deps.store.people.get(bypass.decidedBy);
  const approvers = (await approversOf(deps, workspace, group)).filter((p) => p.id !== person.id);
  return { workspace, bypass, group, person, decider, approvers };
}

/** Whether the platform says this account is a bot (Slack does not say in the event itself). */
async function isBot(deps: JoinDeps, ctx: MembershipContext): Promise<boolean> {
  if (ctx.event.member.isBot !== null) return ctx.event.member.isBot;
  try {
    return (await deps.directory.lookupProfile(ctx.workspace, ctx.person))?.isBot === true;
  } catch (err) {
    deps.log.warn({ err }, 'could not tell whether a new member is a bot; treating them as a person');
    return false;
  }
}

function joined(ctx: MembershipContext, group: Group, outcome: 'ok' | 'refused', details: Record<string, unknown>) {
  return bySystem(ctx.workspace.id, 'member.join', { targetType: 'person', targetId: qualifiedId(ctx.person), groupId: group.id, outcome, details });
}

/** ADM-4 by hand: the owners were asked to add an approved person, and they did. */
async function completeApproved(deps: JoinDeps, ctx: MembershipContext, group: Group, requestId: string): Promise<void> {
  const done = await deps.store.joinRequests.completeByHand(requestId, deps.clock.now());
  if (done === null) return;
  await deps.store.audit.append(joined(ctx, group, 'ok', { requestId, recognised: 'approved-request' }), deps.clock.now());
  const jc = await loadJoinContext(deps, requestId);
  if (jc === null) return;
  await welcome(deps, jc);
  await tell(deps, ctx.workspace, ctx.person, 'join.approvedToYou', { group: group.name });
  await updateJoinCards(deps, jc);
}

/** The approved request behind this join, if any: for this group, or on Teams for any governed channel of the team. */
async function approvedFor(deps: JoinDeps, ctx: MembershipContext, group: Group) {
  const own = await deps.store.joinRequests.findLatestApproved(group.id, ctx.person.id);
  if (own !== null || !ctx.teamWide) return own === null ? null : { request: own, group };
  for (const other of ctx.groups) {
    const r = await deps.store.joinRequests.findLatestApproved(other.id, ctx.person.id);
    if (r !== null) return { request: r, group: other };
  }
  return null;
}

export async function onMemberJoined(deps: JoinDeps, ctx: MembershipContext): Promise<void> {
  if (ctx.event.kind !== 'joined' || ctx.event.addedBy?.isCharter === true) return;
  const exempt = (await isBot(deps, ctx)) ? 'bot' : (await isSuperAdminPerson(deps, ctx.person)) ? 'super-admin' : null;
  const now = deps.clock.now();
  for (const group of ctx.groups) {
    const policy = await settingOf(deps, ctx.workspace.id, ENFORCE, group);
    if (exempt !== null) {
      await deps.store.audit.append(joined(ctx, group, 'ok', { exempt }), now);
      continue;
    }
    if ((await deps.store.roles.rolesIn(ctx.person.id, group.id)).length > 0) {
      await deps.store.audit.append(joined(ctx, group, 'ok', { exempt: 'group-admin' }), now);
      continue;
    }
    const approved = await approvedFor(deps, ctx, group);
    if (approved !== null) {
      const { request } = approved;
      if (request.fulfilment === 'owner-asked' || request.fulfilment === 'failed') {
        await completeApproved(deps, ctx, approved.group, request.id);
        continue;
      }
      if (request.decidedAt !== null && now.getTime() - request.decidedAt.getTime() < RECENT_APPROVAL_MS) continue; // Charter's own add
    }

    // Removing a Teams team member takes them out of every channel: never on behalf of one of several.
    const removable = deps.capabilities.removeMember && !(await removalIsTeamWide(deps, group));
    await deps.store.transaction(async (tx) => {
      const bypass = await tx.bypasses.create({ workspaceId: ctx.workspace.id, groupId: group.id, personId: ctx.person.id, addedBy: ctx.event.addedBy?.address ?? null, at: now });
      if (bypass === null) return; // flagged already
      await tx.audit.append(joined(ctx, group, 'refused', { bypassId: bypass.id, policy, addedBy: ctx.event.addedBy?.address ?? null }), now);
      const job: BypassJob = { workspaceId: ctx.workspace.id, bypassId: bypass.id, remove: policy === 'remove' && removable, cannotRemove: policy === 'remove' && !removable };
      await deps.jobs.send(BYPASS_JOB, { ...job }, { key: bypass.id, in: tx });
    });
  }
}

/** Removes the person (claimed, so Keep cannot win at the same time); tells them why. */
async function removeFrom(deps: JoinDeps, view: BypassView, by: Person | null, reason: Text, why: string | null): Promise<'removed' | 'taken' | 'failed'> {
  const now = deps.clock.now();
  const claimed = await deps.store.bypasses.claimRemoval(view.bypass.id, by?.id ?? null, now, new Date(now.getTime() - STALE_REMOVAL_MS));
  if (claimed === null) return 'taken';
  let outcome: Awaited<ReturnType<JoinDeps['moderation']['removeMember']>>;
  try {
    outcome = await deps.moderation.removeMember(view.workspace, view.group, view.person);
  } catch (err) {
    deps.log.warn({ err, bypassId: view.bypass.id }, 'removing a member failed');
    outcome = { outcome: 'failed', error: 'unavailable' };
  }
  if (outcome.outcome !== 'removed' && outcome.outcome !== 'not-member') {
    await deps.store.bypasses.finishRemoval(view.bypass.id, 'flagged', null, deps.clock.now());
    return 'failed';
  }
  await deps.store.bypasses.finishRemoval(view.bypass.id, by === null ? 'auto-removed' : 'removed', why, deps.clock.now());
  await tell(deps, view.workspace, view.person, 'join.bypass.removedToYou', { group: view.group.name, reason });
  return 'removed';
}

/** Sends the card to every approver who has none yet (safe to run again). */
async function sendCards(deps: JoinDeps, view: BypassView, cannotRemove: boolean): Promise<void> {
  const { workspace } = view;
  const already = new Set((await deps.store.cardPosts.listFor(BYPASS_SUBJECT, view.bypass.id)).map((p) => p.recipientId));
  for (const approver of view.approvers) {
    if (already.has(approver.id)) continue;
    const locale = localeOf(deps, workspace, approver);
    try {
      const posted = await deps.messaging.sendPrivate(workspace, approver, { locale, card: bypassCard(deps, view, { cannotRemove }) });
      await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType: BYPASS_SUBJECT, subjectId: view.bypass.id, recipientId: approver.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, bypassId: view.bypass.id, approverId: approver.id }, 'could not send the bypass card');
    }
  }
}

/** The durable follow-up of a bypass: remove per policy, then the cards. */
export async function followUpBypass(deps: JoinDeps, job: BypassJob): Promise<void> {
  let view = await loadBypass(deps, job.bypassId);
  if (view === null) return;
  // Events carry ids only: the card shows the person's real name, title and department.
  view = { ...view, person: await refreshProfile(deps, view.workspace, view.person) };
  const target = `${view.person.platform}:${view.person.platformUserId}`;
  if (job.remove && view.bypass.state === 'flagged') {
    const outcome = await removeFrom(deps, view, null, text('join.bypass.policyReason'), 'admission.enforce=remove');
    await deps.store.audit.append(
      bySystem(view.workspace.id, 'member.remove', {
        targetType: 'person',
        targetId: target,
        groupId: view.group.id,
        reason: 'admission.enforce=remove',
        outcome: outcome === 'removed' ? 'ok' : 'failed',
        details: { bypassId: view.bypass.id },
      }),
      deps.clock.now(),
    );
    view = (await loadBypass(deps, job.bypassId)) ?? view;
  }
  if (job.cannotRemove && view.bypass.state === 'flagged' && (await deps.store.cardPosts.listFor(BYPASS_SUBJECT, view.bypass.id)).length === 0) {
    await deps.store.audit.append(
      bySystem(view.workspace.id, 'member.remove', { targetType: 'person', targetId: target, groupId: view.group.id, outcome: 'fallback', details: { bypassId: view.bypass.id, why: 'cannot-remove-here' } }),
      deps.clock.now(),
    );
  }
  await sendCards(deps, view, job.cannotRemove);
}

// ---------------------------------------------------------------- the card's actions

async function loadFor(deps: JoinDeps, actor: Actor, bypassId: string): Promise<BypassView> {
  const view = await loadBypass(deps, bypassId);
  if (view === null || view.workspace.id !== actor.workspace.id) notFound(text('join.bypass.unknown'));
  return view;
}

async function mayReview(deps: JoinDeps, actor: Actor, view: BypassView): Promise<boolean> {
  if (view.person.id === actor.person.id) return false;
  return can(await holdersOf(deps, actor, view.group), JOIN_PERMISSIONS['join.review']);
}

function removeForm(view: BypassView, value: string | null, error: Text | null): FormModel {
  return {
    action: { id: 'join.remove', payload: { bypassId: view.bypass.id }, label: { key: 'join.bypass.removeForm.submit' } },
    title: text('join.bypass.removeForm.title'),
    intro: text('join.bypass.removeForm.intro', { person: mentionOf(view.person), group: view.group.name }),
    fields: [
      {
        id: 'reason',
        label: text('join.bypass.removeForm.reason'),
        multiline: true,
        required: true,
        maxLength: REASON_MAX,
        ...(value !== null ? { value } : {}),
        ...(error !== null ? { error } : {}),
      },
    ],
  };
}

async function updateBypassCards(deps: JoinDeps, view: BypassView): Promise<void> {
  await updateCopies(deps, view.workspace, BYPASS_SUBJECT, view.bypass.id, (shared) => bypassCard(deps, view, { shared }));
}

function alreadyNotice(view: BypassView): Text {
  if (view.bypass.state === 'removing') return text('join.bypass.beingRemoved');
  const by = view.decider === null ? text('join.card.system') : mentionOf(view.decider);
  return text(`join.bypass.already.${view.bypass.state}`, { by, at: date(view.bypass.decidedAt ?? view.bypass.detectedAt) });
}

export async function reviewBypass(deps: JoinDeps, actor: Actor, verdict: 'keep' | 'remove', bypassId: string, reason: string | null): Promise<ActionResult> {
  const view = await loadFor(deps, actor, bypassId);
  const action = verdict === 'keep' ? 'join.keep' : 'join.remove';
  if (!(await mayReview(deps, actor, view))) {
    await deps.store.audit.append(byActor(actor, action, { targetType: 'join_bypass', targetId: bypassId, groupId: view.group.id, outcome: 'refused' }), deps.clock.now());
    notAllowed(text('join.bypass.notAllowed'));
  }
  const decidedMeanwhile = async (): Promise<ActionResult> => {
    const fresh = await loadFor(deps, actor, bypassId);
    const notice = alreadyNotice(fresh);
    return { kind: 'card', card: bypassCard(deps, fresh, { notice }), notice };
  };
  if (view.bypass.state !== 'flagged') return decidedMeanwhile();
  const now = deps.clock.now();
  const target = `${view.person.platform}:${view.person.platformUserId}`;

  if (verdict === 'keep') {
    const decided = await deps.store.bypasses.keep(bypassId, actor.person.id, now);
    if (decided === null) return decidedMeanwhile();
    await deps.store.audit.append(byActor(actor, 'join.keep', { targetType: 'join_bypass', targetId: bypassId, groupId: view.group.id, details: { person: view.person.platformUserId } }), now);
    const after = { ...view, bypass: decided, decider: actor.person };
    deps.defer('join.bypass.cards', () => updateBypassCards(deps, after));
    return { kind: 'card', card: bypassCard(deps, after), notice: null };
  }

  // ROLE-4: removing a member needs a reason.
  const given = reason?.trim() ?? null;
  if (given === null || given === '' || given.length > REASON_MAX) {
    const error = given === null ? null : text(given === '' ? 'join.bypass.removeForm.required' : 'join.denyForm.tooLong', { max: REASON_MAX });
    return { kind: 'form', form: removeForm(view, reason, error), card: bypassCard(deps, view, { reasonError: error }) };
  }
  if (!deps.capabilities.removeMember) return { kind: 'notice', notice: text('join.bypass.cannotRemove') };
  const outcome = await removeFrom(deps, view, actor.person, text('join.bypass.reasonFrom', { reason: given }), given);
  if (outcome === 'taken') return decidedMeanwhile();
  await deps.store.audit.append(
    byActor(actor, 'member.remove', { targetType: 'person', targetId: target, groupId: view.group.id, reason: given, outcome: outcome === 'removed' ? 'ok' : 'failed', details: { bypassId } }),
    deps.clock.now(),
  );
  if (outcome === 'failed') return { kind: 'notice', notice: text('join.bypass.removeFailed') };
  const after = { ...view, bypass: (await deps.store.bypasses.get(bypassId)) ?? view.bypass, decider: actor.person };
  deps.defer('join.bypass.cards', () => updateBypassCards(deps, after));
  return { kind: 'card', card: bypassCard(deps, after), notice: null };
}

/** Teams refresh of a bypass card: buttons only for those who may decide. */
export async function viewBypass(deps: JoinDeps, actor: Actor, bypassId: string): Promise<ActionResult> {
  const view = await loadFor(deps, actor, bypassId);
  const card = bypassCard(deps, view);
  if (!(await mayReview(deps, actor, view))) card.actions = [];
  return { kind: 'card', card, notice: null };
}
