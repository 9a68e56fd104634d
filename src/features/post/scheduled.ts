// NOTE-2: scheduled posts. A durable job (`post.send`) posts each one once at its
// time, after a restart too; its author lists them (`post scheduled`) and cancels
// one from the card.
import { localeOf } from '../../core/actor.js';
import { notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { date, text } from '../../core/messages.js';
import type { Actor } from '../../core/model.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { loadPolicy } from '../../core/settings.js';
import { byActor, bySystem } from '../audit/entries.js';
import { TIMEZONE } from '../rules/settings.js';
import type { ScheduledListCard } from './cards.js';
import { SEND_JOB, messageCard } from './forms.js';
import { catalogOf, type PostDeps } from './tags.js';

const STALE_SEND_MS = 5 * 60_000;

export async function listScheduled(deps: PostDeps, { actor }: CommandContext): Promise<Reply> {
  const posts = await deps.store.scheduledPosts.listPending(actor.person.id);
  if (posts.length === 0) return { kind: 'text', text: text('post.scheduledNone') };
  const card: ScheduledListCard = { kind: 'post.scheduled', posts: [], actions: [] };
  for (const p of posts.slice(0, 20)) {
    const group = await deps.store.groups.get(p.groupId);
    const policy = group === null ? null : await loadPolicy(deps, actor.workspace.id, group);
    card.posts.push({ id: p.id, group: group?.name ?? '?', tag: p.tag, sendAt: p.sendAt, timezone: policy?.get(TIMEZONE) ?? 'UTC' });
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

/** The job: claims the post (so it is posted once), posts it, clears what it kept. */
export async function sendScheduled(deps: PostDeps, postId: string): Promise<void> {
  const now = deps.clock.now();
  const post = await deps.store.scheduledPosts.claim(postId, now, new Date(now.getTime() - STALE_SEND_MS));
  if (post === null) return;
  try {
    const [workspace, group, author] = await Promise.all([deps.store.workspaces.get(post.workspaceId), deps.store.groups.get(post.groupId), deps.store.people.get(post.authorId)]);
    const tag = workspace === null ? undefined : (await catalogOf(deps, workspace.id)).find(post.tag);
    if (workspace === null || group === null || author === null || tag === undefined || group.status !== 'active') {
      await deps.store.scheduledPosts.markSent(post.id, deps.clock.now());
      deps.log.warn({ postId }, 'a scheduled post’s group, author or tag is gone; not posted');
      return;
    }
    const people = new Map();
    for (const f of tag.fields) {
      const address = post.fields[f.id];
      if (f.kind === 'user' && address !== undefined && address !== '') {
        const person = await deps.store.people.findByAddress(workspace.id, address);
        if (person !== null) people.set(f.id, person);
      }
    }
    const timezone = (await loadPolicy(deps, workspace.id, group)).get(TIMEZONE);
    const card = messageCard(tag, { values: post.fields, errors: {}, people }, author, timezone);
    await deps.messaging.postToGroup(workspace, group, { locale: post.locale ?? localeOf(deps, workspace, null), card });
    await deps.store.scheduledPosts.markSent(post.id, deps.clock.now());
    await deps.store.audit.append(bySystem(workspace.id, 'post.publish', { targetType: 'scheduled_post', targetId: post.id, groupId: group.id, details: { tag: tag.key, scheduled: true } }), deps.clock.now());
  } catch (err) {
    // Not posted: back to pending, and the job is retried.
    await deps.store.scheduledPosts.release(post.id);
    throw err;
  }
}
