// Resolves who is acting from what the adapter reports: the workspace, the person
// (with a profile refreshed from the platform at most once a day) and their roles.
// Adapters report identity; authority is always looked up here, never trusted.
import type { Locale } from '../locale.js';
import type { Actor, Group, Person, Platform, Workspace } from '../model.js';
import { qualifiedId } from '../model.js';
import type { Holder } from '../permissions.js';
import { cleanLine } from '../clean.js';
import type { CoreDeps, Profile } from '../ports.js';

export interface ActorInput {
  workspace: { externalId: string; name?: string | null; serviceUrl?: string | null };
  user: { platformUserId: string; address: string; displayName: string };
  /** The locale the platform reported for this user, if any. */
  locale: Locale | null;
}

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
  };
}

export function workspaceId(platform: Platform, externalId: string): string {
  return `${platform}:${externalId}`;
}

async function refreshProfile(deps: CoreDeps, workspace: Workspace, person: Person): Promise<Person> {
  const now = deps.clock.now();
  const fresh = person.profileRefreshedAt !== null && now.getTime() - person.profileRefreshedAt.getTime() < PROFILE_MAX_AGE_MS;
  if (fresh) return person;
  try {
    const profile = await deps.platform.lookupProfile(workspace, person);
    if (profile === null) return person;
    return await deps.store.people.updateProfile(person.id, cleanProfile(profile), now);
  } catch (err) {
    deps.log.warn({ err, personId: person.id }, 'profile lookup failed; using what is known');
    return person;
  }
}

export async function resolveActor(deps: CoreDeps, input: ActorInput): Promise<Actor> {
  const platform = deps.platform.platform;
  const workspace = await deps.store.workspaces.upsert({
    id: workspaceId(platform, input.workspace.externalId),
    platform,
    externalId: input.workspace.externalId,
    ...(input.workspace.name !== undefined ? { name: input.workspace.name } : {}),
    ...(input.workspace.serviceUrl !== undefined ? { serviceUrl: input.workspace.serviceUrl } : {}),
  });
  let person = await deps.store.people.upsertIdentity({
    workspaceId: workspace.id,
    platform,
    platformUserId: input.user.platformUserId,
    address: input.user.address,
    displayName: input.user.displayName,
  });
  person = await refreshProfile(deps, workspace, person);
  if (input.locale !== null && input.locale !== person.locale) {
    // Remembered so proactive messages (cards, notices) reach them in their language.
    await deps.store.people.setLocale(person.id, input.locale);
    person = { ...person, locale: input.locale };
  }
  const isSuperAdmin =
    deps.settings.superAdmins.has(qualifiedId(person)) ||
    (await deps.store.roles.rolesIn(person.id, null)).includes('super-admin');
  return {
    workspace,
    person,
    locale: input.locale ?? person.locale ?? workspace.defaultLocale ?? deps.settings.defaultLocale,
    isSuperAdmin,
  };
}

/** Finds or creates the person a mention points at, with a profile where the platform gives one. */
export async function resolveMentioned(
  deps: CoreDeps,
  workspace: Workspace,
  address: string,
  label: string | null,
): Promise<Person | null> {
  const known = await deps.store.people.findByAddress(workspace.id, address);
  if (known !== null) return refreshProfile(deps, workspace, known);
  let profile;
  try {
    profile = await deps.platform.lookupProfile(workspace, { platformUserId: null, address });
  } catch (err) {
    deps.log.warn({ err }, 'profile lookup for a mentioned user failed');
    profile = null;
  }
  if (profile === null && label === null) return null;
  const person = await deps.store.people.upsertIdentity({
    workspaceId: workspace.id,
    platform: deps.platform.platform,
    platformUserId: profile?.platformUserId ?? address,
    address,
    displayName: cleanLine(profile?.displayName ?? label ?? address),
  });
  return profile === null ? person : deps.store.people.updateProfile(person.id, cleanProfile(profile), deps.clock.now());
}

/** Everything the actor holds in a group (or workspace-wide when group is null). */
export async function holdersOf(deps: CoreDeps, actor: Actor, group: Group | null): Promise<Set<Holder>> {
  const holders = new Set<Holder>(['member']);
  if (actor.isSuperAdmin) holders.add('super-admin');
  if (group !== null) for (const role of await deps.store.roles.rolesIn(actor.person.id, group.id)) holders.add(role);
  return holders;
}

export function localeOf(deps: CoreDeps, workspace: Workspace, person: Person | null): Locale {
  return person?.locale ?? workspace.defaultLocale ?? deps.settings.defaultLocale;
}
