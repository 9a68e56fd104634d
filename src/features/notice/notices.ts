// NOTE-1 acknowledged notices. An admin posts a notice in the group; its card has an
// Acknowledge button and shows "acknowledged N of M". Acknowledging twice counts once.
// The group's copy is updated at most once every few seconds however many people click
// (a keyed job per time slot), which keeps a burst within the platforms' update limits.
// Members who have not acknowledged get the notice privately after 4 hours, then daily,
// 3 times in all (none after its deadline, when the author is told who has not); the
// group's admins see who has not acknowledged (`notice status`) and download the list
// as CSV through a short-lived link.
import { holdersOf, isSuperAdminPerson, localeOf, peopleForMembers } from '../../core/actor.js';
import type { CardAction, FormModel } from '../../core/cards.js';
import { issueExportLink, type ExportTable } from '../../core/exports.js';
import { fanOut } from '../../core/fanout.js';
import { notAllowed, notFound, unavailable } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { isRealDate } from '../../core/commands/grammar.js';
import { mention, text, type Text } from '../../core/messages.js';
import { isUuid, type Actor, type Group, type Person, type Workspace } from '../../core/model.js';
import { can, definePermissions } from '../../core/permissions.js';
import type { CoreDeps, MemberRef } from '../../core/ports.js';
import { answerPrivately, type ActionResult, type Reply } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import { zonedInstant } from '../../core/zones.js';
import type { NoticeCard, NoticeStatusCard } from './cards.js';
import { MAIL_JOB } from './mail.js';
import { BODY_MAX, TITLE_MAX } from './grammar.js';
import type { Notice, NoticeStore } from './store.js';

export type NoticeDeps = CoreDeps<NoticeStore>;

export const NOTICE_PERMISSIONS = definePermissions({
  'notice.post': ['super-admin', 'owner', 'moderator'],
});

export const PUBLISH_JOB = 'notice.publish';
export const CARDS_JOB = 'notice.cards';
export const REMIND_JOB = 'notice.remind';
export const DEADLINE_JOB = 'notice.deadline';
export const EXPORT = 'notice.missing';
const SUBJECT = 'notice';
/** The group's copy is updated at most once per slot of this length. */
const CARD_SLOT_MS = 3_000;
const FIRST_REMINDER_MS = 4 * 3_600_000;
const REMINDER_EVERY_MS = 24 * 3_600_000;
const MAX_REMINDERS = 3;
const STATUS_SHOWN = 50;
const DAY = 86_400_000;
const MAX_DEADLINE_MS = 90 * DAY;

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
    title: v.notice.title,
    body: v.notice.body,
    at: v.notice.createdAt,
    deadline: v.notice.deadline,
    important: v.notice.important,
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
async function audienceOf(deps: NoticeDeps, workspace: Workspace, group: Group, authorAddress: string | null): Promise<MemberRef[]> {
  const members = await deps.membership.listMembers(workspace, group);
  if (members === 'unknown') unavailable(text('notice.membersUnknown'));
  return members.filter((m) => m.address !== authorAddress);
}

export interface NoticeDraft {
  title: string | null;
  body: string;
  deadline: Date | null;
  important: boolean;
}

export async function postNotice(deps: NoticeDeps, ctx: CommandContext, body: string, important: boolean): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  return { kind: 'text', text: await post(deps, ctx.actor, group, { title: null, body, deadline: null, important }) };
}

async function post(deps: NoticeDeps, actor: Actor, group: Group, draft: NoticeDraft): Promise<Text> {
  await mayPost(deps, actor, group, 'notice.post');
  const audience = await audienceOf(deps, actor.workspace, group, actor.person.address);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const notice = await tx.notices.create({ workspaceId: actor.workspace.id, groupId: group.id, authorId: actor.person.id, ...draft, members: audience.length, createdAt: now });
    const details = { members: audience.length, length: draft.body.length, important: draft.important, deadline: draft.deadline?.toISOString() ?? null };
    await tx.audit.append(byActor(actor, 'notice.post', { targetType: 'notice', targetId: notice.id, groupId: group.id, details }), now);
    const ids = { workspaceId: actor.workspace.id, noticeId: notice.id };
    await deps.jobs.send(PUBLISH_JOB, ids, { key: notice.id, in: tx });
    const first = new Date(now.getTime() + FIRST_REMINDER_MS);
    if (draft.deadline === null || first < draft.deadline) await deps.jobs.send(REMIND_JOB, { ...ids, n: 1 }, { key: `${notice.id}:1`, at: first, in: tx });
    if (draft.deadline !== null) await deps.jobs.send(DEADLINE_JOB, ids, { key: notice.id, at: draft.deadline, in: tx });
    if (draft.important && deps.mail.enabled) await deps.jobs.send(MAIL_JOB, ids, { key: notice.id, in: tx });
  });
  const posted = text('notice.posted', { group: group.name, members: audience.length });
  if (!draft.important) return posted;
  return text(deps.mail.enabled ? 'notice.postedMailed' : 'notice.postedNoMail', { posted });
}

function noticeForm(groupId: string, values: Record<string, string> = {}, errors: Record<string, Text> = {}): FormModel {
  const field = (id: string) => ({ ...(values[id] !== undefined && values[id] !== '' ? { value: values[id] } : {}), ...(errors[id] !== undefined ? { error: errors[id] } : {}) });
  return {
    action: { id: 'notice.submit', payload: { groupId }, style: 'primary', label: text('notice.form.submit') },
    open: { id: 'notice.form', payload: { groupId }, label: text('notice.form.title') },
    title: text('notice.form.title'),
    intro: text('notice.form.intro'),
    fields: [
      { id: 'title', label: text('notice.form.titleField'), multiline: false, required: true, maxLength: TITLE_MAX, ...field('title') },
      { id: 'body', label: text('notice.form.body'), multiline: true, required: true, maxLength: BODY_MAX, ...field('body') },
      { id: 'deadline', label: text('notice.form.deadline'), kind: 'date', multiline: false, required: false, maxLength: 10, ...field('deadline') },
      {
        id: 'important',
        label: text('notice.form.important'),
        kind: 'choice',
        choices: [
          { value: 'no', label: text('notice.form.importantNo') },
          { value: 'yes', label: text('notice.form.importantYes') },
        ],
        multiline: false,
        required: true,
        maxLength: 3,
        value: values['important'] ?? 'no',
        ...(errors['important'] !== undefined ? { error: errors['important'] } : {}),
      },
    ],
  };
}

/** `notice` alone: the form, for the group's admins. */
export async function formCommand(deps: NoticeDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayPost(deps, ctx.actor, group, 'notice.form');
  return { kind: 'form', form: noticeForm(group.id) };
}

/** A group of the clicker's workspace, named by a payload that crossed the wire. */
async function groupOf(deps: NoticeDeps, actor: Actor, groupId: string): Promise<Group> {
  const group = isUuid(groupId) ? await deps.store.groups.get(groupId) : null;
  if (group === null || group.workspaceId !== actor.workspace.id || group.status !== 'active') notFound(text('group.notRegistered'));
  return group;
}

/** The form again (a Teams dialog fetches it). */
export async function openForm(deps: NoticeDeps, actor: Actor, groupId: string): Promise<ActionResult> {
  const group = await groupOf(deps, actor, groupId);
  await mayPost(deps, actor, group, 'notice.form');
  return { kind: 'form', form: noticeForm(group.id), card: null };
}

/** The form's submission (Slack modal, Teams dialog): checked field by field, posted as the command would. */
export async function submitForm(deps: NoticeDeps, actor: Actor, groupId: string, inputs: Readonly<Record<string, string>>): Promise<ActionResult> {
  const group = await groupOf(deps, actor, groupId);
  const values = { title: (inputs['title'] ?? '').replace(/\s+/g, ' ').trim(), body: (inputs['body'] ?? '').trim(), deadline: (inputs['deadline'] ?? '').trim(), important: (inputs['important'] ?? 'no').trim() };
  const errors: Record<string, Text> = {};
  if (values.title === '') errors['title'] = text('notice.form.titleRequired');
  else if (values.title.length > TITLE_MAX) errors['title'] = text('notice.form.titleTooLong', { max: TITLE_MAX });
  if (values.body === '') errors['body'] = text('notice.form.bodyRequired');
  else if (values.body.length > BODY_MAX) errors['body'] = text('notice.bodyTooLong', { max: BODY_MAX });
  let deadline: Date | null = null;
  if (values.deadline !== '') {
    // The end of that day where the author is (UTC when their zone is unknown).
    deadline = isRealDate(values.deadline) ? zonedInstant(values.deadline, 23 * 60 + 59, actor.person.timezone ?? 'UTC') : null;
    if (deadline === null) errors['deadline'] = text('notice.form.deadlineInvalid');
    else if (deadline.getTime() <= deps.clock.now().getTime()) errors['deadline'] = text('notice.form.deadlinePast');
    else if (deadline.getTime() > deps.clock.now().getTime() + MAX_DEADLINE_MS) errors['deadline'] = text('notice.form.deadlineFar', { days: MAX_DEADLINE_MS / DAY });
  }
  if (values.important !== 'yes' && values.important !== 'no') errors['important'] = text('notice.form.importantInvalid');
  if (Object.keys(errors).length > 0) return { kind: 'form', form: noticeForm(group.id, values, errors), card: null };
  return { kind: 'notice', notice: await post(deps, actor, group, { title: values.title, body: values.body, deadline, important: values.important === 'yes' }) };
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
  // Never after the deadline, a reminder resumed after a wait included.
  if (v.notice.deadline !== null && deps.clock.now() >= v.notice.deadline) return;
  if (!resume) {
    const claimed = await deps.store.transaction(async (tx) => {
      if (!(await tx.notices.claimReminder(noticeId, n))) return false;
      const next = new Date(v.notice.createdAt.getTime() + FIRST_REMINDER_MS + n * REMINDER_EVERY_MS);
      if (n < MAX_REMINDERS && (v.notice.deadline === null || next < v.notice.deadline)) {
        await deps.jobs.send(REMIND_JOB, { workspaceId: v.workspace.id, noticeId, n: n + 1 }, { key: `${noticeId}:${n + 1}`, at: next, in: tx });
      }
      return true;
    });
    if (!claimed) return;
  }
  const acked = await deps.store.notices.acknowledgedBy(noticeId);
  const count = acked.size;
  const people = await peopleForMembers(deps, v.workspace, members.filter((m) => m.address !== v.author.address));
  const recipients = people.filter((p) => !acked.has(p.id) && p.employment !== 'inactive');
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

interface Missing {
  notice: Notice;
  acked: number;
  missing: Person[];
}

/** Who has not acknowledged a notice: the members the platform lists now, less those who have. */
async function missingOf(deps: NoticeDeps, workspace: Workspace, group: Group, notice: Notice): Promise<Missing> {
  const author = await deps.store.people.get(notice.authorId);
  const audience = await audienceOf(deps, workspace, group, author?.address ?? null);
  const acked = await deps.store.notices.acknowledgedBy(notice.id);
  const people = await peopleForMembers(deps, workspace, audience);
  return { notice, acked: acked.size, missing: people.filter((p) => !acked.has(p.id)) };
}

function statusCard(group: Group, m: Missing, download: NoticeStatusCard['download']): NoticeStatusCard {
  return {
    kind: 'notice.status',
    group: group.name,
    title: m.notice.title,
    body: m.notice.body,
    at: m.notice.createdAt,
    deadline: m.notice.deadline,
    acknowledged: m.acked,
    members: Math.max(m.notice.members, m.acked),
    reminders: m.notice.reminders,
    missing: m.missing.slice(0, STATUS_SHOWN).map((p) => mention(p.address, p.realName ?? p.displayName)),
    more: Math.max(0, m.missing.length - STATUS_SHOWN),
    download,
  };
}

/** `notice status` (or `export`): who has not acknowledged the latest notice, with a link to the list as CSV. */
export async function status(deps: NoticeDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayPost(deps, ctx.actor, group, 'notice.status');
  const notice = await deps.store.notices.latestInGroup(group.id);
  if (notice === null) return { kind: 'text', text: text('notice.none', { group: group.name }) };
  const m = await missingOf(deps, ctx.actor.workspace, group, notice);
  const download = m.missing.length === 0 ? null : await issueExportLink(deps, ctx.actor, EXPORT, notice.id);
  // Names, and a link that works for whoever holds it: for the asker's eyes only.
  return answerPrivately(deps, ctx.actor, ctx.conversation, statusCard(group, m, download));
}

/** The job at the deadline: the author learns who has not acknowledged. */
export async function deadlineReached(deps: NoticeDeps, noticeId: string): Promise<void> {
  const v = await load(deps, noticeId);
  if (v === null || v.group.status !== 'active' || v.author.employment === 'inactive') return;
  // Names go only to an author who still runs the group's notices.
  const author: Actor = { workspace: v.workspace, person: v.author, locale: localeOf(deps, v.workspace, v.author), isSuperAdmin: await isSuperAdminPerson(deps, v.author) };
  if (!can(await holdersOf(deps, author, v.group), NOTICE_PERMISSIONS['notice.post'])) return;
  const m = await missingOf(deps, v.workspace, v.group, v.notice);
  await deps.messaging.sendPrivate(v.workspace, v.author, { locale: localeOf(deps, v.workspace, v.author), card: statusCard(v.group, m, null) });
}

/** The export behind the link: checked again when opened (the person may have lost the right since). */
export async function missingExport(deps: NoticeDeps, actor: Actor, noticeId: string): Promise<ExportTable> {
  const v = await load(deps, noticeId);
  if (v === null || v.workspace.id !== actor.workspace.id) notFound(text('notice.unknown'));
  await mayPost(deps, actor, v.group, 'notice.export');
  const m = await missingOf(deps, v.workspace, v.group, v.notice);
  await deps.store.audit.append(byActor(actor, 'notice.export', { targetType: 'notice', targetId: noticeId, groupId: v.group.id, details: { rows: m.missing.length } }), deps.clock.now());
  return {
    filename: `notice-${v.group.name}-${v.notice.createdAt.toISOString().slice(0, 10)}-not-acknowledged`,
    columns: [text('notice.export.name'), text('notice.export.email'), text('notice.export.department'), text('notice.export.account')],
    rows: m.missing.map((p) => [p.realName ?? p.displayName, p.email ?? '', p.department ?? '', p.address]),
  };
}
