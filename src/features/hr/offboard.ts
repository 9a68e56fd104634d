// LIFE-2 offboarding. A leave (hr.leave) starts one offboarding per platform account
// with the leaver's e-mail, each a durable job in its workspace (hr.offboard), in the
// same transaction that claims the leave. Each job, step by step and each step once:
//  1. revokes every role the person holds (so they can approve or moderate nothing
//     while the removals run), announced as the role feature does (the stewardship
//     feature alerts where a core or project group drops below two admins);
//  2. lists the governed groups the platform places them in (once);
//  3. removes them from each, within the platform's rate limits shared by every
//     running Charter (a wait longer than two seconds reschedules the job), each
//     removal recorded once, so a crash or a retry removes nobody twice;
//  4. finishes: the owners of those groups get a card of what was done and what is
//     left to do by hand (Teams without Graph), and once every account of the event
//     is finished, the report goes to the HR system (hr.report, where configured).
import { localeOf } from '../../core/actor.js';
import { announceRoleChange } from '../../core/dispatch.js';
import { blockAfterRateLimit, RateLimited, sleep, takeToken } from '../../core/fanout.js';
import type { GlobalDeps } from '../../core/feature.js';
import { text, type Text } from '../../core/messages.js';
import { displayName, type Person, type Workspace } from '../../core/model.js';
import type { RoleGrant } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';
import { bySystem } from '../audit/entries.js';
import { HR_AUDIT_SCOPE } from './apply.js';
import { membershipLimits, resumeAt } from './limits.js';
import type { OffboardedCard } from './cards.js';
import type { HrStore, Removal, RemovalState } from './store.js';

export const OFFBOARD_JOB = 'hr.offboard';
export const REPORT_JOB = 'hr.report';
export const CALLBACK_JOB = 'hr.callback';
const REASON = 'left the organisation (HR)';
/** A removal that keeps failing for now is given up after this many tries (and reported). */
const MAX_ATTEMPTS = 3;

type Deps = CoreDeps<HrStore>;


/** hr.leave: one offboarding per account with the leaver's e-mail, started with the claim of the leave. */
export async function startOffboarding(deps: Pick<GlobalDeps<HrStore>, 'store' | 'jobs' | 'clock' | 'log'>, eventId: string): Promise<void> {
  const now = deps.clock.now();
  const accounts = await deps.store.transaction(async (tx) => {
    const event = await tx.hr.getEvent(eventId);
    if (event === null || !(await tx.hr.claimLeave(eventId, now))) return null;
    const record = await tx.hr.lockPerson(event.employeeId);
    // HR may have taken the leave back (a hire or change since): nobody is offboarded, and the report says 0 accounts.
    const withdrawn = record === null || record.status !== 'left';
    const found = withdrawn ? [] : await tx.hr.accountsOf(record.email);
    for (const a of found) {
      if (await tx.offboardings.start(eventId, a.personId, a.workspaceId, now)) {
        await deps.jobs.send(OFFBOARD_JOB, { workspaceId: a.workspaceId, eventId, personId: a.personId }, { key: `${eventId}:${a.personId}`, in: tx });
      }
    }
    // No account anywhere: the report says so at once.
    if (found.length === 0) await deps.jobs.send(REPORT_JOB, { eventId }, { key: eventId, in: tx });
    await tx.audit.append(bySystem(HR_AUDIT_SCOPE, 'hr.offboard.start', { targetType: 'hr_person', targetId: event.employeeId, details: { eventId, accounts: found.length, ...(withdrawn ? { withdrawn: true } : {}) } }), now);
    return found.length;
  });
  if (accounts !== null) deps.log.info({ eventId, accounts }, 'offboarding started');
}

/** Step 1: every role revoked in one transaction, then announced (ROLE-3's check of the admin minimum reacts there). */
async function revokeRoles(deps: Deps, eventId: string, workspace: Workspace, person: Person): Promise<void> {
  const now = deps.clock.now();
  const revoked = await deps.store.transaction(async (tx) => {
    const grants = await tx.roles.listForPerson(person.id);
    const done: RoleGrant[] = [];
    for (const g of grants) {
      if (!(await tx.roles.revoke({ groupId: g.groupId, personId: person.id, role: g.role, revokedBy: null, reason: REASON, at: now }))) continue;
      await tx.audit.append(bySystem(workspace.id, 'role.revoke', { targetType: 'person', targetId: person.id, groupId: g.groupId, reason: REASON, details: { role: g.role, eventId } }), now);
      done.push(g);
    }
    return (await tx.offboardings.rolesDone(eventId, person.id, grants.length, now)) ? done : [];
  });
  for (const g of revoked) {
    const group = g.groupId === null ? null : await deps.store.groups.get(g.groupId);
    await announceRoleChange(deps, { workspace, group, person, role: g.role, change: 'revoked' });
  }
}

type Outcome = Exclude<RemovalState, 'pending'>;

/**
 * hr.offboard: the account's roles, then its groups; resumable at every step.
 * `wait` is how a short wait for the rate limits passes (a simulated clock in the bench).
 */
export async function offboard(deps: Deps, eventId: string, personId: string, wait: (ms: number) => Promise<void> = sleep): Promise<void> {
  const run = await deps.store.offboardings.get(eventId, personId);
  if (run === null || run.finishedAt !== null) return;
  const [workspace, person] = await Promise.all([deps.store.workspaces.get(run.workspaceId), deps.store.people.get(personId)]);
  if (workspace === null || person === null) return;

  if (run.rolesDoneAt === null) await revokeRoles(deps, eventId, workspace, person);
  if (run.groupsListedAt === null) {
    const { groups } = await deps.store.groups.listActive(workspace.id, 100_000);
    // Where the platform cannot say, every governed group is tried (a removal from one they are not in is answered so).
    const found = deps.capabilities.removeMember ? await deps.membership.groupsWith(workspace, person, groups) : groups;
    await deps.store.offboardings.listGroups(eventId, personId, (found === 'unknown' ? groups : found).map((g) => g.id), deps.clock.now());
  }

  let retryLater = false;
  const employeeId = (await deps.store.hr.getEvent(eventId))?.employeeId ?? null;
  for (const r of (await deps.store.offboardings.removals(eventId, personId)).filter((x) => x.state === 'pending')) {
    // HR may take the leave back while this runs (a hire or change after it): no further removal.
    if (employeeId !== null && (await deps.store.hr.statusOf(employeeId)) !== 'left') {
      await settle(deps, eventId, workspace, person, r.groupId, 'withdrawn', null);
      continue;
    }
    const group = await deps.store.groups.get(r.groupId);
    if (group === null) {
      await settle(deps, eventId, workspace, person, r.groupId, 'failed', 'group_gone');
      continue;
    }
    if (!deps.capabilities.removeMember) {
      await settle(deps, eventId, workspace, person, group.id, 'unsupported', null);
      continue;
    }
    const limits = membershipLimits(workspace, group, 'remove');
    const token = await takeToken(deps, limits, wait);
    if (!token.ok) return resumeAt(deps, OFFBOARD_JOB, workspace, eventId, personId, new Date(deps.clock.now().getTime() + token.waitMs));
    let outcome: { state: Outcome; detail: string | null };
    try {
      const res = await deps.moderation.removeMember(workspace, group, person);
      outcome = res.outcome === 'failed' ? { state: 'failed', detail: res.error } : { state: res.outcome, detail: null };
    } catch (err) {
      if (err instanceof RateLimited) {
        return resumeAt(deps, OFFBOARD_JOB, workspace, eventId, personId, await blockAfterRateLimit(deps, limits, err));
      }
      deps.log.warn({ err, eventId, groupId: group.id }, 'a removal failed for now');
      if ((await deps.store.offboardings.attempted(eventId, personId, group.id)) >= MAX_ATTEMPTS) outcome = { state: 'failed', detail: 'unreachable' };
      else {
        retryLater = true;
        continue;
      }
    }
    await settle(deps, eventId, workspace, person, group.id, outcome.state, outcome.detail);
  }
  // Some platform trouble: the job's retry (with backoff) takes the rest.
  if (retryLater) throw new Error('some removals failed for now');
  await finish(deps, eventId, workspace, person);
}

async function settle(deps: Deps, eventId: string, workspace: Workspace, person: Person, groupId: string, state: Outcome, detail: string | null): Promise<void> {
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.offboardings.settle(eventId, person.id, groupId, state, detail, now))) return;
    const outcome = state === 'removed' || state === 'not-member' ? 'ok' : state === 'withdrawn' ? 'refused' : 'fallback';
    await tx.audit.append(
      bySystem(workspace.id, 'member.remove', { targetType: 'person', targetId: person.id, groupId, reason: state === 'withdrawn' ? 'HR took the leave back' : REASON, outcome, details: { eventId, result: state, ...(detail !== null ? { error: detail } : {}) } }),
      now,
    );
  });
}

const WHY: Readonly<Record<'unsupported' | 'failed', string>> = { unsupported: 'hr.offboard.whyUnsupported', failed: 'hr.offboard.whyFailed' };

/** Step 4: finished once; the owners told per group; the HR report when every account is. */
async function finish(deps: Deps, eventId: string, workspace: Workspace, person: Person): Promise<void> {
  const now = deps.clock.now();
  const finished = await deps.store.transaction(async (tx) => {
    if (!(await tx.offboardings.finish(eventId, person.id, now))) return false;
    await deps.jobs.send(REPORT_JOB, { eventId }, { key: `${eventId}:${person.id}`, in: tx });
    return true;
  });
  if (!finished) return;
  const removals = await deps.store.offboardings.removals(eventId, person.id);
  const byOwner = new Map<string, { owner: Person; removed: string[]; toFix: { group: string; why: Text }[] }>();
  for (const r of removals.filter((x: Removal) => x.state !== 'not-member' && x.state !== 'withdrawn')) {
    const group = await deps.store.groups.get(r.groupId);
    if (group === null) continue;
    const owners = await deps.store.people.getMany((await deps.store.roles.listForGroup(group.id)).filter((g) => g.role === 'owner').map((g) => g.personId));
    for (const owner of owners.filter((o) => o.employment !== 'inactive')) {
      const entry = byOwner.get(owner.id) ?? { owner, removed: [], toFix: [] };
      if (r.state === 'removed') entry.removed.push(group.name);
      else if (r.state === 'unsupported' || r.state === 'failed') entry.toFix.push({ group: group.name, why: text(WHY[r.state]) });
      byOwner.set(owner.id, entry);
    }
  }
  for (const { owner, removed, toFix } of byOwner.values()) {
    const card: OffboardedCard = { kind: 'hr.offboarded', person: displayName(person), removed, toFix };
    await deps.messaging.sendPrivate(workspace, owner, { locale: localeOf(deps, workspace, owner), card }).catch((err: unknown) => deps.log.warn({ err, eventId }, 'could not tell an owner about an offboarding'));
  }
  deps.log.info({ eventId, groups: removals.length, removed: removals.filter((r) => r.state === 'removed').length, ms: now.getTime() - (await deps.store.offboardings.get(eventId, person.id))!.startedAt.getTime() }, 'offboarding finished');
}

/** The report of an event's offboarding, as the HR system gets it. */
async function buildReport(deps: Pick<GlobalDeps<HrStore>, 'store'>, eventId: string): Promise<{ employeeId: string; manual: number; durationMs: number; body: Record<string, unknown> } | null> {
  const event = await deps.store.hr.getEvent(eventId);
  if (event === null) return null;
  const runs = await deps.store.offboardings.listForEvent(eventId);
  if (runs.some((r) => r.finishedAt === null)) return null;
  const accounts = [];
  for (const run of runs) {
    const workspace = await deps.store.workspaces.get(run.workspaceId);
    const groups = [];
    for (const r of await deps.store.offboardings.removals(eventId, run.personId)) {
      const g = await deps.store.groups.get(r.groupId);
      groups.push({ group: g?.name ?? r.groupId, result: r.state, ...(r.detail !== null ? { error: r.detail } : {}) });
    }
    accounts.push({ platform: workspace?.platform ?? null, workspace: workspace?.externalId ?? null, rolesRevoked: run.rolesRevoked ?? 0, groups });
  }
  const last = runs.reduce((t, r) => Math.max(t, r.finishedAt?.getTime() ?? 0), event.receivedAt.getTime());
  const manual = accounts.flatMap((a) => a.groups).filter((g) => g.result === 'unsupported' || g.result === 'failed').length;
  const durationMs = last - event.receivedAt.getTime();
  const body = { id: event.id, type: 'offboarding.report', employeeId: event.employeeId, receivedAt: event.receivedAt.toISOString(), finishedAt: new Date(last).toISOString(), durationMs, complete: manual === 0, manual, accounts };
  return { employeeId: event.employeeId, manual, durationMs, body };
}

/** hr.report: once every account of the event is finished (the last to finish gets here), claimed once, audited, and sent on where configured. */
export async function reportOffboarding(deps: GlobalDeps<HrStore>, eventId: string): Promise<void> {
  const report = await buildReport(deps, eventId);
  if (report === null) return;
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.offboardings.claimReport(eventId, now))) return;
    await tx.audit.append(bySystem(HR_AUDIT_SCOPE, 'hr.offboard.report', { targetType: 'hr_person', targetId: report.employeeId, outcome: report.manual === 0 ? 'ok' : 'fallback', details: { eventId, durationMs: report.durationMs, manual: report.manual } }), now);
    if (deps.hrReports.configured) await deps.jobs.send(CALLBACK_JOB, { eventId }, { key: eventId, in: tx });
  });
}

/** hr.callback: the report posted to the HR system, retried until it answers 2xx. */
export async function sendReport(deps: GlobalDeps<HrStore>, eventId: string): Promise<void> {
  const report = await buildReport(deps, eventId);
  if (report === null || !deps.hrReports.configured) return;
  await deps.hrReports.send(report.body);
  deps.log.info({ eventId }, 'offboarding report sent to HR');
}
