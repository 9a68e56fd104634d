// GRP-2 group creation requests, with the GRP-4 overlap warning. Any active
// employee asks (`group request <name> <type> <purpose…>`); the super admins get an
// approval card (approve, or deny with a reason); whoever clicks is checked again,
// the first decision wins through a conditional update. After an approval the
// durable job `group.create` creates the channel (Slack `conversations.create`
// then `conversations.invite`; Teams a channel in the team the request came from,
// through Graph), then registers it with the requester as owner. Nothing is
// registered unless the channel exists; the requester is told either way.
import { holdersOf, localeOf, superAdminsOf } from '../../core/actor.js';
import type { FormModel } from '../../core/cards.js';
import { tell, updateCopies } from '../../core/copies.js';
import { conflict, invalidInput, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { date, text, type Param, type Text } from '../../core/messages.js';
import { isUuid, type Actor, type Person, type Workspace } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import { UniqueViolation, type CoreDeps, type CreateChannelResult } from '../../core/ports.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { GroupRequestCard } from './cards.js';
import { channelNameFor, retryChannelName, TEAMS_CHANNEL_MAX } from './channelNames.js';
import { LIMITS, type GroupCommand } from './grammar.js';
import { GROUP_PERMISSIONS } from './permissions.js';
import { createGovernedGroup, defaultExpiry, tierFor } from './register.js';
import { similarGroups } from './similar.js';
import type { GroupRequest, GroupStore, SimilarGroup } from './store.js';

export type GroupDeps = CoreDeps<GroupStore>;

export const REQUEST_SUBJECT = 'group_request';
export const REQUEST_JOBS = { notify: 'group.request-notify', create: 'group.create' } as const;
export const CREATE_ATTEMPTS = 5;
const STALE_CLAIM_MS = 5 * 60_000;

/** The job failed for a reason worth another try later. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

export function similarLines(similar: readonly SimilarGroup[]): Text[] {
  return similar.map((s) => text('group.request.similarLine', { name: s.name, purpose: s.purpose }));
}

export async function requestGroup(deps: GroupDeps, { actor, conversation }: CommandContext, cmd: Extract<GroupCommand, { verb: 'group.request' }>): Promise<Reply> {
  const { person, workspace } = actor;
  if (person.employment === 'inactive' || person.isExternal) notAllowed(text('group.request.employeesOnly'));
  if ((await deps.store.groups.findActiveByName(workspace.id, cmd.name)) !== null) conflict(text('group.register.nameTaken', { name: cmd.name }));
  const channelName = channelNameFor(deps.platform, cmd.name, cmd.channel);
  if (channelName === null) invalidInput(text('group.request.teamsNameUnusable', { name: cmd.channel ?? cmd.name, max: TEAMS_CHANNEL_MAX }));
  const waiting = async () => {
    const pending = await deps.store.groupRequests.findPendingByName(workspace.id, cmd.name);
    if (pending !== null) conflict(text('group.request.alreadyPending', { name: cmd.name, since: date(pending.createdAt) }));
  };
  await waiting();
  const approvers = (await superAdminsOf(deps, workspace)).filter((p) => p.id !== person.id);
  if (approvers.length === 0) conflict(text('group.request.noApprovers'));

  const similar = similarGroups(cmd, await deps.store.groups.listAllActive(workspace.id)).map(({ group, score }) => ({ name: group.name, purpose: group.purpose, score: Math.round(score * 100) / 100 }));
  const now = deps.clock.now();
  const fromTeam = conversation.kind !== 'direct' && conversation.teamId !== null;
  try {
    await deps.store.transaction(async (tx) => {
      const created = await tx.groupRequests.create({
        workspaceId: workspace.id,
        requesterId: person.id,
        name: cmd.name,
        type: cmd.type,
        purpose: cmd.purpose,
        channelName,
        originChannelId: fromTeam ? conversation.id : null,
        originTeamId: fromTeam ? conversation.teamId : null,
        similar,
        createdAt: now,
      });
      await tx.audit.append(
        byActor(actor, 'group.request', { targetType: 'group_request', targetId: created.id, reason: cmd.purpose, details: { name: cmd.name, type: cmd.type, similar: similar.map((s) => s.name) } }),
        now,
      );
      await deps.jobs.send(REQUEST_JOBS.notify, { workspaceId: workspace.id, requestId: created.id }, { key: created.id, in: tx });
    });
  } catch (err) {
    if (err instanceof UniqueViolation) await waiting();
    throw err;
  }
  const params: Record<string, Param> = { name: cmd.name, count: approvers.length };
  if (similar.length === 0) return { kind: 'text', text: text('group.request.sent', params) };
  return { kind: 'text', text: text('group.request.sentSimilar', { ...params, similar: similarLines(similar) }) };
}

// ---------------------------------------------------------------- the card

interface RequestContext {
  workspace: Workspace;
  request: GroupRequest;
  requester: Person;
  decider: Person | null;
  approvers: Person[];
}

async function loadRequest(deps: Pick<GroupDeps, 'store' | 'settings'>, requestId: string): Promise<RequestContext | null> {
  if (!isUuid(requestId)) return null;
  const request = await deps.store.groupRequests.get(requestId);
  if (request === null) return null;
  const [workspace, requester] = await Promise.all([deps.store.workspaces.get(request.workspaceId), deps.store.people.get(request.requesterId)]);
  if (workspace === null || requester === null) return null;
  const decider = request.decidedBy === null ? null : await deps.store.people.get(request.decidedBy);
  const approvers = (await superAdminsOf(deps, workspace)).filter((p) => p.id !== requester.id);
  return { workspace, request, requester, decider, approvers };
}

function statusOf(ctx: RequestContext): Text | null {
  const r = ctx.request;
  if (r.state === 'pending' || r.decidedAt === null) return null;
  const by = ctx.decider === null ? text('group.card.system') : mentionOf(ctx.decider);
  if (r.state === 'denied') return text('group.request.status.denied', { by, at: date(r.decidedAt), reason: r.decisionReason ?? '' });
  const outcome = r.fulfilment === null || r.fulfilment === 'running' ? 'pending' : r.fulfilment;
  return text(`group.request.status.approved.${outcome}`, { by, at: date(r.decidedAt), error: r.fulfilmentError ?? '' });
}

export function requestCard(deps: Pick<GroupDeps, 'platform'>, ctx: RequestContext, extra: { notice?: Text | null; withActions?: boolean } = {}): GroupRequestCard {
  const r = ctx.request;
  const payload = { requestId: r.id };
  const facts = [
    { label: text('group.info.type'), value: text(`group.types.${r.type}`) },
    { label: text('group.info.purpose'), value: text('group.card.value', { value: r.purpose }) },
  ];
  if (deps.platform === 'slack') facts.push({ label: text('group.request.channel'), value: text('group.card.value', { value: `#${r.channelName}` }) });
  else if (r.channelName !== r.name) facts.push({ label: text('group.request.teamsChannel'), value: text('group.card.value', { value: r.channelName }) });
  return {
    kind: 'group.request',
    subjectId: r.id,
    title: text('group.request.title', { name: r.name }),
    lines: [text('group.request.asks', { requester: mentionOf(ctx.requester), name: r.name, at: date(r.createdAt) })],
    facts,
    warnings: r.similar.length === 0 ? [] : [text('group.request.similarTitle'), ...similarLines(r.similar)],
    status: statusOf(ctx),
    notice: extra.notice ?? null,
    actions:
      r.state === 'pending' && extra.withActions !== false
        ? [
            { id: 'group.approve', payload, style: 'primary', label: text('group.request.approve') },
            { id: 'group.deny', payload, style: 'danger', dialog: true, label: text('group.request.deny') },
          ]
        : [],
    deciders: ctx.approvers.map((p) => p.address),
    refresh: { verb: 'group.request-view', payload },
  };
}

/** Sends the card to every super admin privately; safe to run again (who has a copy is skipped). */
export async function notifyRequest(deps: GroupDeps, requestId: string): Promise<void> {
  const ctx = await loadRequest(deps, requestId);
  if (ctx === null || ctx.request.notifiedAt !== null) return;
  const already = new Set((await deps.store.cardPosts.listFor(REQUEST_SUBJECT, requestId)).map((p) => p.recipientId));
  let delivered = already.size;
  for (const approver of ctx.approvers) {
    if (already.has(approver.id)) continue;
    const locale = localeOf(deps, ctx.workspace, approver);
    try {
      const posted = await deps.messaging.sendPrivate(ctx.workspace, approver, { locale, card: requestCard(deps, ctx) });
      await deps.store.cardPosts.add({ workspaceId: ctx.workspace.id, subjectType: REQUEST_SUBJECT, subjectId: requestId, recipientId: approver.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
      delivered += 1;
    } catch (err) {
      deps.log.warn({ err, requestId, approverId: approver.id }, 'could not send the group request card');
    }
  }
  if (delivered === 0) throw new RetryLater('no super admin could be reached');
  await deps.store.groupRequests.markNotified(requestId, deps.clock.now());
  await deps.store.audit.append(bySystem(ctx.workspace.id, 'group.request.notify', { targetType: 'group_request', targetId: requestId, details: { approvers: ctx.approvers.length, delivered } }), deps.clock.now());
}

// ---------------------------------------------------------------- the decision

async function loadFor(deps: GroupDeps, actor: Actor, requestId: string): Promise<RequestContext> {
  const ctx = await loadRequest(deps, requestId);
  if (ctx === null || ctx.workspace.id !== actor.workspace.id) notFound(text('group.request.unknown'));
  return ctx;
}

async function mayDecide(deps: GroupDeps, actor: Actor, ctx: RequestContext): Promise<boolean> {
  return ctx.requester.id !== actor.person.id && can(await holdersOf(deps, actor, null), GROUP_PERMISSIONS['group.decide']);
}

function decidedNotice(ctx: RequestContext): Text {
  const by = ctx.decider === null ? text('group.card.system') : mentionOf(ctx.decider);
  return text('group.request.alreadyDecided', { by, at: date(ctx.request.decidedAt ?? ctx.request.createdAt) });
}

function denyForm(ctx: RequestContext, value: string | null, error: Text | null): FormModel {
  const payload = { requestId: ctx.request.id };
  return {
    action: { id: 'group.deny', payload, label: text('group.request.denySubmit') },
    open: { id: 'group.deny', payload, label: text('group.request.deny') },
    title: text('group.request.denyTitle'),
    intro: text('group.request.denyIntro', { requester: mentionOf(ctx.requester), name: ctx.request.name }),
    fields: [
      {
        id: 'reason',
        label: text('group.request.denyReason'),
        multiline: true,
        required: true,
        maxLength: LIMITS.reason,
        ...(value !== null ? { value } : {}),
        ...(error !== null ? { error } : {}),
      },
    ],
  };
}

/** @param reason null for the Deny button itself (opens the form); '' for a blank submission. */
export async function decideRequest(deps: GroupDeps, actor: Actor, decision: 'group.approve' | 'group.deny', requestId: string, reason: string | null): Promise<ActionResult> {
  const ctx = await loadFor(deps, actor, requestId);
  if (!(await mayDecide(deps, actor, ctx))) {
    const own = ctx.requester.id === actor.person.id;
    await deps.store.audit.append(byActor(actor, decision, { targetType: 'group_request', targetId: requestId, outcome: 'refused', details: { why: own ? 'own-request' : 'no-authority' } }), deps.clock.now());
    notAllowed(text(own ? 'group.request.ownRequest' : 'group.request.notAllowed'));
  }
  if (ctx.request.state !== 'pending') {
    const notice = decidedNotice(ctx);
    return { kind: 'card', card: requestCard(deps, ctx, { notice }), notice };
  }
  const deny = decision === 'group.deny';
  const given = reason?.trim() ?? null;
  if (deny && (given === null || given === '' || given.length > LIMITS.reason)) {
    const error = given === null ? null : text(given === '' ? 'group.request.reasonRequired' : 'group.request.reasonTooLong', { max: LIMITS.reason });
    return { kind: 'form', form: denyForm(ctx, reason, error), card: null };
  }

  // Someone who has left gets no new group (nor its owner role), whatever the card still shows.
  if (!deny && ctx.requester.employment === 'inactive') {
    await deps.store.audit.append(byActor(actor, decision, { targetType: 'group_request', targetId: requestId, outcome: 'refused', details: { why: 'requester-left' } }), deps.clock.now());
    const notice = text('group.request.requesterInactive');
    return { kind: 'card', card: requestCard(deps, ctx, { notice }), notice };
  }

  const now = deps.clock.now();
  const decided = await deps.store.transaction(async (tx) => {
    const updated = await tx.groupRequests.decide(requestId, { state: deny ? 'denied' : 'approved', by: actor.person.id, at: now, reason: deny ? given : null });
    if (updated === null) return null;
    await tx.audit.append(byActor(actor, decision, { targetType: 'group_request', targetId: requestId, reason: deny ? given : null, details: { name: ctx.request.name } }), now);
    await deps.jobs.send(REQUEST_JOBS.create, { workspaceId: ctx.workspace.id, requestId }, { key: requestId, in: tx });
    return updated;
  });
  if (decided === null) {
    const fresh = await loadFor(deps, actor, requestId);
    const notice = decidedNotice(fresh);
    return { kind: 'card', card: requestCard(deps, fresh, { notice }), notice };
  }
  return { kind: 'card', card: requestCard(deps, { ...ctx, request: decided, decider: actor.person }), notice: null };
}

/** Teams refresh: the current card; buttons only for those who may decide. */
export async function viewRequest(deps: GroupDeps, actor: Actor, requestId: string): Promise<ActionResult> {
  const ctx = await loadFor(deps, actor, requestId);
  return { kind: 'card', card: requestCard(deps, ctx, { withActions: await mayDecide(deps, actor, ctx) }), notice: null };
}

// ---------------------------------------------------------------- the follow-up

async function updateRequestCards(deps: GroupDeps, ctx: RequestContext): Promise<void> {
  const fresh = (await deps.store.groupRequests.get(ctx.request.id)) ?? ctx.request;
  await updateCopies(deps, ctx.workspace, REQUEST_SUBJECT, ctx.request.id, () => requestCard(deps, { ...ctx, request: fresh }));
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string' && /^[\w.-]{1,64}$/.test(e.code)) return e.code;
  if (typeof e?.name === 'string' && e.name !== 'Error' && /^\w{1,64}$/.test(e.name)) return e.name;
  return 'error';
}

/** Creates the channel; a Slack name taken already is tried once more with a suffix (a Teams name is not). */
async function createChannel(deps: GroupDeps, ctx: RequestContext): Promise<CreateChannelResult> {
  const r = ctx.request;
  const origin = r.originChannelId === null ? null : { channelId: r.originChannelId, teamId: r.originTeamId };
  const ask = (channelName: string) => deps.channels.createChannel(ctx.workspace, { displayName: r.name, channelName, purpose: r.purpose, origin, requester: ctx.requester });
  const first = await ask(r.channelName);
  if (first.outcome !== 'name-taken') return first;
  const second = retryChannelName(deps.platform, r.channelName);
  return second !== null ? ask(second) : first;
}

export async function fulfilRequest(deps: GroupDeps, requestId: string): Promise<void> {
  const now = deps.clock.now();
  const claimed = await deps.store.groupRequests.claimFulfilment(requestId, now, new Date(now.getTime() - STALE_CLAIM_MS));
  if (claimed === null) {
    const current = await deps.store.groupRequests.get(requestId);
    if (current?.fulfilment === 'running') throw new RetryLater('the follow-up is held by another run');
    return;
  }
  const loaded = await loadRequest(deps, requestId);
  if (loaded === null) return;
  const ctx: RequestContext = { ...loaded, request: claimed };
  const { workspace, requester, request } = ctx;
  const by: Param = ctx.decider === null ? text('group.card.system') : mentionOf(ctx.decider);
  const finish = async (state: 'done' | 'owner-asked' | 'gave-up' | 'failed', error: string | null, groupId: string | null = null) => {
    await deps.store.groupRequests.finishFulfilment(requestId, state, error, groupId);
    await updateRequestCards(deps, ctx);
  };
  /** Nothing is registered; both are told why: a name taken, a permission missing, or the platform's error code. */
  const gaveUp = async (error: string, cause: 'name-taken' | 'not-allowed' | 'requester-left' | 'error' = 'error') => {
    await finish('gave-up', error);
    await deps.store.audit.append(bySystem(workspace.id, 'group.create', { targetType: 'group_request', targetId: requestId, outcome: 'failed', details: { error } }), deps.clock.now());
    const why = text(`group.request.why.${cause}`, { error });
    // Someone who has left is not written to about it.
    if (cause !== 'requester-left') await tell(deps, workspace, requester, 'group.request.failedToYou', { name: request.name, error, why });
    if (ctx.decider !== null) await tell(deps, workspace, ctx.decider, 'group.request.failedToDecider', { name: request.name, requester: mentionOf(requester), error, why });
  };

  if (request.state === 'denied') {
    await tell(deps, workspace, requester, 'group.request.deniedToYou', { name: request.name, by, reason: request.decisionReason ?? '' });
    await finish('done', null);
    return;
  }
  // Approved, then the requester left before the group was made: made for nobody.
  if (requester.employment === 'inactive') {
    await gaveUp('requester_left', 'requester-left');
    return;
  }
  if ((await deps.store.groups.findActiveByName(workspace.id, request.name)) !== null) {
    await gaveUp('name_taken', 'name-taken');
    return;
  }

  let result: CreateChannelResult;
  try {
    result = await createChannel(deps, ctx);
  } catch (err) {
    const error = errorCode(err);
    if (claimed.fulfilmentAttempts < CREATE_ATTEMPTS) {
      deps.log.warn({ err, requestId, attempt: claimed.fulfilmentAttempts }, 'creating the channel failed; will retry');
      await finish('failed', error);
      throw new RetryLater(`creating the channel failed: ${error}`);
    }
    await gaveUp(error);
    return;
  }
  if (result.outcome === 'unsupported') {
    await finish('owner-asked', null);
    await deps.store.audit.append(bySystem(workspace.id, 'group.create', { targetType: 'group_request', targetId: requestId, outcome: 'fallback', details: { result: 'unsupported' } }), deps.clock.now());
    await tell(deps, workspace, requester, 'group.request.createYourself', { name: request.name, type: request.type, purpose: request.purpose, by });
    return;
  }
  if (result.outcome === 'name-taken') {
    await gaveUp('name_taken', 'name-taken');
    return;
  }
  if (result.outcome === 'failed') {
    await gaveUp(result.error, result.notAllowed === true ? 'not-allowed' : 'error');
    return;
  }

  const at = deps.clock.now();
  let groupId: string;
  try {
    const group = await createGovernedGroup(
      deps,
      {
        workspaceId: workspace.id,
        channelId: result.channelId,
        channelName: result.channelName,
        conversationKind: result.conversationKind,
        teamId: result.teamId,
        name: request.name,
        type: request.type,
        purpose: request.purpose,
        tier: tierFor(request.type, null),
        expiresOn: defaultExpiry(request.type, at),
        createdBy: requester.id,
        createdAt: at,
      },
      requester,
      bySystem(workspace.id, 'group.register', { reason: request.purpose, details: { name: request.name, type: request.type, requestId, approvedBy: ctx.decider?.platformUserId ?? null, channelId: result.channelId } }),
      at,
    );
    if (result.teamAadGroupId !== undefined) await deps.store.groups.setTeamAadGroupId(group.id, result.teamAadGroupId);
    groupId = group.id;
    await finish('done', null, group.id);
    try {
      await deps.messaging.postToGroup(workspace, group, { locale: localeOf(deps, workspace, requester), text: text('group.request.welcome', { name: group.name, purpose: group.purpose, owner: mentionOf(requester) }) });
    } catch (err) {
      deps.log.warn({ err, groupId }, 'could not post into the new group');
    }
  } catch (err) {
    // The channel exists but could not be registered (a group of that name got in first).
    deps.log.error({ err, requestId, channelId: result.channelId }, 'the new channel could not be registered');
    if (err instanceof UniqueViolation) await gaveUp('name_taken', 'name-taken');
    else await gaveUp(errorCode(err));
    return;
  }
  await tell(deps, workspace, requester, result.invited ? 'group.request.createdToYou' : 'group.request.createdJoinYourself', { name: request.name, channel: result.channelName });
  if (ctx.decider !== null) await tell(deps, workspace, ctx.decider, 'group.request.createdToDecider', { name: request.name, requester: mentionOf(requester) });
}
