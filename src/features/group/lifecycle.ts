// GRP-3 expiry and LIFE-5 quiet groups, from one daily scan per workspace.
// `group.daily` (scheduled) starts `group.scan` in every workspace with groups,
// keyed by the day. The scan sends each group's owners the expiry notice 7 and 1
// days before it expires (Renew, Archive), archives a group on its expiry day,
// asks the owners of a group quiet for 30 days to archive it or keep it (with a
// reason), reminds them once after 7 days, and asks again 30 days after a keep.
// Each notice is claimed (group, kind, cycle) before it goes, so it goes once.
import { holdersOf, localeOf, superAdminsOf } from '../../core/actor.js';
import type { FormModel } from '../../core/cards.js';
import { tell, updateCopies } from '../../core/copies.js';
import { notAllowed, notFound, unavailable } from '../../core/errors.js';
import { date, text, type Param, type Text } from '../../core/messages.js';
import { isRealDate } from '../../core/commands/grammar.js';
import { isUuid, type Actor, type Group, type Person, type Workspace } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { ArchiveChannelResult, JobQueue, Store } from '../../core/ports.js';
import type { ActionResult } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import type { ActivityStore } from '../activity/store.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { GroupExpiryCard, GroupQuietCard } from './cards.js';
import { LIMITS } from './grammar.js';
import { GROUP_PERMISSIONS } from './permissions.js';
import { addDays } from './register.js';
import type { GroupDeps } from './requests.js';
import type { GroupReview } from './store.js';

export type LifecycleDeps = GroupDeps & { store: ActivityStore };

export const EXPIRY_SUBJECT = 'group_expiry';
export const REVIEW_SUBJECT = 'group_review';
export const SCAN_JOB = 'group.scan';
const DAY_MS = 86_400_000;
export const QUIET_DAYS = 30;
export const REMIND_AFTER_DAYS = 7;
export const KEEP_DAYS = 30;
/** How far a renewal reaches by default: a task group's 14 days, any other 30. */
export const RENEW_DAYS = { task: 14, other: 30 } as const;
const ARCHIVE_HOLD = 'archive';
/** An archiving that has not finished after this long (its process died) may be tried again. */
const STALE_HOLD_MS = 5 * 60_000;
const RENEW_MAX_DAYS = 366;

const dayOf = (at: Date) => at.toISOString().slice(0, 10);
const daysUntil = (today: string, day: string) => Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);

/** The scheduled start: one scan job per workspace and day. */
export async function startScans(deps: { store: Store; clock: { now(): Date }; jobs?: JobQueue }): Promise<void> {
  if (deps.jobs === undefined) return;
  const day = dayOf(deps.clock.now());
  for (const workspaceId of await deps.store.groups.workspacesWithGroups()) await deps.jobs.send(SCAN_JOB, { workspaceId }, { key: `${workspaceId}:${day}` });
}

/** The owners of a group, or the super admins when it has none (who else would answer?). */
export async function ownersOrAdmins(deps: Pick<GroupDeps, 'store' | 'settings'>, workspace: Workspace, group: Group): Promise<Person[]> {
  const grants = (await deps.store.roles.listForGroup(group.id)).filter((g) => g.role === 'owner');
  const owners = (await deps.store.people.getMany(grants.map((g) => g.personId))).filter((p) => p.employment !== 'inactive');
  return owners.length > 0 ? owners : superAdminsOf(deps, workspace);
}

async function mayDecide(deps: GroupDeps, actor: Actor, group: Group): Promise<boolean> {
  return can(await holdersOf(deps, actor, group), GROUP_PERMISSIONS['group.lifecycle']);
}

/** Sends a card to each person privately, remembering the copies; none reached: into the group. */
async function sendCards(deps: GroupDeps, workspace: Workspace, group: Group, people: Person[], subjectType: string, subjectId: string, card: GroupExpiryCard | GroupQuietCard): Promise<void> {
  let delivered = 0;
  for (const person of people) {
    const locale = localeOf(deps, workspace, person);
    try {
      const posted = await deps.messaging.sendPrivate(workspace, person, { locale, card });
      await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType, subjectId, recipientId: person.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
      delivered += 1;
    } catch (err) {
      deps.log.warn({ err, groupId: group.id, personId: person.id }, 'could not send a lifecycle card');
    }
  }
  if (delivered > 0) return;
  const locale = localeOf(deps, workspace, null);
  const posted = await deps.messaging.postToGroup(workspace, group, { locale, card });
  await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType, subjectId, recipientId: null, conversationId: posted.conversationId, messageId: posted.messageId, locale });
}

// ---------------------------------------------------------------- expiry (GRP-3)

export function expiryCard(group: Group, deciders: Person[], today: string, extra: { status?: Text | null; notice?: Text | null; withActions?: boolean } = {}): GroupExpiryCard {
  const payload = { groupId: group.id };
  const active = group.status === 'active';
  const left = group.expiresOn === null ? null : daysUntil(today, group.expiresOn);
  return {
    kind: 'group.expiry',
    subjectId: group.id,
    title: text('group.expiry.title', { name: group.name }),
    lines: [
      !active
        ? text('group.expiry.archived', { name: group.name })
        : group.expiresOn === null
          ? text('group.expiry.noExpiry', { name: group.name })
          : text('group.expiry.expires', { name: group.name, date: group.expiresOn, days: Math.max(0, left ?? 0) }),
    ],
    facts: [
      { label: text('group.info.type'), value: text(`group.types.${group.type}`) },
      { label: text('group.info.purpose'), value: text('group.card.value', { value: group.purpose }) },
    ],
    warnings: [],
    status: extra.status ?? null,
    notice: extra.notice ?? null,
    actions:
      active && extra.withActions !== false
        ? [
            { id: 'group.renew', payload, style: 'primary', dialog: true, label: text('group.expiry.renew') },
            { id: 'group.archive', payload, style: 'danger', label: text('group.expiry.archive') },
          ]
        : [],
    deciders: deciders.map((p) => p.address),
    refresh: { verb: 'group.expiry-view', payload },
  };
}

async function updateExpiryCards(deps: GroupDeps, workspace: Workspace, group: Group, status: Text | null): Promise<void> {
  const deciders = await ownersOrAdmins(deps, workspace, group);
  await updateCopies(deps, workspace, EXPIRY_SUBJECT, group.id, () => expiryCard(group, deciders, dayOf(deps.clock.now()), { status }));
}

async function expiryNotice(deps: GroupDeps, workspace: Workspace, group: Group, kind: '7' | '1'): Promise<void> {
  if (group.expiresOn === null) return;
  if (!(await deps.store.groupNotices.claim(group.id, `expiry-${kind}`, group.expiresOn, deps.clock.now()))) return;
  const people = await ownersOrAdmins(deps, workspace, group);
  await sendCards(deps, workspace, group, people, EXPIRY_SUBJECT, group.id, expiryCard(group, people, dayOf(deps.clock.now())));
  await deps.store.audit.append(bySystem(workspace.id, 'group.expiry.notice', { targetType: 'group', targetId: group.id, groupId: group.id, details: { expiresOn: group.expiresOn, before: `${kind}d`, to: people.length } }), deps.clock.now());
}

/**
 * Archives a group: a last word in the group, the platform archives the channel
 * (or the owners are asked to, where it cannot), Charter stops governing it.
 * Throws on transient platform trouble (the caller retries or says so).
 */
export async function archiveGroup(deps: GroupDeps, workspace: Workspace, group: Group, by: Actor | null, why: 'expired' | 'owner' | 'quiet'): Promise<Group | null> {
  const byParam: Param = by === null ? text('group.card.system') : mentionOf(by.person);
  // One run archives: a double click, or a click racing the daily scan, announces and asks the platform once.
  const started = deps.clock.now();
  if (!(await deps.store.groupNotices.hold(group.id, ARCHIVE_HOLD, started, new Date(started.getTime() - STALE_HOLD_MS)))) return null;
  let result: ArchiveChannelResult;
  try {
    try {
      await deps.messaging.postToGroup(workspace, group, { locale: localeOf(deps, workspace, null), text: text(`group.archive.announce.${why}`, { name: group.name, by: byParam }) });
    } catch (err) {
      deps.log.warn({ err, groupId: group.id }, 'could not tell the group it is archived');
    }
    result = await deps.channels.archiveChannel(workspace, group);
  } catch (err) {
    await deps.store.groupNotices.release(group.id, ARCHIVE_HOLD);
    throw err;
  }
  const now = deps.clock.now();
  const archived = await deps.store.transaction(async (tx) => {
    const done = await tx.groups.archive(group.id, now);
    if (done === null) return null;
    const outcome = result.outcome === 'archived' || result.outcome === 'already-archived' ? 'ok' : result.outcome === 'failed' ? 'failed' : 'fallback';
    const details = { why, result: result.outcome, ...(result.outcome === 'failed' ? { error: result.error } : {}) };
    await tx.audit.append(by === null ? bySystem(workspace.id, 'group.archive', { targetType: 'group', targetId: group.id, groupId: group.id, outcome, details }) : byActor(by, 'group.archive', { targetType: 'group', targetId: group.id, groupId: group.id, outcome, details }), now);
    const review = await tx.groupReviews.pendingFor(group.id);
    if (review !== null) await tx.groupReviews.decide(review.id, { state: 'archived', by: by?.person.id ?? null, at: now, reason: null });
    return done;
  });
  if (archived === null) return null;
  const status = text('group.archive.status', { by: byParam, at: date(now) });
  await updateExpiryCards(deps, workspace, archived, status);
  for (const review of await reviewsOf(deps, group.id)) await updateReviewCards(deps, workspace, archived, review, status);
  if (result.outcome === 'unsupported' || result.outcome === 'failed') {
    const error = result.outcome === 'failed' ? result.error : null;
    for (const owner of await ownersOrAdmins(deps, workspace, group)) {
      await tell(deps, workspace, owner, error === null ? 'group.archive.doItYourself' : 'group.archive.failedDoItYourself', { name: group.name, error: error ?? '' });
    }
  }
  return archived;
}

async function reviewsOf(deps: GroupDeps, groupId: string): Promise<GroupReview[]> {
  const last = await deps.store.groupReviews.lastDecided(groupId);
  return last === null ? [] : [last];
}

async function groupFor(deps: GroupDeps, actor: Actor, groupId: string): Promise<Group> {
  const group = isUuid(groupId) ? await deps.store.groups.get(groupId) : null;
  if (group === null || group.workspaceId !== actor.workspace.id) notFound(text('group.lifecycle.unknownGroup'));
  return group;
}

async function checked(deps: GroupDeps, actor: Actor, group: Group, action: string): Promise<void> {
  if (await mayDecide(deps, actor, group)) return;
  await deps.store.audit.append(byActor(actor, action, { targetType: 'group', targetId: group.id, groupId: group.id, outcome: 'refused', details: { why: 'no-authority' } }), deps.clock.now());
  notAllowed(text('group.lifecycle.notAllowed'));
}

function archivedNotice(group: Group): Text {
  return text('group.lifecycle.alreadyArchived', { name: group.name });
}

export async function archiveClick(deps: GroupDeps, actor: Actor, groupId: string): Promise<ActionResult> {
  const group = await groupFor(deps, actor, groupId);
  await checked(deps, actor, group, 'group.archive');
  if (group.status !== 'active') return { kind: 'notice', notice: archivedNotice(group) };
  let archived: Group | null;
  try {
    archived = await archiveGroup(deps, actor.workspace, group, actor, 'owner');
  } catch (err) {
    deps.log.warn({ err, groupId }, 'archiving the channel failed');
    unavailable(text('group.archive.tryAgain'));
  }
  if (archived === null) return { kind: 'notice', notice: archivedNotice(group) };
  const deciders = await ownersOrAdmins(deps, actor.workspace, archived);
  return { kind: 'card', card: expiryCard(archived, deciders, dayOf(deps.clock.now()), { status: text('group.archive.status', { by: mentionOf(actor.person), at: date(deps.clock.now()) }) }), notice: null };
}

function renewForm(group: Group, value: string, error: Text | null): FormModel {
  const payload = { groupId: group.id };
  return {
    action: { id: 'group.renew', payload, label: text('group.expiry.renewSubmit') },
    open: { id: 'group.renew', payload, label: text('group.expiry.renew') },
    title: text('group.expiry.renewTitle'),
    intro: text('group.expiry.renewIntro', { name: group.name, date: group.expiresOn ?? '-' }),
    fields: [{ id: 'until', kind: 'date', label: text('group.expiry.until'), multiline: false, required: true, maxLength: 10, value, ...(error !== null ? { error } : {}) }],
  };
}

/** Renew: the button opens the form (the type's default filled in); the form's date is checked, then set. */
export async function renewClick(deps: GroupDeps, actor: Actor, groupId: string, until: string | null): Promise<ActionResult> {
  const group = await groupFor(deps, actor, groupId);
  await checked(deps, actor, group, 'group.renew');
  if (group.status !== 'active') return { kind: 'notice', notice: archivedNotice(group) };
  const today = dayOf(deps.clock.now());
  const from = group.expiresOn !== null && group.expiresOn > today ? group.expiresOn : today;
  const suggested = addDays(new Date(`${from}T00:00:00Z`), group.type === 'task' ? RENEW_DAYS.task : RENEW_DAYS.other);
  if (until === null) return { kind: 'form', form: renewForm(group, suggested, null), card: null };
  const day = until.trim();
  const latest = addDays(new Date(`${today}T00:00:00Z`), RENEW_MAX_DAYS);
  const error = !isRealDate(day) ? text('group.expiry.badDate') : day <= today ? text('group.expiry.notFuture') : day > latest ? text('group.expiry.tooFar', { date: latest }) : null;
  if (error !== null) return { kind: 'form', form: renewForm(group, day, error), card: null };

  const now = deps.clock.now();
  const renewed = await deps.store.transaction(async (tx) => {
    const updated = await tx.groups.setExpiry(group.id, day);
    if (updated !== null) await tx.audit.append(byActor(actor, 'group.renew', { targetType: 'group', targetId: group.id, groupId: group.id, details: { from: group.expiresOn, to: day } }), now);
    return updated;
  });
  if (renewed === null) return { kind: 'notice', notice: archivedNotice(group) };
  const status = text('group.expiry.renewed', { by: mentionOf(actor.person), date: day });
  await updateExpiryCards(deps, actor.workspace, renewed, status);
  const deciders = await ownersOrAdmins(deps, actor.workspace, renewed);
  return { kind: 'card', card: expiryCard(renewed, deciders, today, { status }), notice: null };
}

export async function viewExpiry(deps: GroupDeps, actor: Actor, groupId: string): Promise<ActionResult> {
  const group = await groupFor(deps, actor, groupId);
  const deciders = await ownersOrAdmins(deps, actor.workspace, group);
  return { kind: 'card', card: expiryCard(group, deciders, dayOf(deps.clock.now()), { withActions: await mayDecide(deps, actor, group) }), notice: null };
}

// ---------------------------------------------------------------- quiet groups (LIFE-5)

export function quietCard(group: Group, review: GroupReview, deciders: Person[], extra: { status?: Text | null; notice?: Text | null; withActions?: boolean } = {}): GroupQuietCard {
  const pending = review.state === 'pending' && group.status === 'active';
  const since = review.lastActivityAt;
  return {
    kind: 'group.quiet',
    subjectId: review.id,
    title: text('group.quiet.title', { name: group.name }),
    lines: [since === null ? text('group.quiet.never', { name: group.name, days: QUIET_DAYS }) : text('group.quiet.since', { name: group.name, at: date(since), days: QUIET_DAYS })],
    facts: [
      { label: text('group.info.type'), value: text(`group.types.${group.type}`) },
      { label: text('group.info.purpose'), value: text('group.card.value', { value: group.purpose }) },
    ],
    warnings: [],
    status: extra.status ?? reviewStatus(review),
    notice: extra.notice ?? null,
    actions:
      pending && extra.withActions !== false
        ? [
            { id: 'group.archive', payload: { groupId: group.id }, style: 'danger', label: text('group.expiry.archive') },
            { id: 'group.keep', payload: { reviewId: review.id }, dialog: true, label: text('group.quiet.keep') },
          ]
        : [],
    deciders: deciders.map((p) => p.address),
    refresh: { verb: 'group.quiet-view', payload: { reviewId: review.id } },
  };
}

function reviewStatus(review: GroupReview): Text | null {
  if (review.state !== 'kept' || review.decidedAt === null) return null;
  return text('group.quiet.kept', { at: date(review.decidedAt), reason: review.reason ?? '' });
}

async function updateReviewCards(deps: GroupDeps, workspace: Workspace, group: Group, review: GroupReview, status: Text | null): Promise<void> {
  const deciders = await ownersOrAdmins(deps, workspace, group);
  await updateCopies(deps, workspace, REVIEW_SUBJECT, review.id, () => quietCard(group, review, deciders, { status }));
}

async function askAboutQuiet(deps: LifecycleDeps, workspace: Workspace, group: Group, last: Date | null): Promise<void> {
  const now = deps.clock.now();
  if ((await deps.store.groupReviews.pendingFor(group.id)) !== null) return;
  const kept = await deps.store.groupReviews.lastDecided(group.id);
  if (kept !== null && kept.state === 'kept' && kept.decidedAt !== null && now.getTime() - kept.decidedAt.getTime() < KEEP_DAYS * DAY_MS) return;
  const review = await deps.store.groupReviews.open({ workspaceId: workspace.id, groupId: group.id, askedAt: now, lastActivityAt: last });
  if (review === null) return;
  const people = await ownersOrAdmins(deps, workspace, group);
  await sendCards(deps, workspace, group, people, REVIEW_SUBJECT, review.id, quietCard(group, review, people));
  await deps.store.audit.append(bySystem(workspace.id, 'group.quiet.ask', { targetType: 'group', targetId: group.id, groupId: group.id, details: { lastActivity: last?.toISOString() ?? null, to: people.length } }), now);
}

async function remindQuiet(deps: LifecycleDeps, workspace: Workspace, review: GroupReview): Promise<void> {
  const now = deps.clock.now();
  if (now.getTime() - review.askedAt.getTime() < REMIND_AFTER_DAYS * DAY_MS) return;
  const group = await deps.store.groups.get(review.groupId);
  if (group === null || group.status !== 'active') return;
  if (!(await deps.store.groupReviews.claimReminder(review.id, now))) return;
  for (const owner of await ownersOrAdmins(deps, workspace, group)) await tell(deps, workspace, owner, 'group.quiet.reminder', { name: group.name, at: date(review.askedAt) });
}

export async function keepClick(deps: GroupDeps, actor: Actor, reviewId: string, reason: string | null): Promise<ActionResult> {
  const review = isUuid(reviewId) ? await deps.store.groupReviews.get(reviewId) : null;
  if (review === null || review.workspaceId !== actor.workspace.id) notFound(text('group.lifecycle.unknownGroup'));
  const group = await groupFor(deps, actor, review.groupId);
  await checked(deps, actor, group, 'group.keep');
  if (review.state !== 'pending' || group.status !== 'active') {
    const notice = group.status !== 'active' ? archivedNotice(group) : text('group.quiet.alreadyAnswered');
    return { kind: 'notice', notice };
  }
  const given = reason?.trim() ?? null;
  if (given === null || given === '' || given.length > LIMITS.reason) {
    const error = given === null ? null : text(given === '' ? 'group.request.reasonRequired' : 'group.request.reasonTooLong', { max: LIMITS.reason });
    const payload = { reviewId };
    const form: FormModel = {
      action: { id: 'group.keep', payload, label: text('group.quiet.keepSubmit') },
      open: { id: 'group.keep', payload, label: text('group.quiet.keep') },
      title: text('group.quiet.keepTitle'),
      intro: text('group.quiet.keepIntro', { name: group.name, days: KEEP_DAYS }),
      fields: [{ id: 'reason', label: text('group.quiet.keepReason'), multiline: true, required: true, maxLength: LIMITS.reason, ...(reason !== null ? { value: reason } : {}), ...(error !== null ? { error } : {}) }],
    };
    return { kind: 'form', form, card: null };
  }
  const now = deps.clock.now();
  const decided = await deps.store.transaction(async (tx) => {
    const updated = await tx.groupReviews.decide(review.id, { state: 'kept', by: actor.person.id, at: now, reason: given });
    if (updated !== null) await tx.audit.append(byActor(actor, 'group.keep', { targetType: 'group', targetId: group.id, groupId: group.id, reason: given }), now);
    return updated;
  });
  if (decided === null) return { kind: 'notice', notice: text('group.quiet.alreadyAnswered') };
  await updateReviewCards(deps, actor.workspace, group, decided, null);
  const deciders = await ownersOrAdmins(deps, actor.workspace, group);
  return { kind: 'card', card: quietCard(group, decided, deciders), notice: null };
}

export async function viewQuiet(deps: GroupDeps, actor: Actor, reviewId: string): Promise<ActionResult> {
  const review = isUuid(reviewId) ? await deps.store.groupReviews.get(reviewId) : null;
  if (review === null || review.workspaceId !== actor.workspace.id) notFound(text('group.lifecycle.unknownGroup'));
  const group = await groupFor(deps, actor, review.groupId);
  const deciders = await ownersOrAdmins(deps, actor.workspace, group);
  return { kind: 'card', card: quietCard(group, review, deciders, { withActions: await mayDecide(deps, actor, group) }), notice: null };
}

// ---------------------------------------------------------------- the scan

export async function scanWorkspace(deps: LifecycleDeps, workspaceId: string): Promise<void> {
  const workspace = await deps.store.workspaces.get(workspaceId);
  if (workspace === null) return;
  const now = deps.clock.now();
  const today = dayOf(now);
  const lastPosted = await deps.store.messageMeta.lastPosted(workspaceId);
  for (const group of await deps.store.groups.listAllActive(workspaceId)) {
    try {
      if (group.expiresOn !== null) {
        const left = daysUntil(today, group.expiresOn);
        if (left <= 0) {
          // Archiving is conditional (an active group only): a retry after trouble changes nothing twice.
          await archiveGroup(deps, workspace, group, null, 'expired');
          continue;
        }
        if (left <= 1) await expiryNotice(deps, workspace, group, '1');
        else if (left <= 7) await expiryNotice(deps, workspace, group, '7');
      }
      const last = lastPosted.get(group.id) ?? null;
      const quietSince = last ?? group.createdAt;
      if (now.getTime() - quietSince.getTime() >= QUIET_DAYS * DAY_MS) await askAboutQuiet(deps, workspace, group, last);
    } catch (err) {
      // One group's trouble does not stop the others; tomorrow's scan tries again.
      deps.log.warn({ err, groupId: group.id }, 'the lifecycle scan failed for a group');
    }
  }
  for (const review of await deps.store.groupReviews.listPending(workspaceId)) await remindQuiet(deps, workspace, review);
}
