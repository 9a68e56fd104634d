// LIFE-1 onboarding. A hire (or a roster row that makes a new, or returning,
// employee) enqueues `hr.hire` in the transaction that applies it; that job starts
// one onboarding per platform account with the e-mail, each a durable job in its
// workspace (hr.onboard). Each job, step by step and each step once:
//  1. lists the workspace's default groups for the person (`onboarding.groups`:
//     their department's and title's entries, and `*`), once;
//  2. adds them to each (`membership.addMember`), within the platform's rate limits
//     shared by every running Charter (limits.ts), each addition recorded once, so a
//     crash or a retry adds nobody twice; where the platform lets the bot add
//     nobody (`capabilities.addMember` 'ask-owner', Teams without Graph) or refuses,
//     the group's owners are asked to add them. Each added member is welcomed in the
//     group as an approved join is (ADM-4's welcome);
//  3. finishes: the person gets the welcome pack privately, in their language: each
//     group with its purpose and owners, and whether they are in or an owner will
//     add them.
// An account that comes after the hire (the new employee joins the Slack workspace,
// or Teams installs the app for them, days later) is onboarded when it appears
// (`account.joined`), and a sweep every ten minutes (hr.late-onboard) catches any
// account whose e-mail Charter learned another way: each within
// LATE_ONBOARDING_DAYS of the hire, under the hire's event id, so it too runs once.
import { localeOf } from '../../core/actor.js';
import type { GlobalDeps } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import { displayName, type Group, type Person, type Workspace } from '../../core/model.js';
import { blockAfterRateLimit, RateLimited, sleep, takeToken } from '../../core/fanout.js';
import type { AddMemberResult, CoreDeps } from '../../core/ports.js';
import { settingOf } from '../../core/settings.js';
import { mentionOf } from '../../core/summaries.js';
import { bySystem } from '../audit/entries.js';
import { welcome } from '../join/fulfil.js';
import { HR_AUDIT_SCOPE } from './apply.js';
import type { WelcomePackCard } from './cards.js';
import { membershipLimits, resumeAt } from './limits.js';
import { groupsFor, ONBOARDING_GROUPS } from './settings.js';
import type { AdditionState, HrStore } from './store.js';

export const ONBOARD_JOB = 'hr.onboard';
const REASON = 'joined the organisation (HR)';
/** An addition that keeps failing for now is handed to the owners after this many tries. */
const MAX_ATTEMPTS = 3;

type Deps = CoreDeps<HrStore>;
type Outcome = Exclude<AdditionState, 'pending'>;

/** hr.hire: one onboarding per account with the new employee's e-mail, started with the claim of the hire. */
export async function startOnboarding(deps: Pick<GlobalDeps<HrStore>, 'store' | 'jobs' | 'clock' | 'log'>, eventId: string): Promise<void> {
  const now = deps.clock.now();
  const accounts = await deps.store.transaction(async (tx) => {
    const event = await tx.hr.getEvent(eventId);
    if (event === null || !(await tx.hr.claimHire(eventId, now))) return null;
    const record = await tx.hr.lockPerson(event.employeeId);
    // Gone again before the job ran (a leave since): nobody to welcome.
    const found = record === null || record.status !== 'active' ? [] : await tx.hr.accountsOf(record.email);
    for (const a of found) {
      if (await tx.onboardings.start(eventId, a.personId, a.workspaceId, now)) {
        await deps.jobs.send(ONBOARD_JOB, { workspaceId: a.workspaceId, eventId, personId: a.personId }, { key: `${eventId}:${a.personId}`, in: tx });
      }
    }
    await tx.audit.append(bySystem(HR_AUDIT_SCOPE, 'hr.onboard.start', { targetType: 'hr_person', targetId: event.employeeId, details: { eventId, accounts: found.length } }), now);
    return found.length;
  });
  if (accounts !== null) deps.log.info({ eventId, accounts }, 'onboarding started');
}

/** An account that appears this long after the hire is no longer onboarded (it is not a new employee's). */
const LATE_ONBOARDING_DAYS = 30;
export const LATE_ONBOARD_JOB = 'hr.late-onboard';
/** Accounts started per sweep; the next sweep takes the rest. */
const LATE_BATCH = 500;

/**
 * Starts the onboarding of accounts that appeared after their owner's hire: one
 * account (an `account.joined` event), or every such account (the sweep). Each
 * start is claimed once (the hire's event id and the account), so an event
 * delivered twice, the sweep and the hire's own job never onboard anyone twice.
 */
export async function onboardLateAccounts(deps: Pick<GlobalDeps<HrStore>, 'store' | 'jobs' | 'clock' | 'log'>, personId?: string): Promise<number> {
  const now = deps.clock.now();
  const since = new Date(now.getTime() - LATE_ONBOARDING_DAYS * 86_400_000);
  const found = await deps.store.hr.lateOnboardings({ since, limit: LATE_BATCH, ...(personId !== undefined ? { personId } : {}) });
  let started = 0;
  for (const a of found) {
    const claimed = await deps.store.transaction(async (tx) => {
      if (!(await tx.onboardings.start(a.eventId, a.personId, a.workspaceId, now))) return false;
      await deps.jobs.send(ONBOARD_JOB, { workspaceId: a.workspaceId, eventId: a.eventId, personId: a.personId }, { key: `${a.eventId}:${a.personId}`, in: tx });
      await tx.audit.append(bySystem(a.workspaceId, 'hr.onboard.start', { targetType: 'person', targetId: a.personId, details: { eventId: a.eventId, accounts: 1, late: true } }), now);
      return true;
    });
    if (claimed) started += 1;
  }
  if (started > 0) deps.log.info({ started }, 'onboarding started for accounts that came after the hire');
  return started;
}

/** A short, language-neutral code for what went wrong (owners see it; the log has the rest). */
function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string' && /^[\w.-]{1,64}$/.test(e.code)) return e.code;
  return 'unreachable';
}

async function ownersOf(deps: Deps, group: Group): Promise<Person[]> {
  const grants = (await deps.store.roles.listForGroup(group.id)).filter((g) => g.role === 'owner');
  return (await deps.store.people.getMany(grants.map((g) => g.personId))).filter((p) => p.employment !== 'inactive');
}

/** Step 1: the default groups, resolved by their registered names; names no group has are audited. */
async function listGroups(deps: Deps, eventId: string, workspace: Workspace, person: Person): Promise<void> {
  const entries = person.employment === 'inactive' ? [] : await settingOf(deps, workspace.id, ONBOARDING_GROUPS);
  const names = groupsFor(entries, person);
  const groups: Group[] = [];
  const unknown: string[] = [];
  for (const name of names) {
    const g = await deps.store.groups.findActiveByName(workspace.id, name);
    if (g === null) unknown.push(name);
    else if (!groups.some((x) => x.id === g.id)) groups.push(g);
  }
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.onboardings.listGroups(eventId, person.id, groups.map((g) => g.id), now))) return;
    await tx.audit.append(
      bySystem(workspace.id, 'hr.onboard.groups', { targetType: 'person', targetId: person.id, outcome: unknown.length === 0 ? 'ok' : 'fallback', details: { eventId, groups: groups.length, ...(unknown.length > 0 ? { unknownGroups: unknown } : {}) } }),
      now,
    );
  });
}

/** Records one addition once (audited); true when this run recorded it. */
async function settle(deps: Deps, eventId: string, workspace: Workspace, person: Person, groupId: string, state: Outcome, detail: string | null): Promise<boolean> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    if (!(await tx.onboardings.settle(eventId, person.id, groupId, state, detail, now))) return false;
    const outcome = state === 'added' || state === 'already-member' ? 'ok' : state === 'owner-asked' ? 'fallback' : 'failed';
    await tx.audit.append(bySystem(workspace.id, 'member.add', { targetType: 'person', targetId: person.id, groupId, reason: REASON, outcome, details: { eventId, result: state, ...(detail !== null ? { error: detail } : {}) } }), now);
    return true;
  });
}

async function askOwners(deps: Deps, workspace: Workspace, group: Group, person: Person, error: string | null): Promise<void> {
  for (const owner of await ownersOf(deps, group)) {
    const params = { member: mentionOf(person), group: group.name, department: person.department ?? '—', ...(error !== null ? { error } : {}) };
    await deps.messaging
      .sendPrivate(workspace, owner, { locale: localeOf(deps, workspace, owner), text: text(error === null ? 'hr.onboard.pleaseAdd' : 'hr.onboard.pleaseAddAfterError', params) })
      .catch((err: unknown) => deps.log.warn({ err, groupId: group.id }, 'could not ask an owner to add a new employee'));
  }
}

/**
 * hr.onboard: the account's default groups, then the welcome pack; resumable at every
 * step. Each addition takes a token of the platform's shared limits first (a wait
 * longer than two seconds reschedules the job). `wait` is how a short wait passes.
 */
export async function onboard(deps: Deps, eventId: string, personId: string, wait: (ms: number) => Promise<void> = sleep): Promise<void> {
  const run = await deps.store.onboardings.get(eventId, personId);
  if (run === null || run.finishedAt !== null) return;
  const [workspace, person] = await Promise.all([deps.store.workspaces.get(run.workspaceId), deps.store.people.get(personId)]);
  if (workspace === null || person === null) return;
  if (run.groupsListedAt === null) await listGroups(deps, eventId, workspace, person);

  let retryLater = false;
  for (const a of (await deps.store.onboardings.additions(eventId, personId)).filter((x) => x.state === 'pending')) {
    const group = await deps.store.groups.get(a.groupId);
    if (group === null || group.status !== 'active') {
      await settle(deps, eventId, workspace, person, a.groupId, 'failed', 'group_gone');
      continue;
    }
    let result: AddMemberResult = { outcome: 'unsupported' };
    if (deps.capabilities.addMember === 'direct') {
      const limits = membershipLimits(workspace, group, 'add');
      const token = await takeToken(deps, limits, wait);
      if (!token.ok) return resumeAt(deps, ONBOARD_JOB, workspace, eventId, personId, new Date(deps.clock.now().getTime() + token.waitMs));
      try {
        result = await deps.membership.addMember(workspace, group, person);
      } catch (err) {
        if (err instanceof RateLimited) {
          return resumeAt(deps, ONBOARD_JOB, workspace, eventId, personId, await blockAfterRateLimit(deps, limits, err));
        }
        deps.log.warn({ err, eventId, groupId: group.id }, 'an addition failed for now');
        if ((await deps.store.onboardings.attempted(eventId, personId, group.id)) < MAX_ATTEMPTS) {
          retryLater = true;
          continue;
        }
        result = { outcome: 'failed', error: errorCode(err) };
      }
    }
    if ((result.outcome === 'added' || result.outcome === 'already-member') && result.learned?.teamAadGroupId !== undefined) {
      await deps.store.groups.setTeamAadGroupId(group.id, result.learned.teamAadGroupId);
    }
    const error = result.outcome === 'failed' ? result.error : null;
    const state: Outcome = result.outcome === 'added' || result.outcome === 'already-member' ? result.outcome : 'owner-asked';
    if (!(await settle(deps, eventId, workspace, person, group.id, state, error))) continue;
    if (state === 'added') await welcome(deps, { workspace, group, requester: person });
    if (state === 'owner-asked') await askOwners(deps, workspace, group, person, error);
  }
  // Some platform trouble: the job's retry (with backoff) takes the rest.
  if (retryLater) throw new Error('some additions failed for now');
  await finish(deps, eventId, workspace, person);
}

/** Step 3: finished once; the welcome pack goes to the person (where there is a group to tell of). */
async function finish(deps: Deps, eventId: string, workspace: Workspace, person: Person): Promise<void> {
  const now = deps.clock.now();
  const additions = await deps.store.onboardings.additions(eventId, person.id);
  const groups: WelcomePackCard['groups'] = [];
  for (const a of additions) {
    if (a.state !== 'added' && a.state !== 'already-member' && a.state !== 'owner-asked') continue;
    const group = await deps.store.groups.get(a.groupId);
    if (group === null) continue;
    groups.push({ name: group.name, purpose: group.purpose, owners: (await ownersOf(deps, group)).map(mentionOf), state: a.state === 'owner-asked' ? 'owner-asked' : 'added' });
  }
  const finished = await deps.store.transaction(async (tx) => {
    if (!(await tx.onboardings.finish(eventId, person.id, now))) return false;
    await tx.audit.append(bySystem(workspace.id, 'hr.onboard.welcome', { targetType: 'person', targetId: person.id, details: { eventId, groups: groups.length, sent: groups.length > 0 } }), now);
    return true;
  });
  if (!finished || groups.length === 0) return;
  const card: WelcomePackCard = { kind: 'hr.welcome', person: displayName(person), groups };
  await deps.messaging.sendPrivate(workspace, person, { locale: localeOf(deps, workspace, person), card }).catch((err: unknown) => deps.log.warn({ err, eventId }, 'could not send the welcome pack'));
  deps.log.info({ eventId, groups: groups.length, added: groups.filter((g) => g.state === 'added').length }, 'onboarding finished');
}
