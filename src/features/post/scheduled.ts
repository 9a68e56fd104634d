// NOTE-2: scheduled posts. A durable job (`post.send`) posts each one once at its
// time, after a restart too; its author lists them (`post scheduled`) and cancels
// one from the card. A post its author may no longer make is not sent, nor one
// the platform refuses for an hour; the author is told either way.
import { localeOf } from '../../core/actor.js';
import { CharterError, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { date, text, type Text } from '../../core/messages.js';
import type { Actor, Group, Person } from '../../core/model.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { loadPolicy } from '../../core/settings.js';
import { byActor, bySystem } from '../audit/entries.js';
import { zoneOf } from '../rules/settings.js';
import type { ScheduledListCard } from './cards.js';
import { SEND_JOB, mayPost, messageCard } from './forms.js';
import type { ScheduledPost } from './store.js';
import { catalogOf, type PostDeps } from './tags.js';

const STALE_SEND_MS = 5 * 60_000;

export async function listScheduled(deps: PostDeps, { actor }: CommandContext): Promise<Reply> {
  const posts = await deps.store.scheduledPosts.listPending(actor.person.id);
  if (posts.length === 0) return { kind: 'text', text: text('post.scheduledNone') };
  const card: ScheduledListCard = { kind: 'post.scheduled', posts: [], actions: [] };
  for (const p of posts.slice(0, 20)) {
    const group = await deps.store.groups.get(p.groupId);
    const policy = group === null ? null : await loadPolicy(deps, actor.workspace.id, group);
    card.posts.push({ id: p.id, group: group?.name ?? '?', tag: p.tag, sendAt: p.sendAt, timezone: policy === null ? 'UTC' : zoneOf(policy, actor.person) });
    card.actions.push({ id: 'post.cancel', payload: { postId: p.id }, style: 'danger', label: text('post.cancelButton', { at: date(p.sendAt) }) });
  }
  return { kind: 'card', card };
}

export async function cancelScheduled(deps: PostDeps, actor: Actor, postId: string): Promise<ActionResult> {
  const post = /^[0-9a-f-]{36}$/i.test(postId) ? await deps.store.scheduledPosts.get(postId) : null;
  if (post === null || post.workspaceId !== actor.workspace.id) notFound(text('post.unknownScheduled'));
  if (post.authorId !== actor.person.id) notAllowed(text('post.notYours'));
  const cancelled = await deps.store.transaction(async (tx) => {
    const done = await tx.scheduledPosts.cancel(post.id);
    if (done === null) return false;
    await deps.jobs.cancel(SEND_JOB, post.id, { in: tx });
    await tx.audit.append(byActor(actor, 'post.cancel', { targetType: 'scheduled_post', targetId: post.id, groupId: post.groupId }), deps.clock.now());
    return true;
  });
  return { kind: 'notice', notice: text(cancelled ? 'post.cancelled' : 'post.alreadySent') };
}

/** A post that cannot be sent within this long of its time is given up, and its author told. */
export const GIVE_UP_MS = 60 * 60_000;

/** Not sent: the kept fields are cleared, the author told (if reachable) and the audit log says why. */
async function notSent(deps: PostDeps, post: ScheduledPost, state: 'cancelled' | 'failed', why: Text, group: Group | null): Promise<void> {
  await deps.store.scheduledPosts.finish(post.id, state);
  await deps.store.audit.append(
    bySystem(post.workspaceId, 'post.publish', { targetType: 'scheduled_post', targetId: post.id, groupId: post.groupId, outcome: state === 'failed' ? 'failed' : 'refused', details: { tag: post.tag, scheduled: true, why: why.key } }),
    deps.clock.now(),
  );
  const [workspace, author] = await Promise.all([deps.store.workspaces.get(post.workspaceId), deps.store.people.get(post.authorId)]);
  if (workspace === null || author === null) return;
  try {
    await deps.messaging.sendPrivate(workspace, author, { locale: localeOf(deps, workspace, author), text: text('post.notSent', { group: group?.name ?? '?', at: date(post.sendAt), why }) });
  } catch (err) {
    deps.log.warn({ err, postId: post.id }, 'could not tell the author a scheduled post was not sent');
  }
}

/**
 * The job: claims the post (so it is posted once), checks again that its author
 * may still post it there (roles, the group's policy and membership may have
 * changed since), posts it, and clears what it kept. A post the platform keeps
 * refusing is retried, and given up an hour after its time.
 */
export async function sendScheduled(deps: PostDeps, postId: string): Promise<void> {
  const now = deps.clock.now();
  const post = await deps.store.scheduledPosts.claim(postId, now, new Date(now.getTime() - STALE_SEND_MS));
  if (post === null) return;
  const [workspace, group, author] = await Promise.all([deps.store.workspaces.get(post.workspaceId), deps.store.groups.get(post.groupId), deps.store.people.get(post.authorId)]);
  const tag = workspace === null ? undefined : (await catalogOf(deps, workspace.id)).find(post.tag);
  if (workspace === null || group === null || author === null || tag === undefined || group.status !== 'active') {
    await notSent(deps, post, 'cancelled', text('post.why.gone'), group);
    return;
  }
  const policy = await loadPolicy(deps, workspace.id, group);
  try {
    await mayPost(deps, workspace, author, group, tag, policy);
  } catch (err) {
    if (!(err instanceof CharterError)) {
      await deps.store.scheduledPosts.release(post.id);
      throw err;
    }
    await notSent(deps, post, 'cancelled', err.text, group);
    return;
  }
  const people = new Map<string, Person>();
  for (const f of tag.fields) {
    const address = post.fields[f.id];
    if (f.kind === 'user' && address !== undefined && address !== '') {
      const person = await deps.store.people.findByAddress(workspace.id, address);
      if (person !== null) people.set(f.id, person);
    }
  }
  const card = messageCard(tag, { values: post.fields, errors: {}, people }, author, zoneOf(policy, author));
  try {
    await deps.messaging.postToGroup(workspace, group, { locale: post.locale ?? localeOf(deps, workspace, null), card });
  } catch (err) {
    if (deps.clock.now().getTime() - post.sendAt.getTime() > GIVE_UP_MS) {
      deps.log.warn({ err, postId }, 'a scheduled post could not be sent for an hour; given up');
      await notSent(deps, post, 'failed', text('post.why.failed'), group);
      return;
    }
    // Not posted: back to pending, and the job is retried.
    await deps.store.scheduledPosts.release(post.id);
    throw err;
  }
  // Posted: from here on nothing may make it post again.
  await deps.store.transaction(async (tx) => {
    await tx.scheduledPosts.markSent(post.id, deps.clock.now());
    await tx.audit.append(bySystem(workspace.id, 'post.publish', { targetType: 'scheduled_post', targetId: post.id, groupId: group.id, details: { tag: tag.key, scheduled: true } }), deps.clock.now());
  });
}
