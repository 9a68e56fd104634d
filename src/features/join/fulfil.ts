// ADM-4: what follows a decision. After an approval the bot adds the member where
// the platform lets it, or asks the owners to; the group gets a welcome. After any
// decision (expiry included) the requester is told and every copy of the card is
// updated in place. This runs as the durable job `join.fulfil`, claimed with a
// conditional update so it runs once even when a retry and a slow run race; a
// transient failure to add fails the job, which pg-boss retries (up to
// MAX_ATTEMPTS), then the owners are asked instead.
import { tell, updateCopies } from '../../core/copies.js';
import { localeOf } from '../../core/actor.js';
import { text, type Param } from '../../core/messages.js';
import type { AddMemberResult } from '../../core/ports.js';
import { mentionOf } from '../../core/summaries.js';
import { bySystem } from '../audit/entries.js';
import { joinCard, loadJoinContext, SUBJECT,  type JoinContext, type JoinDeps } from './context.js';

export const MAX_ATTEMPTS = 5;
export const STALE_CLAIM_MS = 5 * 60_000;

/** The job failed for a reason worth another try later. */
export class RetryLater extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RetryLater';
  }
}

/** A short, language-neutral code for what went wrong (owners see it; the log has the rest). */
function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string' && /^[\w.-]{1,64}$/.test(e.code)) return e.code;
  if (typeof e?.name === 'string' && e.name !== 'Error' && /^\w{1,64}$/.test(e.name)) return e.name;
  return 'error';
}

function decidedBy(ctx: JoinContext): Param {
  return ctx.decider === null ? text('join.card.system') : mentionOf(ctx.decider);
}

export async function updateJoinCards(deps: JoinDeps, ctx: JoinContext): Promise<void> {
  await updateCopies(deps, ctx.workspace, SUBJECT, ctx.request.id, (shared) => joinCard(ctx, { shared }));
}

async function askOwners(deps: JoinDeps, ctx: JoinContext, error: string | null): Promise<void> {
  const owners = (await deps.store.roles.listForGroup(ctx.group.id)).filter((g) => g.role === 'owner');
  for (const owner of await deps.store.people.getMany(owners.map((g) => g.personId))) {
    await tell(deps, ctx.workspace, owner, error === null ? 'join.pleaseAdd' : 'join.pleaseAddAfterError', {
      member: mentionOf(ctx.requester),
      group: ctx.group.name,
      by: decidedBy(ctx),
      ...(error !== null ? { error } : {}),
    });
  }
  await tell(deps, ctx.workspace, ctx.requester, 'join.approvedOwnerAdds', { group: ctx.group.name });
}

/** The group's welcome, mentioning the new member (ADM-4); the HR onboarding (LIFE-1) posts it too. */
export async function welcome(deps: Pick<JoinDeps, 'messaging' | 'log' | 'settings'>, ctx: Pick<JoinContext, 'workspace' | 'group' | 'requester'>): Promise<void> {
  try {
    await deps.messaging.postToGroup(ctx.workspace, ctx.group, {
      locale: localeOf(deps, ctx.workspace, null),
      text: text('join.welcome', { member: mentionOf(ctx.requester), group: ctx.group.name, purpose: ctx.group.purpose }),
    });
  } catch (err) {
    deps.log.warn({ err, groupId: ctx.group.id }, 'could not post the welcome');
  }
}

async function refreshed(deps: JoinDeps, ctx: JoinContext): Promise<JoinContext> {
  return { ...ctx, request: (await deps.store.joinRequests.get(ctx.request.id)) ?? ctx.request };
}

export async function fulfilJoin(deps: JoinDeps, requestId: string): Promise<void> {
  const now = deps.clock.now();
  const claimed = await deps.store.joinRequests.claimFulfilment(requestId, now, new Date(now.getTime() - STALE_CLAIM_MS));
  if (claimed === null) {
    // Finished, or another run holds it: if that run dies, its claim goes stale and a retry takes over.
    const current = await deps.store.joinRequests.get(requestId);
    if (current?.fulfilment === 'running') throw new RetryLater('the follow-up is held by another run');
    return;
  }
  const loaded = await loadJoinContext(deps, requestId);
  if (loaded === null) return;
  const ctx: JoinContext = { ...loaded, request: claimed };
  const { workspace, group, requester } = ctx;

  if (claimed.state !== 'approved') {
    if (claimed.state === 'denied') {
      await tell(deps, workspace, requester, 'join.deniedToYou', { group: group.name, by: decidedBy(ctx), reason: claimed.decisionReason ?? '' });
    } else if (claimed.state === 'expired') {
      await tell(deps, workspace, requester, 'join.expiredToYou', { group: group.name });
    }
    await deps.store.joinRequests.finishFulfilment(requestId, 'done', null, deps.clock.now());
    await updateJoinCards(deps, await refreshed(deps, ctx));
    return;
  }

  let result: AddMemberResult = { outcome: 'unsupported' };
  if (deps.capabilities.addMember === 'direct') {
    try {
      result = await deps.membership.addMember(workspace, group, requester);
    } catch (err) {
      const error = errorCode(err);
      if (claimed.fulfilmentAttempts < MAX_ATTEMPTS) {
        deps.log.warn({ err, requestId, attempt: claimed.fulfilmentAttempts }, 'adding the member failed; will retry');
        await deps.store.joinRequests.finishFulfilment(requestId, 'failed', error, deps.clock.now());
        await updateJoinCards(deps, await refreshed(deps, ctx));
        throw new RetryLater(`adding the member failed: ${error}`);
      }
      result = { outcome: 'failed', error };
    }
  }
  if ((result.outcome === 'added' || result.outcome === 'already-member') && result.learned?.teamAadGroupId !== undefined) {
    await deps.store.groups.setTeamAadGroupId(group.id, result.learned.teamAadGroupId);
  }

  const added = result.outcome === 'added' || result.outcome === 'already-member';
  const error = result.outcome === 'failed' ? result.error : null;
  await deps.store.joinRequests.finishFulfilment(requestId, added ? 'done' : 'owner-asked', error, deps.clock.now());
  await deps.store.audit.append(
    bySystem(workspace.id, 'member.add', {
      targetType: 'person',
      targetId: `${requester.platform}:${requester.platformUserId}`,
      groupId: group.id,
      outcome: added ? 'ok' : result.outcome === 'failed' ? 'failed' : 'fallback',
      details: { requestId, result: result.outcome, ...(error !== null ? { error } : {}) },
    }),
    deps.clock.now(),
  );

  if (result.outcome === 'added') await welcome(deps, ctx);
  if (added) await tell(deps, workspace, requester, 'join.approvedToYou', { group: group.name });
  else await askOwners(deps, ctx, error);
  await updateJoinCards(deps, await refreshed(deps, ctx));
}
