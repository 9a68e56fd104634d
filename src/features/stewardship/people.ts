// Who is who in a group, for stewardship: its members as people, who is exempt
// (admins, super admins, bots), and the most active members who are not admins.
import { peopleForMembers } from '../../core/actor.js';
import { platformUserIdsOf, type Group, type Person, type Workspace } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';
import type { StewardshipStore } from './store.js';

export type StewardshipDeps = CoreDeps<StewardshipStore>;

export const DAY_MS = 86_400_000;
/** Suggestions come from the messages of this many days. */
const SUGGEST_WINDOW_MS = 90 * DAY_MS;
export const SUGGESTIONS = 3;

/** The group's members as people; null when the platform cannot tell now. */
export async function membersOf(deps: StewardshipDeps, workspace: Workspace, group: Group): Promise<Person[] | null> {
  const listed = await deps.membership.listMembers(workspace, group);
  if (listed === 'unknown') return null;
  return peopleForMembers(deps, workspace, listed);
}

/** Everyone who holds a super admin role, granted or configured, whatever their employment. */
export async function superAdminIds(deps: StewardshipDeps, workspace: Workspace): Promise<Set<string>> {
  const ids = new Set((await deps.store.roles.listSuperAdmins(workspace.id)).map((g) => g.personId));
  for (const p of await deps.store.people.findByPlatformUserIds(workspace.id, platformUserIdsOf(deps.settings.superAdmins, workspace.platform))) ids.add(p.id);
  return ids;
}

/** Bots never count as inactive members: the platform's profile says so (a Teams bot's address starts with 28:). */
export async function isBot(deps: StewardshipDeps, workspace: Workspace, person: Person): Promise<boolean> {
  if (person.address.startsWith('28:')) return true;
  try {
    return (await deps.directory.lookupProfile(workspace, person))?.isBot === true;
  } catch (err) {
    deps.log.warn({ err, personId: person.id }, 'profile lookup failed; treated as a bot, so not listed');
    return true;
  }
}

/**
 * The group's most active members who are not admins and could become moderator:
 * active employees, not external, and (where the platform tells) still members.
 */
export async function suggestionsFor(deps: StewardshipDeps, group: Group, exclude: ReadonlySet<string>, members: readonly Person[] | null): Promise<Person[]> {
  const since = new Date(deps.clock.now().getTime() - SUGGEST_WINDOW_MS);
  const ranked = await deps.store.stewardship.mostActive(group.id, since, SUGGESTIONS * 5);
  const memberIds = members === null ? null : new Set(members.map((m) => m.id));
  const byId = new Map((await deps.store.people.getMany(ranked.map((r) => r.personId))).map((p) => [p.id, p]));
  const out: Person[] = [];
  for (const { personId } of ranked) {
    const p = byId.get(personId);
    if (p === undefined || exclude.has(p.id) || p.employment === 'inactive' || p.isExternal) continue;
    if (memberIds !== null && !memberIds.has(p.id)) continue;
    out.push(p);
    if (out.length === SUGGESTIONS) break;
  }
  return out;
}
