// ROLE-5: the quarterly role review. For each active group, the owners and
// moderators with no message in it for 60 days (measured from when they got the
// role if they never posted there), or who left the company, each with the
// group's most active members who are not admins as replacements. Super admins
// ask for it (`role review`) or get it each quarter. The card shows the commands
// to type in the group (`role grant …`, `role revoke …`): a role change is made
// where the group is, by the role feature, with its checks and reason.
import { superAdminsOf } from '../../core/actor.js';
import { notAllowed } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import type { Group, Person, Workspace } from '../../core/model.js';
import { answerPrivately, type Reply } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { ReviewCard, ReviewEntry } from './cards.js';
import { DAY_MS, membersOf, suggestionsFor, type StewardshipDeps } from './people.js';

export const REVIEW_DAYS = 60;
export const REVIEW_ROWS = 15;
export const REVIEW_JOB = 'stewardship.review';
const GROUPS_MAX = 5_000;

async function groupEntries(deps: StewardshipDeps, workspace: Workspace, group: Group): Promise<ReviewEntry[]> {
  const grants = (await deps.store.roles.listForGroup(group.id)).filter((g) => g.role === 'owner' || g.role === 'moderator');
  if (grants.length === 0) return [];
  const posted = await deps.store.stewardship.lastPosted(group.id);
  const people = new Map((await deps.store.people.getMany(grants.map((g) => g.personId))).map((p) => [p.id, p]));
  const cutoff = deps.clock.now().getTime() - REVIEW_DAYS * DAY_MS;
  const stale: { person: Person; role: 'owner' | 'moderator'; lastActiveAt: Date | null }[] = [];
  // Owners first: a person holding both is reviewed once, as owner.
  for (const g of [...grants].sort((a, b) => (a.role === b.role ? 0 : a.role === 'owner' ? -1 : 1))) {
    const person = people.get(g.personId);
    if (person === undefined || stale.some((s) => s.person.id === person.id)) continue;
    const lastActiveAt = posted.get(person.id) ?? null;
    const since = Math.max(lastActiveAt?.getTime() ?? Number.NEGATIVE_INFINITY, g.grantedAt.getTime());
    if (person.employment === 'inactive' || since <= cutoff) stale.push({ person, role: g.role as 'owner' | 'moderator', lastActiveAt });
  }
  if (stale.length === 0) return [];
  const admins = new Set(grants.map((g) => g.personId));
  const suggestions = (await suggestionsFor(deps, group, admins, await membersOf(deps, workspace, group))).map(mentionOf);
  return stale.map((s) => ({ group: group.name, admin: mentionOf(s.person), role: s.role, lastActiveAt: s.lastActiveAt, departed: s.person.employment === 'inactive', suggestions }));
}

export async function buildReview(deps: StewardshipDeps, workspace: Workspace): Promise<ReviewCard> {
  const { groups } = await deps.store.groups.listActive(workspace.id, GROUPS_MAX);
  const entries: ReviewEntry[] = [];
  for (const group of groups) entries.push(...(await groupEntries(deps, workspace, group)));
  return { kind: 'stewardship.review', days: REVIEW_DAYS, entries: entries.slice(0, REVIEW_ROWS), more: Math.max(0, entries.length - REVIEW_ROWS), groups: groups.length };
}

/** `role review` (`角色审查`): super admins only; the card goes to the asker alone. */
export async function reviewCommand(deps: StewardshipDeps, { actor, conversation }: CommandContext): Promise<Reply> {
  if (!actor.isSuperAdmin) {
    await deps.store.audit.append(byActor(actor, 'stewardship.review', { outcome: 'refused' }), deps.clock.now());
    notAllowed(text('stewardship.review.forbidden'));
  }
  const card = await buildReview(deps, actor.workspace);
  await deps.store.audit.append(byActor(actor, 'stewardship.review', { details: { entries: card.entries.length + card.more } }), deps.clock.now());
  return answerPrivately(deps, actor, conversation, card);
}

/** The quarterly review: the card to every super admin of the workspace. */
export async function quarterlyReview(deps: StewardshipDeps, workspaceId: string): Promise<void> {
  const workspace = await deps.store.workspaces.get(workspaceId);
  if (workspace === null) return;
  const card = await buildReview(deps, workspace);
  for (const admin of await superAdminsOf(deps, workspace)) {
    try {
      await deps.messaging.sendPrivate(workspace, admin, { locale: admin.locale ?? workspace.defaultLocale ?? deps.settings.defaultLocale, card });
    } catch (err) {
      deps.log.warn({ err, personId: admin.id }, 'could not send the role review');
    }
  }
  await deps.store.audit.append(bySystem(workspace.id, 'stewardship.review', { details: { entries: card.entries.length + card.more } }), deps.clock.now());
}
