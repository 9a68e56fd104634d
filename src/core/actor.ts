// Resolves who is acting from what the adapter reports: the workspace, the person
// (with a profile refreshed from the platform at most once a day) and their roles.
// Adapters report identity; authority is always looked up here, never trusted.
import { cleanLine } from './clean.js';
import type { ActorInput, UserInput, WorkspaceInput } from './inputs.js';
import type { Locale } from './locale.js';
import type { Actor, Group, Person, Platform, Workspace } from './model.js';
import { platformUserIdsOf, qualifiedId } from './model.js';
import type { Holder } from './permissions.js';
import type { CoreDeps, MemberRef, Profile } from './ports.js';
import { canonicalZone } from './zones.js';

type ActorDeps = Pick<CoreDeps, 'platform' | 'store' | 'directory' | 'clock' | 'log' | 'settings'>;

const PROFILE_MAX_AGE_MS = 24 * 60 * 60 * 1000;

/** Names and titles come from people's own profiles: cleaned like anything else they type. */
function cleanProfile(profile: Profile): Profile {
  const line = (v: string | null) => (v === null ? null : cleanLine(v));
  return {
    ...profile,
    displayName: cleanLine(profile.displayName),
    realName: line(profile.realName),
    title: line(profile.title),
    department: line(profile.department),
    timezone: profile.timezone === undefined || profile.timezone === null ? null : canonicalZone(profile.timezone),
  };
}

export function workspaceId(platform: Platform, externalId: string): string {
  return `${platform}:${externalId}`;
}

/** The person with a profile from the platform, looked up at most once a day. */
export async function refreshProfile(deps: ActorDeps, workspace: Workspace, person: Person): Promise<Person> {
  const now = deps.clock.now();
  const fresh = person.profileRefreshedAt !== null && now.getTime() - person.profileRefreshedAt.getTime() < PROFILE_MAX_AGE_MS;
  if (fresh) return person;
  try {
    const profile = await deps.directory.lookupProfile(workspace, person);
    if (profile === null) return person;
    return await deps.store.people.updateProfile(person.id, cleanProfile(profile), now);
  } catch (err) {
    deps.log.warn({ err, personId: person.id }, 'profile lookup failed; using what is known');
    return person;
  }
}

/**
 * The person for a member the platform listed: the one Charter knows, or a new one
 * with the profile the platform gives (language, name), looked up once.
 */
export async function personForMember(deps: ActorDeps, workspace: Workspace, m: MemberRef): Promise<Person> {
  const known = await deps.store.people.findByAddress(workspace.id, m.address);
  if (known !== null) return known;
  const person = await deps.store.people.upsertIdentity({ workspaceId: workspace.id, platform: workspace.platform, platformUserId: m.platformUserId ?? m.address, address: m.address, displayName: cleanLine(m.displayName) });
  return refreshProfile(deps, workspace, person);
}

/** The people for many listed members: the known ones in one read, the others created as personForMember does. */
export async function peopleForMembers(deps: ActorDeps, workspace: Workspace, members: readonly MemberRef[]): Promise<Person[]> {
  const known = await deps.store.people.findByAddresses(workspace.id, members.map((m) => m.address));
  const out: Person[] = [];
  for (const m of members) out.push(known.get(m.address) ?? (await personForMember(deps, workspace, m)));
  return out;
}

/** The workspace's super admins, configured (CHARTER_SUPER_ADMINS) or granted; inactive accounts left out. */
export async function superAdminsOf(deps: Pick<CoreDeps, 'store' | 'settings'>, workspace: Workspace): Promise<Person[]> {
  const ids = new Set((await deps.store.roles.listSuperAdmins(workspace.id)).map((g) => g.personId));
  for (const p of await deps.store.people.findByPlatformUserIds(workspace.id, platformUserIdsOf(deps.settings.superAdmins, workspace.platform))) ids.add(p.id);
  return (await deps.store.people.getMany([...ids])).filter((p) => p.employment !== 'inactive');
}

/** A group's owners and moderators; inactive accounts left out. */
export async function groupAdminsOf(deps: Pick<CoreDeps, 'store'>, group: Group): Promise<Person[]> {
  const ids = [...new Set((await deps.store.roles.listForGroup(group.id)).map((g) => g.personId))];
  return (await deps.store.people.getMany(ids)).filter((p) => p.employment !== 'inactive');
}

/** The workspace an input names, created on first sight. */
export async function resolveWorkspace(deps: Pick<CoreDeps, 'platform' | 'store'>, input: WorkspaceInput): Promise<Workspace> {
  const id = workspaceId(deps.platform, input.externalId);
  // Read first: messages arrive far more often than anything about a workspace changes.
  const known = await deps.store.workspaces.get(id);
  const same = (stored: string | null, given: string | null | undefined) => given === undefined || given === stored;
  if (known !== null && same(known.name, input.name) && same(known.serviceUrl, input.serviceUrl)) return known;
  return deps.store.workspaces.upsert({
    id,
    platform: deps.platform,
    externalId: input.externalId,
    ...(input.name !== undefined ? { name: input.name } : {}),
    ...(input.serviceUrl !== undefined ? { serviceUrl: input.serviceUrl } : {}),
  });
}

/** The person an identity names, created on first sight; no profile look-up (cheap, for events). */
export async function resolveIdentity(deps: Pick<CoreDeps, 'platform' | 'store'>, workspace: Workspace, user: UserInput): Promise<Person> {
  const [known] = await deps.store.people.findByPlatformUserIds(workspace.id, [user.platformUserId]);
  // Events often carry ids only (displayName ''): the name already known stays.
  const displayName = user.displayName === '' ? (known?.displayName ?? user.address) : user.displayName;
  const zone = user.timezone === undefined || user.timezone === null ? null : canonicalZone(user.timezone);
  let person =
    known !== undefined && known.address === user.address && known.displayName === displayName
      ? known
      : await deps.store.people.upsertIdentity({ workspaceId: workspace.id, platform: deps.platform, platformUserId: user.platformUserId, address: user.address, displayName });
  if (zone !== null && zone !== person.timezone) {
    // Remembered so quiet hours can follow the person's clock where a group has no zone of its own.
    await deps.store.people.setTimezone(person.id, zone);
    person = { ...person, timezone: zone };
  }
  return person;
}

export async function resolveActor(deps: ActorDeps, input: ActorInput): Promise<Actor> {
  const workspace = await resolveWorkspace(deps, input.workspace);
  let person = await resolveIdentity(deps, workspace, input.user);
  person = await refreshProfile(deps, workspace, person);
  if (input.locale !== null && input.locale !== person.locale) {
    // Remembered so proactive messages (cards, notices) reach them in their language.
    await deps.store.people.setLocale(person.id, input.locale);
    person = { ...person, locale: input.locale };
  }
  const isSuperAdmin = await isSuperAdminPerson(deps, person);
  return {
    workspace,
    person,
    locale: input.locale ?? person.locale ?? workspace.defaultLocale ?? deps.settings.defaultLocale,
    isSuperAdmin,
  };
}

/** Configured (CHARTER_SUPER_ADMINS) or granted super admins. */
export async function isSuperAdminPerson(deps: Pick<CoreDeps, 'store' | 'settings'>, person: Person): Promise<boolean> {
  return deps.settings.superAdmins.has(qualifiedId(person)) || (await deps.store.roles.rolesIn(person.id, null)).includes('super-admin');
}

/** Finds or creates the person a mention points at, with a profile where the platform gives one. */
export async function resolveMentioned(
  deps: ActorDeps,
  workspace: Workspace,
  address: string,
  label: string | null,
): Promise<Person | null> {
  const known = await deps.store.people.findByAddress(workspace.id, address);
  if (known !== null) return refreshProfile(deps, workspace, known);
  let profile;
  try {
    profile = await deps.directory.lookupProfile(workspace, { platformUserId: null, address });
  } catch (err) {
    deps.log.warn({ err }, 'profile lookup for a mentioned user failed');
    profile = null;
  }
  if (profile === null && label === null) return null;
  const person = await deps.store.people.upsertIdentity({
    workspaceId: workspace.id,
    platform: deps.platform,
    platformUserId: profile?.platformUserId ?? address,
    address,
    displayName: cleanLine(profile?.displayName ?? label ?? address),
  });
  return profile === null ? person : deps.store.people.updateProfile(person.id, cleanProfile(profile), deps.clock.now());
}

/** Everything the actor holds in a group (or workspace-wide when group is null). */
export async function holdersOf(deps: Pick<CoreDeps, 'store'>, actor: Actor, group: Group | null): Promise<Set<Holder>> {
  const holders = new Set<Holder>(['member']);
  if (actor.isSuperAdmin) holders.add('super-admin');
  if (group !== null) for (const role of await deps.store.roles.rolesIn(actor.person.id, group.id)) holders.add(role);
  return holders;
}

export function localeOf(deps: Pick<CoreDeps, 'settings'>, workspace: Workspace, person: Person | null): Locale {
  return person?.locale ?? workspace.defaultLocale ?? deps.settings.defaultLocale;
}
