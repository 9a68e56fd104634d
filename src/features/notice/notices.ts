// NOTE-1 acknowledged notices. An admin posts a notice in the group; its card has an
// Acknowledge button and shows "acknowledged N of M". Acknowledging twice counts once.
// The group's copy is updated at most once every few seconds however many people click
// (a keyed job per time slot), which keeps a burst within the platforms' update limits.
// Members who have not acknowledged get the notice privately after 4 hours, then daily,
// 3 times in all; the group's admins see who has not acknowledged (`notice status`).
import { holdersOf, localeOf, personForMember } from '../../core/actor.js';
import type { CardAction } from '../../core/cards.js';
import { fanOut } from '../../core/fanout.js';
import { notAllowed, notFound, unavailable } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { mention, text, type Text } from '../../core/messages.js';
import type { Actor, Group, Person, Workspace } from '../../core/model.js';
import { can, definePermissions } from '../../core/permissions.js';
import type { CoreDeps, MemberRef } from '../../core/ports.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import type { NoticeCard, NoticeStatusCard } from './cards.js';
import type { Notice, NoticeStore } from './store.js';

export type NoticeDeps = CoreDeps<NoticeStore>;

export const NOTICE_PERMISSIONS = definePermissions({
  'notice.post': ['super-admin', 'owner', 'moderator'],
});

export const PUBLISH_JOB = 'notice.publish';
export const CARDS_JOB = 'notice.cards';
export const REMIND_JOB = 'notice.remind';
const SUBJECT = 'notice';
/** The group's copy is updated at most once per slot of this length. */
const CARD_SLOT_MS = 3_000;
const FIRST_REMINDER_MS = 4 * 3_600_000;
const REMINDER_EVERY_MS = 24 * 3_600_000;
const MAX_REMINDERS = 3;
const STATUS_SHOWN = 50;

interface View {
  workspace: Workspace;
  group: Group;
  notice: Notice;
  author: Person;
}

async function load(deps: NoticeDeps, id: string): Promise<View | null> {
  const notice = await deps.store.notices.get(id);
  if (notice === null) return null;
  const [workspace, group, author] = await Promise.all([deps.store.workspaces.get(notice.workspaceId), deps.store.groups.get(notice.groupId), deps.store.people.get(notice.authorId)]);
  if (workspace === null || group === null || author === null) return null;
  return { workspace, group, notice, author };
}

function noticeCard(v: View, acknowledged: number, extra: { reminder?: boolean; notice?: Text | null } = {}): NoticeCard {
  const actions: CardAction[] = [{ id: 'notice.ack', payload: { noticeId: v.notice.id }, style: 'primary', label: text('notice.card.ack') }];
  return {
    kind: 'notice.notice',
    noticeId: v.notice.id,
    group: v.group.name,
    author: mentionOf(v.author),
    body: v.notice.body,
    at: v.notice.createdAt,
    acknowledged,
    members: Math.max(v.notice.members, acknowledged),
    reminder: extra.reminder ?? false,
    actions,
    notice: extra.notice ?? null,
  };
}

async function mayPost(deps: NoticeDeps, actor: Actor, group: Group, action: string): Promise<void> {
  if (can(await holdersOf(deps, actor, group), NOTICE_PERMISSIONS['notice.post'])) return;
  await deps.store.audit.append(byActor(actor, action, { targetType: 'group', targetId: group.id, groupId: group.id, outcome: 'refused' }), deps.clock.now());
  notAllowed(text('notice.forbidden', { group: group.name }));
}

/** The members a notice is for: everyone the platform lists but its author. */
async function audienceOf(deps: NoticeDeps, workspace: Workspace, group: Group, author: Person): Promise<MemberRef[]> {
  const members = await deps.membership.listMembers(workspace, group);
  if (members === 'unknown') unavailable(text('notice.membersUnknown'));
  return members.filter((m) => m.address !== author.address);
}

export async function postNotice(deps: NoticeDeps, ctx: CommandContext, body: string): Promise<Reply> {
  const { actor } = ctx;
  const group = await groupHere(deps, actor, ctx.conversation);
  await mayPost(deps, actor, group, 'notice.post');
  const audience = await audienceOf(deps, actor.workspace, group, actor.person);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const notice = await tx.notices.create({ workspaceId: actor.workspace.id, groupId: group.id, authorId: actor.person.id, body, members: audience.length, createdAt: now });
    await tx.audit.append(byActor(actor, 'notice.post', { targetType: 'notice', targetId: notice.id, groupId: group.id, details: { members: audience.length, length: body.length } }), now);
    await deps.jobs.send(PUBLISH_JOB, { workspaceId: actor.workspace.id, noticeId: notice.id }, { key: notice.id, in: tx });
    await deps.jobs.send(REMIND_JOB, { workspaceId: actor.workspace.id, noticeId: notice.id, n: 1 }, { key: `${notice.id}:1`, at: new Date(now.getTime() + FIRST_REMINDER_MS), in: tx });
  });
  return { kind: 'text', text: text('notice.posted', { group: group.name, members: audience.length }) };
}

/** The job: the card in the group, once. */
export async function publish(deps: NoticeDeps, noticeId: string): Promise<void> {
  const v = await load(deps, noticeId);
  if (v === null) return;
  if ((await deps.store.cardPosts.listFor(SUBJECT, noticeId)).some((p) => p.recipientId === null)) return;
  const locale = localeOf(deps, v.workspace, null);
  const posted = await deps.messaging.postToGroup(v.workspace, v.group, { locale, card: noticeCard(v, await deps.store.notices.count(noticeId)) });
  await deps.store.cardPosts.add({ workspaceId: v.workspace.id, subjectType: SUBJECT, subjectId: noticeId, recipientId: null, conversationId: posted.conversationId, messageId: posted.messageId, locale });
}

export async function acknowledge(deps: NoticeDeps, actor: Actor, noticeId: string): Promise<ActionResult> {
  const v = await load(deps, noticeId);
  if (v === null || v.workspace.id !== actor.workspace.id) notFound(text('notice.unknown'));
  // Someone the platform places in the group (or one of its admins).
  const admin = can(await holdersOf(deps, actor, v.group), NOTICE_PERMISSIONS['notice.post']);
  if (!admin && (await deps.membership.isMember(v.workspace, v.group, actor.person).catch(() => false)) !== true) notAllowed(text('notice.notInGroup', { group: v.group.name }));
  const now = deps.clock.now();
  const first = await deps.store.notices.acknowledge(noticeId, actor.person.id, now);
  if (first) {
    // One update of every copy per slot, however many acknowledge in it.
    const slot = Math.floor(now.getTime() / CARD_SLOT_MS);
    await deps.jobs.send(CARDS_JOB, { workspaceId: v.workspace.id, noticeId }, { key: `${noticeId}:${slot}`, at: new Date((slot + 1) * CARD_SLOT_MS) });
  }
  const count = await deps.store.notices.count(noticeId);
  const notice = text(first ? 'notice.acknowledgedNotice' : 'notice.alreadyAcknowledged');
  return { kind: 'card', card: noticeCard(v, count, { notice }), notice };
}

/** The job: every copy shows the count as it is now. */
export async function refresh(deps: NoticeDeps, noticeId: string): Promise<void> {
  const v = await load(deps, noticeId);
  if (v === null) return;
  const count = await deps.store.notices.count(noticeId);
  // The group's copy only: reminders may have gone to thousands, and each shows its own state when clicked.
  for (const post of await deps.store.cardPosts.listFor(SUBJECT, noticeId)) {
    if (post.recipientId !== null) continue;
    try {
      await deps.messaging.updateCard(v.workspace, post, noticeCard(v, count));
    } catch (err) {
      deps.log.warn({ err, noticeId }, 'could not update the notice card');
    }
  }
}

/**
 * The job: reminder n to those who have not acknowledged, through the shared sender;
 * the next one enqueued with its claim. `resume`: the same reminder, continued after
 * the limits said wait (already claimed; the sender skips whoever got it).
 */
export async function remind(deps: NoticeDeps, noticeId: string, n: number, resume = false): Promise<void> {
  const v = await load(deps, noticeId);
  if (v === null) return;
  // The list first: when the platform cannot give it, the job is retried before anything is claimed.
  const members = await deps.membership.listMembers(v.workspace, v.group);
  if (members === 'unknown') throw new Error('the member list is not available right now');
  if (!resume) {
    const claimed = await deps.store.transaction(async (tx) => {
      if (!(await tx.notices.claimReminder(noticeId, n))) return false;
      if (n < MAX_REMINDERS) {
        await deps.jobs.send(REMIND_JOB, { workspaceId: v.workspace.id, noticeId, n: n + 1 }, { key: `${noticeId}:${n + 1}`, at: new Date(v.notice.createdAt.getTime() + FIRST_REMINDER_MS + n * REMINDER_EVERY_MS), in: tx });
      }
      return true;
    });
    if (!claimed) return;
  }
  const acked = await deps.store.notices.acknowledgedBy(noticeId);
  const count = acked.size;
  const recipients: Person[] = [];
  for (const m of members) {
    if (m.address === v.author.address) continue;
    const person = await personForMember(deps, v.workspace, m);
    if (!acked.has(person.id) && person.employment !== 'inactive') recipients.push(person);
  }
  const r = await fanOut(deps, {
    workspace: v.workspace,
    subjectType: 'notice-reminder',
    subjectId: `${noticeId}:${n}`,
    cardSubject: { type: SUBJECT, id: noticeId },
    recipients,
    message: (_p, locale) => ({ locale, card: noticeCard(v, count, { reminder: true }) }),
  });
  if (r.resumeAt !== null) await deps.jobs.send(REMIND_JOB, { workspaceId: v.workspace.id, noticeId, n, resume: true }, { key: `${noticeId}:${n}:${r.resumeAt.getTime()}`, at: r.resumeAt });
}

export async function status(deps: NoticeDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayPost(deps, ctx.actor, group, 'notice.status');
  const notice = await deps.store.notices.latestInGroup(group.id);
  if (notice === null) return { kind: 'text', text: text('notice.none', { group: group.name }) };
  const author = await deps.store.people.get(notice.authorId);
  const audience = await audienceOf(deps, ctx.actor.workspace, group, author ?? ctx.actor.person);
  const acked = await deps.store.notices.acknowledgedBy(notice.id);
  const missing: MemberRef[] = [];
  for (const m of audience) {
    const known = await deps.store.people.findByAddress(ctx.actor.workspace.id, m.address);
    if (known === null || !acked.has(known.id)) missing.push(known === null ? m : { ...m, displayName: known.realName ?? known.displayName });
  }
  const card: NoticeStatusCard = {
    kind: 'notice.status',
    group: group.name,
    body: notice.body,
    at: notice.createdAt,
    acknowledged: acked.size,
    members: Math.max(notice.members, acked.size),
    reminders: notice.reminders,
    missing: missing.slice(0, STATUS_SHOWN).map((m) => mention(m.address, m.displayName)),
    more: Math.max(0, missing.length - STATUS_SHOWN),
  };
  return { kind: 'card', card };
}
