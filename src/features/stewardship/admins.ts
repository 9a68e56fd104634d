// ROLE-3: core and project groups need at least 2 admins (owners and moderators
// who are active people). Below that, the group's owners and the super admins get
// a card naming the group, its admins and the most active members to make
// moderator. The shortfall is remembered until it is fixed, so a group is alerted
// once per shortfall; when it has enough admins again, the cards say so and the
// same people are told. Checked when a role changes (the role feature's
// announcement) and daily for every group (the second catches people who left).
import { groupAdminsOf, localeOf, superAdminsOf } from '../../core/actor.js';
import { updateCopies } from '../../core/copies.js';
import type { RoleChangedContext } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import type { Group, Person, Workspace } from '../../core/model.js';
import { mentionOf } from '../../core/summaries.js';
import { bySystem } from '../audit/entries.js';
import type { AdminsCard } from './cards.js';
import { membersOf, suggestionsFor, type StewardshipDeps } from './people.js';
import type { Shortfall } from './store.js';

export const MIN_ADMINS = 2;
export const SHORTFALL_SUBJECT = 'stewardship_shortfall';
export const ADMINS_JOB = 'stewardship.admins';
const GROUPS_MAX = 5_000;

export function needsAdmins(group: Group): boolean {
  return group.status === 'active' && (group.type === 'core' || group.type === 'project');
}

async function adminsCard(deps: StewardshipDeps, workspace: Workspace, group: Group, admins: readonly Person[], fixedAt: Date | null): Promise<AdminsCard> {
  const exclude = new Set((await deps.store.roles.listForGroup(group.id)).map((g) => g.personId));
  const suggestions = fixedAt === null ? await suggestionsFor(deps, group, exclude, await membersOf(deps, workspace, group)) : [];
  return { kind: 'stewardship.admins', group: group.name, type: group.type, required: MIN_ADMINS, admins: admins.map(mentionOf), suggestions: suggestions.map(mentionOf), fixedAt };
}

/** The group's active owners and the super admins, each once. */
async function recipientsOf(deps: StewardshipDeps, workspace: Workspace, group: Group): Promise<Person[]> {
  const owners = new Set((await deps.store.roles.listForGroup(group.id)).filter((g) => g.role === 'owner').map((g) => g.personId));
  const people = [...(await deps.store.people.getMany([...owners])).filter((p) => p.employment !== 'inactive'), ...(await superAdminsOf(deps, workspace))];
  return [...new Map(people.map((p) => [p.id, p])).values()];
}

/** Sends the alert to each recipient who has no copy yet (safe to run again). */
async function sendAlert(deps: StewardshipDeps, workspace: Workspace, group: Group, shortfall: Shortfall, card: AdminsCard): Promise<void> {
  const already = new Set((await deps.store.cardPosts.listFor(SHORTFALL_SUBJECT, shortfall.id)).map((p) => p.recipientId));
  for (const person of await recipientsOf(deps, workspace, group)) {
    if (already.has(person.id)) continue;
    const locale = localeOf(deps, workspace, person);
    try {
      const posted = await deps.messaging.sendPrivate(workspace, person, { locale, card });
      await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType: SHORTFALL_SUBJECT, subjectId: shortfall.id, recipientId: person.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, shortfallId: shortfall.id, personId: person.id }, 'could not send the admin shortfall alert');
    }
  }
}

/** Tells everyone who got the alert that it is fixed: their card in place, and a line. */
async function announceFixed(deps: StewardshipDeps, workspace: Workspace, group: Group, shortfall: Shortfall, admins: readonly Person[]): Promise<void> {
  const card = await adminsCard(deps, workspace, group, admins, shortfall.fixedAt);
  await updateCopies(deps, workspace, SHORTFALL_SUBJECT, shortfall.id, () => card);
  const posts = await deps.store.cardPosts.listFor(SHORTFALL_SUBJECT, shortfall.id);
  for (const person of await deps.store.people.getMany(posts.flatMap((p) => (p.recipientId === null ? [] : [p.recipientId])))) {
    try {
      await deps.messaging.sendPrivate(workspace, person, { locale: localeOf(deps, workspace, person), text: text('stewardship.admins.fixedToYou', { group: group.name, count: admins.length }) });
    } catch (err) {
      deps.log.warn({ err, shortfallId: shortfall.id, personId: person.id }, 'could not say the admin shortfall is fixed');
    }
  }
}

/** ROLE-3 for one group: alert once when it falls short, say so once when it is fixed. */
export async function checkAdmins(deps: StewardshipDeps, workspace: Workspace, group: Group): Promise<'short' | 'fixed' | 'ok'> {
  const now = deps.clock.now();
  if (!needsAdmins(group)) {
    // No longer a core or project group (or archived): nothing to alert about any more.
    await deps.store.stewardship.fixShortfall(group.id, now);
    return 'ok';
  }
  const admins = await groupAdminsOf(deps, group);
  if (admins.length >= MIN_ADMINS) {
    const fixed = await deps.store.stewardship.fixShortfall(group.id, now);
    if (fixed === null) return 'ok';
    await deps.store.audit.append(bySystem(workspace.id, 'stewardship.admins-fixed', { targetType: 'group', targetId: group.id, groupId: group.id, details: { admins: admins.length } }), now);
    await announceFixed(deps, workspace, group, fixed, admins);
    return 'fixed';
  }
  let shortfall = await deps.store.stewardship.openShortfall({ workspaceId: workspace.id, groupId: group.id, admins: admins.length, at: now });
  if (shortfall !== null) {
    await deps.store.audit.append(
      bySystem(workspace.id, 'stewardship.admins-short', { targetType: 'group', targetId: group.id, groupId: group.id, outcome: 'refused', details: { admins: admins.length, required: MIN_ADMINS } }),
      now,
    );
  } else {
    // Alerted before: only a send that reached nobody (every copy failed) is tried again.
    shortfall = (await deps.store.stewardship.openShortfalls(workspace.id)).find((s) => s.groupId === group.id) ?? null;
    if (shortfall === null || (await deps.store.cardPosts.listFor(SHORTFALL_SUBJECT, shortfall.id)).length > 0) return 'short';
  }
  await sendAlert(deps, workspace, group, shortfall, await adminsCard(deps, workspace, group, admins, null));
  return 'short';
}

/** A role changed in a group: check it at once. */
export async function onRoleChanged(deps: StewardshipDeps, ctx: RoleChangedContext): Promise<void> {
  if (ctx.group === null) return;
  const group = await deps.store.groups.get(ctx.group.id);
  if (group !== null) await checkAdmins(deps, ctx.workspace, group);
}

/** The daily check of a workspace: every active group, and shortfalls of groups archived since. */
export async function checkWorkspaceAdmins(deps: StewardshipDeps, workspaceId: string): Promise<void> {
  const workspace = await deps.store.workspaces.get(workspaceId);
  if (workspace === null) return;
  const { groups } = await deps.store.groups.listActive(workspace.id, GROUPS_MAX);
  const seen = new Set<string>();
  for (const group of groups) {
    seen.add(group.id);
    try {
      await checkAdmins(deps, workspace, group);
    } catch (err) {
      if (deps.store.isUnavailable(err)) throw err;
      deps.log.error({ err, groupId: group.id }, 'the admin check of a group failed; the others still ran');
    }
  }
  for (const s of await deps.store.stewardship.openShortfalls(workspace.id)) {
    if (!seen.has(s.groupId)) await deps.store.stewardship.fixShortfall(s.groupId, deps.clock.now());
  }
}
