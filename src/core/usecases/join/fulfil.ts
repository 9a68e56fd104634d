// ADM-4: what follows a decision. After an approval the bot adds the member where
// the platform lets it, or asks the owners to; the group gets a welcome. After
// either decision the requester is told and every copy of the card is updated in
// place. The follow-up is claimed with a conditional update, so it runs once even
// when the sweeper and a click race; a transient failure to add is left for the
// sweeper to retry (up to MAX_ATTEMPTS), then falls back to the owners.
import { text } from '../../messages.js';
import type { Person } from '../../model.js';
import type { AddMemberResult, CoreDeps } from '../../ports.js';
import { localeOf } from '../actor.js';
import { bySystem } from '../audit.js';
import { mentionOf } from '../summaries.js';
import { joinCard, loadJoinContext, type JoinContext } from './context.js';

export const MAX_ATTEMPTS = 5;
export const STALE_CLAIM_MS = 5 * 60_000;

/** Updates every posted copy of the card, each in its own locale. */
async function updateCards(deps: CoreDeps, ctx: JoinContext): Promise<void> {
  const card = joinCard(ctx);
  for (const post of await deps.store.cardPosts.listFor('join_request', ctx.request.id)) {
    try {
      await deps.platform.updateCard(ctx.workspace, post, card);
    } catch (err) {
      deps.log.warn({ err, postId: post.id }, 'could not update a copy of the join request card');
    }
  }
}

function errorCode(err: unknown): string {
  if (err instanceof Error) return err.name === 'Error' ? err.message.slice(0, 200) : err.name;
  return 'unknown error';
}

async function tell(deps: CoreDeps, ctx: JoinContext, person: Person, key: string, params: Parameters<typeof text>[1]) {
  try {
    await deps.platform.sendPrivate(ctx.workspace, person, { locale: localeOf(deps, ctx.workspace, person), text: text(key, params) });
  } catch (err) {
    deps.log.warn({ err, requestId: ctx.request.id, personId: person.id, key }, 'could not send a private message');
  }
}

async function askOwners(deps: CoreDeps, ctx: JoinContext, error: string | null): Promise<void> {
  const owners = (await deps.store.roles.listForGroup(ctx.group.id)).filter((g) => g.role === 'owner');
  const people = await deps.store.people.getMany(owners.map((g) => g.personId));
  const decider = ctx.decider === null ? ctx.group.name : mentionOf(ctx.decider);
  for (const owner of people) {
    await tell(deps, ctx, owner, error === null ? 'join.pleaseAdd' : 'join.pleaseAddAfterError', {
      member: mentionOf(ctx.requester),
      group: ctx.group.name,
      by: decider,
      ...(error !== null ? { error } : {}),
    });
  }
  await tell(deps, ctx, ctx.requester, 'join.approvedOwnerAdds', { group: ctx.group.name });
}

export async function fulfilJoin(deps: CoreDeps, requestId: string): Promise<void> {
  const now = deps.clock.now();
  const claimed = await deps.store.joinRequests.claimFulfilment(requestId, now, new Date(now.getTime() - STALE_CLAIM_MS));
  if (claimed === null) return;
  const loaded = await loadJoinContext(deps, requestId);
  if (loaded === null) return;
  const ctx: JoinContext = { ...loaded, request: claimed };
  const { workspace, group, requester } = ctx;

  if (claimed.state === 'denied') {
    const by = ctx.decider === null ? text('join.card.system') : mentionOf(ctx.decider);
    await tell(deps, ctx, requester, 'join.deniedToYou', { group: group.name, by, reason: claimed.decisionReason ?? '' });
    await deps.store.joinRequests.finishFulfilment(requestId, 'done', null, deps.clock.now());
    await updateCards(deps, { ...ctx, request: (await deps.store.joinRequests.get(requestId)) ?? claimed });
    return;
  }

  let result: AddMemberResult = { outcome: 'unsupported' };
  if (deps.platform.capabilities.addMember === 'direct') {
    try {
      result = await deps.platform.addMember(workspace, group, requester);
    } catch (err) {
      const error = errorCode(err);
      if (claimed.fulfilmentAttempts < MAX_ATTEMPTS) {
        deps.log.warn({ err, requestId, attempt: claimed.fulfilmentAttempts }, 'adding the member failed; will retry');
        await deps.store.joinRequests.finishFulfilment(requestId, 'failed', error, deps.clock.now());
        return;
      }
      result = { outcome: 'failed', error };
    }
  }

  const added = result.outcome === 'added' || result.outcome === 'already-member';
  const error = result.outcome === 'failed' ? result.error : null;
  const fulfilment = added ? 'done' : 'owner-asked';
  await deps.store.joinRequests.finishFulfilment(requestId, fulfilment, error, deps.clock.now());
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

  if (result.outcome === 'added') {
    try {
      await deps.platform.postToGroup(workspace, group, {
        locale: localeOf(deps, workspace, null),
        text: text('join.welcome', { member: mentionOf(requester), group: group.name, purpose: group.purpose }),
      });
    } catch (err) {
      deps.log.warn({ err, requestId }, 'could not post the welcome');
    }
  }
  if (added) await tell(deps, ctx, requester, 'join.approvedToYou', { group: group.name });
  else await askOwners(deps, ctx, error);

  const finished = await deps.store.joinRequests.get(requestId);
  await updateCards(deps, { ...ctx, request: finished ?? claimed });
}
