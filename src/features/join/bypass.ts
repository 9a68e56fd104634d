// ADM-6: someone joined a governed group without an approved request. Bots, super
// admins, the group's own admins and people Charter added are exempt. A join that
// matches an approved request the owners were asked to carry out completes ADM-4
// (welcome, requester told, cards updated). Any other join is flagged to the
// group's approvers privately on a card (keep / remove with a reason); with the
// setting `admission.enforce = remove` and a platform that can, the person is
// removed at once and told why. Every step is in the audit log.
import { holdersOf, isSuperAdminPerson, localeOf } from '../../core/actor.js';
import type { FormModel } from '../../core/cards.js';
import { notAllowed, notFound } from '../../core/errors.js';
import type { MembershipContext } from '../../core/feature.js';
import { date, text, type Text } from '../../core/messages.js';
import type { Actor, Group, Person, Workspace } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { ActionResult } from '../../core/replies.js';
import { settingOf } from '../../core/settings.js';
import { groupSummary, mentionOf, personSummary } from '../../core/summaries.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { BypassCard } from './cards.js';
import { approversOf, isUuid, loadJoinContext, tell, updateCopies, type JoinDeps } from './context.js';
import { updateJoinCards, welcome } from './fulfil.js';
import { REASON_MAX } from './grammar.js';
import type { Bypass } from './model.js';
import { JOIN_PERMISSIONS } from './permissions.js';
import { ENFORCE } from './settings.js';

export const BYPASS_SUBJECT = 'join_bypass';

/** Charter's own invitations within this window of the decision are expected joins. */
const RECENT_APPROVAL_MS = 7 * 86_400_000;

interface BypassView {
  workspace: Workspace;
  bypass: Bypass;
  group: Group;
  person: Person;
  decider: Person | null;
  approvers: Person[];
}

export function bypassCard(deps: Pick<JoinDeps, 'capabilities'>, view: BypassView, extra: { shared?: boolean; notice?: Text | null; reasonError?: Text | null; policyRemove?: boolean } = {}): BypassCard {
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
    decision: bypass.decidedAt === null ? null : { by: view.decider === null ? null : mentionOf(view.decider), at: bypass.decidedAt, reason: bypass.reason },
    removalUnsupported: !canRemove,
    approvers: view.approvers.map((p) => p.address),
    actions:
      bypass.state !== 'flagged'
        ? []
        : [
            { id: 'join.keep', payload, style: 'primary', label: 'join.bypass.keep' },
            ...(canRemove ? [{ id: 'join.remove', payload, style: 'danger' as const, inputs: ['reason'], label: 'join.bypass.remove' }] : []),
          ],
    shared: extra.shared ?? false,
    notice: extra.notice ?? (extra.policyRemove === true && !canRemove ? text('join.bypass.cannotRemove') : null),
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

function joined(ctx: MembershipContext, group: Group, outcome: 'ok' | 'refused' | 'fallback', details: Record<string, unknown>) {
  return bySystem(ctx.workspace.id, 'member.join', { targetType: 'person', targetId: `${ctx.person.platform}:${ctx.person.platformUserId}`, groupId: group.id, outcome, details });
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

async function sendCards(deps: JoinDeps, view: BypassView, policyRemove: boolean): Promise<void> {
  const { workspace } = view;
  for (const approver of view.approvers) {
    const locale = localeOf(deps, workspace, approver);
    try {
      const posted = await deps.messaging.sendPrivate(workspace, approver, { locale, card: bypassCard(deps, view, { policyRemove }) });
      await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType: BYPASS_SUBJECT, subjectId: view.bypass.id, recipientId: approver.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, bypassId: view.bypass.id, approverId: approver.id }, 'could not send the bypass card');
    }
  }
}

async function removeFrom(deps: JoinDeps, view: BypassView, reason: Text): Promise<'removed' | 'unsupported' | 'failed'> {
  const result = await deps.moderation.removeMember(view.workspace, view.group, view.person);
  if (result.outcome === 'unsupported') return 'unsupported';
  if (result.outcome === 'failed') {
    deps.log.warn({ error: result.error, bypassId: view.bypass.id }, 'removing a member failed');
    return 'failed';
  }
  await tell(deps, view.workspace, view.person, 'join.bypass.removedToYou', { group: view.group.name, reason });
  return 'removed';
}

export async function onMemberJoined(deps: JoinDeps, ctx: MembershipContext): Promise<void> {
  if (ctx.event.kind !== 'joined' || ctx.event.addedBy?.isCharter === true) return;
  const exempt = (await isBot(deps, ctx)) ? 'bot' : (await isSuperAdminPerson(deps, ctx.person)) ? 'super-admin' : null;
  const now = deps.clock.now();
  for (const group of ctx.groups) {
    if (exempt !== null) {
      await deps.store.audit.append(joined(ctx, group, 'ok', { exempt }), now);
      continue;
    }
    if ((await deps.store.roles.rolesIn(ctx.person.id, group.id)).length > 0) {
      await deps.store.audit.append(joined(ctx, group, 'ok', { exempt: 'group-admin' }), now);
      continue;
    }
    const approved = await deps.store.joinRequests.findLatestApproved(group.id, ctx.person.id);
    if (approved !== null) {
      if (approved.fulfilment === 'owner-asked' || approved.fulfilment === 'failed') {
        await completeApproved(deps, ctx, group, approved.id);
        continue;
      }
      if (approved.decidedAt !== null && now.getTime() - approved.decidedAt.getTime() < RECENT_APPROVAL_MS) continue; // Charter's own add
    }

    const bypass = await deps.store.bypasses.create({ workspaceId: ctx.workspace.id, groupId: group.id, personId: ctx.person.id, addedBy: ctx.event.addedBy?.address ?? null, at: now });
    if (bypass === null) continue; // flagged already
    const policy = await settingOf(deps, ctx.workspace.id, ENFORCE);
    await deps.store.audit.append(joined(ctx, group, 'refused', { bypassId: bypass.id, policy, addedBy: ctx.event.addedBy?.address ?? null }), now);
    const view: BypassView = { workspace: ctx.workspace, bypass, group, person: ctx.person, decider: null, approvers: (await approversOf(deps, ctx.workspace, group)).filter((p) => p.id !== ctx.person.id) };

    if (policy === 'remove' && deps.capabilities.removeMember) {
      const outcome = await removeFrom(deps, view, text('join.bypass.policyReason'));
      if (outcome === 'removed') {
        const decided = await deps.store.bypasses.decide(bypass.id, { state: 'auto-removed', by: null, at: deps.clock.now(), reason: null });
        await deps.store.audit.append(
          bySystem(ctx.workspace.id, 'member.remove', { targetType: 'person', targetId: `${ctx.person.platform}:${ctx.person.platformUserId}`, groupId: group.id, reason: 'admission.enforce=remove', details: { bypassId: bypass.id } }),
          deps.clock.now(),
        );
        await sendCards(deps, { ...view, bypass: decided ?? bypass }, false);
        continue;
      }
    }
    if (policy === 'remove' && !deps.capabilities.removeMember) {
      await deps.store.audit.append(bySystem(ctx.workspace.id, 'member.remove', { targetType: 'person', targetId: `${ctx.person.platform}:${ctx.person.platformUserId}`, groupId: group.id, outcome: 'fallback', details: { bypassId: bypass.id, why: 'platform-cannot-remove' } }), now);
    }
    await sendCards(deps, view, policy === 'remove');
  }
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
    action: { id: 'join.remove', payload: { bypassId: view.bypass.id }, label: 'join.bypass.removeForm.submit' },
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

export async function reviewBypass(deps: JoinDeps, actor: Actor, verdict: 'keep' | 'remove', bypassId: string, reason: string | null): Promise<ActionResult> {
  const view = await loadFor(deps, actor, bypassId);
  const action = verdict === 'keep' ? 'join.keep' : 'join.remove';
  if (!(await mayReview(deps, actor, view))) {
    await deps.store.audit.append(byActor(actor, action, { targetType: 'join_bypass', targetId: bypassId, groupId: view.group.id, outcome: 'refused' }), deps.clock.now());
    notAllowed(text('join.bypass.notAllowed'));
  }
  if (view.bypass.state !== 'flagged') {
    const notice = text(`join.bypass.already.${view.bypass.state}`, { by: view.decider === null ? text('join.card.system') : mentionOf(view.decider), at: date(view.bypass.decidedAt ?? view.bypass.detectedAt) });
    return { kind: 'card', card: bypassCard(deps, view, { notice }), notice };
  }
  const now = deps.clock.now();
  if (verdict === 'keep') {
    const decided = await deps.store.bypasses.decide(bypassId, { state: 'kept', by: actor.person.id, at: now, reason: null });
    if (decided === null) return reviewBypass(deps, actor, verdict, bypassId, reason);
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
  const outcome = await removeFrom(deps, view, text('join.bypass.reasonFrom', { reason: given }));
  if (outcome !== 'removed') {
    await deps.store.audit.append(byActor(actor, 'member.remove', { targetType: 'person', targetId: `${view.person.platform}:${view.person.platformUserId}`, groupId: view.group.id, reason: given, outcome: 'failed' }), now);
    return { kind: 'notice', notice: text('join.bypass.removeFailed') };
  }
  const decided = await deps.store.bypasses.decide(bypassId, { state: 'removed', by: actor.person.id, at: now, reason: given });
  await deps.store.audit.append(
    byActor(actor, 'member.remove', { targetType: 'person', targetId: `${view.person.platform}:${view.person.platformUserId}`, groupId: view.group.id, reason: given, details: { bypassId } }),
    now,
  );
  const after = { ...view, bypass: decided ?? view.bypass, decider: actor.person };
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
