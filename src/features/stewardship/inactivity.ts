// LIFE-3: members with no message in a group for `inactivity.days` (default 90).
// Measured from their last message (activity's metadata); for someone who never
// posted, from when Charter saw them join, else from when the group was
// registered (Charter's first record of it) — whichever is later. Never listed:
// the group's owners and moderators, super admins, bots. Weekly, each group's
// owners (the super admins where it has none) get a card listing them with a
// Remove button each — or, with `inactivity.action = remove` on a platform that
// can, Charter removes them and the card says so. Where the platform cannot
// remove members (Teams without Graph) the card names the people to remove.
// Each Remove checks the clicker's authority and that the person is still
// inactive, is claimed once (a double click removes once), goes through
// moderation.removeMember with the reason "inactive for N days", and is audited.
import { holdersOf, localeOf, superAdminsOf } from '../../core/actor.js';
import { removalIsTeamWide } from '../../core/removal.js';
import { tell, updateCopies } from '../../core/copies.js';
import { notAllowed, notFound } from '../../core/errors.js';
import type { MembershipContext } from '../../core/feature.js';
import { text, type Text } from '../../core/messages.js';
import { isUuid, qualifiedId, type Actor, type Group, type Person, type Workspace } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { ActionResult } from '../../core/replies.js';
import { settingOf } from '../../core/settings.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { InactiveCard } from './cards.js';
import { DAY_MS, isBot, membersOf, superAdminIds, type StewardshipDeps } from './people.js';
import { STEWARDSHIP_PERMISSIONS } from './permissions.js';
import { INACTIVITY_ACTION, INACTIVITY_DAYS } from './settings.js';
import type { InactiveList, InactiveMember } from './store.js';

export const LIST_SUBJECT = 'stewardship_inactive';
export const INACTIVITY_JOB = 'stewardship.inactivity';
export const INACTIVITY_GROUP_JOB = 'stewardship.inactivity-group';
/** People with a row (and a button) on the card; the rest are counted. */
export const CARD_ROWS = 10;
const GROUPS_MAX = 5_000;
/** A removal that has not finished after this long (its process died) may be tried again. */
const STALE_REMOVAL_MS = 5 * 60_000;

export interface Inactive {
  person: Person;
  lastActiveAt: Date | null;
  since: Date;
}

function later(...dates: (Date | null | undefined)[]): Date {
  return new Date(Math.max(...dates.map((d) => d?.getTime() ?? Number.NEGATIVE_INFINITY)));
}

/** The group's inactive members, longest silent first; null when the platform cannot list the members now. */
export async function findInactive(deps: StewardshipDeps, workspace: Workspace, group: Group, days: number): Promise<Inactive[] | null> {
  const members = await membersOf(deps, workspace, group);
  if (members === null) return null;
  const admins = new Set((await deps.store.roles.listForGroup(group.id)).map((g) => g.personId));
  const supers = await superAdminIds(deps, workspace);
  const posted = await deps.store.stewardship.lastPosted(group.id);
  const joined = await deps.store.stewardship.joinedAt(group.id, members.map((m) => m.id));
  const cutoff = deps.clock.now().getTime() - days * DAY_MS;
  const out: Inactive[] = [];
  for (const person of members) {
    if (admins.has(person.id) || supers.has(person.id)) continue;
    const lastActiveAt = posted.get(person.id) ?? null;
    const since = later(lastActiveAt, joined.get(person.id), group.createdAt);
    if (since.getTime() > cutoff) continue;
    if (await isBot(deps, workspace, person)) continue;
    out.push({ person, lastActiveAt, since });
  }
  return out.sort((a, b) => a.since.getTime() - b.since.getTime());
}

export function reasonFor(days: number): string {
  return `inactive for ${days} days`;
}

async function listCard(deps: StewardshipDeps, list: InactiveList, group: Group, mode: InactiveCard['mode'], notice: Text | null = null): Promise<InactiveCard> {
  const members = (await deps.store.stewardship.listMembers(list.id)).slice(0, CARD_ROWS);
  const people = new Map((await deps.store.people.getMany([...new Set(members.flatMap((m) => (m.decidedBy === null ? [m.personId] : [m.personId, m.decidedBy])))])).map((p) => [p.id, p]));
  const joined = await deps.store.stewardship.joinedAt(group.id, members.map((m) => m.personId));
  const rows = members.flatMap((m) => {
    const person = people.get(m.personId);
    if (person === undefined) return [];
    const by = m.decidedBy === null ? undefined : people.get(m.decidedBy);
    const open = mode === 'list' && (m.state === 'listed' || m.state === 'failed');
    return [
      {
        memberId: m.id,
        person: mentionOf(person),
        lastActiveAt: m.lastActiveAt,
        since: later(m.lastActiveAt, joined.get(m.personId), group.createdAt),
        state: m.state,
        by: by === undefined ? null : mentionOf(by),
        action: open ? { id: 'stewardship.remove', payload: { memberId: m.id }, style: 'danger' as const, label: text('stewardship.inactive.remove') } : null,
      },
    ];
  });
  return { kind: 'stewardship.inactive', listId: list.id, group: group.name, days: list.days, rows, more: Math.max(0, list.total - rows.length), mode, notice };
}

/**
 * Names only, for the owners to remove in the platform: manual where it cannot remove,
 * team-wide where (Teams) a removal would take them out of the team's other governed groups.
 */
async function modeFor(deps: StewardshipDeps, group: Group, auto: boolean): Promise<InactiveCard['mode']> {
  if (!deps.capabilities.removeMember) return 'manual';
  if (await removalIsTeamWide(deps, group)) return 'team-wide';
  return auto ? 'removed' : 'list';
}

/** Removes one listed person (claimed first); by null: Charter itself, per policy. */
async function removeListed(deps: StewardshipDeps, workspace: Workspace, group: Group, list: InactiveList, member: InactiveMember, person: Person, by: Actor | null): Promise<'removed' | 'taken' | 'failed'> {
  const now = deps.clock.now();
  if (!(await deps.store.stewardship.claimRemoval(member.id, by?.person.id ?? null, now, new Date(now.getTime() - STALE_REMOVAL_MS)))) return 'taken';
  let outcome: Awaited<ReturnType<StewardshipDeps['moderation']['removeMember']>>;
  try {
    outcome = await deps.moderation.removeMember(workspace, group, person);
  } catch (err) {
    deps.log.warn({ err, memberId: member.id }, 'removing an inactive member failed');
    outcome = { outcome: 'failed', error: 'unavailable' };
  }
  const removed = outcome.outcome === 'removed' || outcome.outcome === 'not-member';
  await deps.store.stewardship.finishRemoval(member.id, removed ? 'removed' : 'failed', deps.clock.now());
  const fields = {
    targetType: 'person',
    targetId: qualifiedId(person),
    groupId: group.id,
    reason: reasonFor(list.days),
    outcome: removed ? ('ok' as const) : ('failed' as const),
    details: { listId: list.id, platform: outcome.outcome, ...(outcome.outcome === 'failed' ? { error: outcome.error } : {}) },
  };
  await deps.store.audit.append(by === null ? bySystem(workspace.id, 'member.remove', fields) : byActor(by, 'member.remove', fields), deps.clock.now());
  if (!removed) return 'failed';
  await tell(deps, workspace, person, 'stewardship.inactive.removedToYou', { group: group.name, days: list.days });
  return 'removed';
}

/** The group's owners (the super admins where it has none): who gets the list. */
async function ownersOf(deps: StewardshipDeps, workspace: Workspace, group: Group): Promise<Person[]> {
  const ids = (await deps.store.roles.listForGroup(group.id)).filter((g) => g.role === 'owner').map((g) => g.personId);
  const owners = (await deps.store.people.getMany(ids)).filter((p) => p.employment !== 'inactive');
  return owners.length > 0 ? owners : superAdminsOf(deps, workspace);
}

/** LIFE-3 for one group: list (or remove) its inactive members. Safe to run again the same day. */
export async function reviewGroupInactivity(deps: StewardshipDeps, workspace: Workspace, group: Group): Promise<void> {
  const now = deps.clock.now();
  const auto = (await settingOf(deps, workspace.id, INACTIVITY_ACTION, group)) === 'remove' && deps.capabilities.removeMember && !(await removalIsTeamWide(deps, group));
  let list = await deps.store.stewardship.recentList(group.id, new Date(now.getTime() - DAY_MS));
  if (list === null) {
    const days = await settingOf(deps, workspace.id, INACTIVITY_DAYS, group);
    const inactive = await findInactive(deps, workspace, group, days);
    if (inactive === null) {
      deps.log.warn({ groupId: group.id }, 'the platform could not list the members; inactivity is checked next time');
      return;
    }
    if (inactive.length === 0) return;
    // Listed on the card: the first rows; removed by policy: everyone found.
    const kept = auto ? inactive : inactive.slice(0, CARD_ROWS);
    list = await deps.store.stewardship.createList(
      { workspaceId: workspace.id, groupId: group.id, days, total: inactive.length, createdAt: now },
      kept.map((i) => ({ personId: i.person.id, lastActiveAt: i.lastActiveAt })),
    );
    await deps.store.audit.append(bySystem(workspace.id, 'stewardship.inactive', { targetType: 'group', targetId: group.id, groupId: group.id, details: { listId: list.id, days, found: inactive.length, auto } }), now);
  }
  if (auto) {
    const members = await deps.store.stewardship.listMembers(list.id);
    const people = new Map((await deps.store.people.getMany(members.map((m) => m.personId))).map((p) => [p.id, p]));
    for (const m of members) {
      const person = people.get(m.personId);
      if (person !== undefined && m.state === 'listed') await removeListed(deps, workspace, group, list, m, person, null);
    }
  }
  const already = new Set((await deps.store.cardPosts.listFor(LIST_SUBJECT, list.id)).map((p) => p.recipientId));
  const card = await listCard(deps, list, group, await modeFor(deps, group, auto));
  for (const owner of await ownersOf(deps, workspace, group)) {
    if (already.has(owner.id)) continue;
    const locale = localeOf(deps, workspace, owner);
    try {
      const posted = await deps.messaging.sendPrivate(workspace, owner, { locale, card });
      await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType: LIST_SUBJECT, subjectId: list.id, recipientId: owner.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, listId: list.id, ownerId: owner.id }, 'could not send the inactive members list');
    }
  }
}

/** The weekly check of a workspace: one durable job a group. */
export async function reviewWorkspaceInactivity(deps: StewardshipDeps, workspaceId: string): Promise<void> {
  const { groups } = await deps.store.groups.listActive(workspaceId, GROUPS_MAX);
  const day = deps.clock.now().toISOString().slice(0, 10);
  for (const group of groups) await deps.jobs.send(INACTIVITY_GROUP_JOB, { workspaceId, groupId: group.id }, { key: `${group.id}:${day}` });
}

export async function reviewGroupJob(deps: StewardshipDeps, workspaceId: string, groupId: string): Promise<void> {
  const workspace = await deps.store.workspaces.get(workspaceId);
  const group = await deps.store.groups.get(groupId);
  if (workspace === null || group === null || group.status !== 'active' || group.workspaceId !== workspace.id) return;
  await reviewGroupInactivity(deps, workspace, group);
}

/** `stewardship inactive` in a group: the list now, for its owners (never removes by itself). */
export async function inactiveNow(deps: StewardshipDeps, actor: Actor, group: Group): Promise<InactiveCard | null> {
  const days = await settingOf(deps, actor.workspace.id, INACTIVITY_DAYS, group);
  const inactive = await findInactive(deps, actor.workspace, group, days);
  if (inactive === null) return null;
  const list = await deps.store.stewardship.createList(
    { workspaceId: actor.workspace.id, groupId: group.id, days, total: inactive.length, createdAt: deps.clock.now() },
    inactive.slice(0, CARD_ROWS).map((i) => ({ personId: i.person.id, lastActiveAt: i.lastActiveAt })),
  );
  return listCard(deps, list, group, await modeFor(deps, group, false));
}

// ---------------------------------------------------------------- the Remove button

/** Remove, clicked: whoever clicks is checked; the person must still be listed and inactive. */
export async function removeClick(deps: StewardshipDeps, actor: Actor, memberId: string): Promise<ActionResult> {
  const member = isUuid(memberId) ? await deps.store.stewardship.getMember(memberId) : null;
  const list = member === null ? null : await deps.store.stewardship.getList(member.listId);
  if (member === null || list === null || list.workspaceId !== actor.workspace.id) notFound(text('stewardship.inactive.unknown'));
  const group = await deps.store.groups.get(list.groupId);
  const person = await deps.store.people.get(member.personId);
  if (group === null || person === null) notFound(text('stewardship.inactive.unknown'));
  const target = { targetType: 'person', targetId: qualifiedId(person), groupId: group.id, reason: reasonFor(list.days) };
  if (!can(await holdersOf(deps, actor, group), STEWARDSHIP_PERMISSIONS['stewardship.group'])) {
    await deps.store.audit.append(byActor(actor, 'member.remove', { ...target, outcome: 'refused', details: { listId: list.id } }), deps.clock.now());
    notAllowed(text('stewardship.inactive.forbidden', { group: group.name }));
  }
  const done = async (notice: Text): Promise<ActionResult> => {
    const card = await listCard(deps, list, group, await modeFor(deps, group, false), notice);
    await updateCopies(deps, actor.workspace, LIST_SUBJECT, list.id, () => ({ ...card, notice: null }));
    return { kind: 'card', card, notice };
  };
  const params = { person: mentionOf(person), group: group.name };
  if (group.status !== 'active') return { kind: 'notice', notice: text('stewardship.inactive.archived', params) };
  if (member.state === 'removed') return { kind: 'notice', notice: text('stewardship.inactive.alreadyRemoved', params) };
  if (!deps.capabilities.removeMember) return { kind: 'notice', notice: text('stewardship.inactive.cannotRemove', params) };
  if (await removalIsTeamWide(deps, group)) return { kind: 'notice', notice: text('stewardship.inactive.teamWide', params) };
  // Things change between the list and the click: a new admin, a message since.
  const still = (await findInactive(deps, actor.workspace, group, list.days)) ?? [];
  if (!still.some((i) => i.person.id === person.id)) return { kind: 'notice', notice: text('stewardship.inactive.noLongerInactive', params) };
  const outcome = await removeListed(deps, actor.workspace, group, list, member, person, actor);
  if (outcome === 'taken') return { kind: 'notice', notice: text('stewardship.inactive.alreadyRemoved', params) };
  if (outcome === 'failed') return { kind: 'error', code: 'unavailable', text: text('stewardship.inactive.removeFailed', params) };
  return done(text('stewardship.inactive.removed', params));
}

/** Remembers when Charter saw someone join a governed group (the start of their inactivity if they never post). */
export async function onMembership(deps: StewardshipDeps, ctx: MembershipContext): Promise<void> {
  if (ctx.event.kind !== 'joined') return;
  for (const group of ctx.groups) await deps.store.stewardship.recordJoin(group.id, ctx.person.id, ctx.event.at);
}
