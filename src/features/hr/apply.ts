// LIFE-1/LIFE-2, the directory side: one HR event, from the webhook or a roster
// row, applied once. In one transaction: the event is stored by its id (seen
// before: nothing happens), the employee's record is locked, an event older than
// the last one applied for that employee is kept but changes nothing, otherwise
// the record and every platform account with the e-mail take the HR fields, a
// leave enqueues `hr.leave`, a new employee `hr.hire`, and the audit log says what happened. Logs carry ids
// and counts only: never an e-mail or a name.
import { createHash } from 'node:crypto';
import { cleanLine } from '../../core/clean.js';
import { matchLocale } from '../../core/locale.js';
import type { Clock, JobQueue, Logger, Profile, Store } from '../../core/ports.js';
import { bySystem } from '../audit/entries.js';
import type { HrEvent } from './schema.js';
import type { HrOutcome, HrPerson, HrPersonState, HrProfileFields, HrSource, HrStore } from './store.js';

export interface HrDeps {
  store: Store & HrStore;
  jobs: JobQueue;
  clock: Clock;
  log: Logger;
}

/** The audit log's scope for what concerns the directory itself, not one workspace. */
export const HR_AUDIT_SCOPE = 'hr:directory';
export const LEAVE_JOB = 'hr.leave';
export const HIRE_JOB = 'hr.hire';

export type ApplyResult = { outcome: 'duplicate' } | { outcome: HrOutcome; accounts: number };

/** Cleaned like anything a person types; nothing visible left is nothing. */
function line(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const cleaned = cleanLine(value).trim();
  return cleaned === '' ? null : cleaned;
}

const FIELDS = ['email', 'realName', 'department', 'title', 'managerEmail', 'locale', 'status'] as const;

function same(a: HrPerson, b: HrPerson): boolean {
  return FIELDS.every((k) => a[k] === b[k]);
}

/** The record after the event: a hire or change replaces it; a leave keeps what was known. */
function nextRecord(event: HrEvent, current: HrPersonState | null): HrPerson {
  const email = event.person.email.toLowerCase();
  if (event.type === 'leave') {
    const known = current ?? { realName: null, department: null, title: null, managerEmail: null, locale: null };
    return { employeeId: event.person.employeeId, realName: known.realName, department: known.department, title: known.title, managerEmail: known.managerEmail, locale: known.locale, email, status: 'left' };
  }
  const p = event.person;
  return {
    employeeId: p.employeeId,
    email,
    realName: line(p.realName),
    department: line(p.department),
    title: line(p.title),
    managerEmail: p.managerEmail === null || p.managerEmail === undefined ? null : p.managerEmail.toLowerCase(),
    locale: p.locale ?? null,
    status: 'active',
  };
}

/** What the platform accounts with the e-mail take from the record. */
function accountFields(record: HrPerson, event: HrEvent): Partial<HrProfileFields> & Pick<HrProfileFields, 'employment'> {
  if (event.type === 'leave') return { employment: 'inactive' };
  return { realName: record.realName, department: record.department, title: record.title, locale: matchLocale(record.locale) ?? null, employment: 'active' };
}

/** A roster row: `dated` when the import gave the time HR exported the file (else the rows carry the import's time). */
export interface RosterRow {
  dated: boolean;
}

const shortHash = (value: string) => createHash('sha256').update(value).digest('hex').slice(0, 16);

export async function applyHrEvent(deps: HrDeps, event: HrEvent, source: HrSource, row: RosterRow = { dated: false }): Promise<ApplyResult> {
  const now = deps.clock.now();
  const occurredAt = new Date(event.occurredAt);
  const employeeId = event.person.employeeId;
  const action = `hr.${event.type}`;
  let id = event.id;
  const result = await deps.store.transaction(async (tx): Promise<ApplyResult> => {
    id = event.id;
    let before: HrPersonState | null | undefined;
    if (source === 'roster') {
      // A roster row's id is made from its content: the same row imported again is a
      // replay while it is still what the record last took; once another event changed
      // the record (a rehire by webhook, say), the same row is news again (a second leave):
      // `<row>.<the record's last event>`. A row found older than the record (stale) is
      // news again only under an export time given later (`<row>.<last>.<time>`); an
      // undated import of a row seen in any form against this record is a replay (a file
      // imported again without its date must not undo what HR said since).
      before = await tx.hr.lockPerson(employeeId);
      if (before !== null && (before.lastEventId === event.id || before.lastEventId.startsWith(`${event.id}.`))) return { outcome: 'duplicate' };
      if (before !== null) {
        const against = `${event.id}.${shortHash(before.lastEventId)}`;
        if (row.dated) id = `${against}.${shortHash(occurredAt.toISOString())}`;
        else if (await tx.hr.rowSeen(against)) return { outcome: 'duplicate' };
        else id = against;
      }
    }
    const fresh = await tx.hr.recordEvent({ id, type: event.type, employeeId, occurredAt, receivedAt: now, source }, { ...event, id });
    if (!fresh) return { outcome: 'duplicate' };
    // Locked once: the roster path above already holds it (recording the event changes no record).
    const current = before !== undefined ? before : await tx.hr.lockPerson(employeeId);
    // AUD-4: an erased record's e-mail is its pseudonym. An event about it that changes
    // nothing (older, or another leave) is kept without its personal fields, and the
    // audit log names the pseudonym; a newer hire or change is new data, as any.
    const erased = current !== null && current.erasedAt !== null && current.erasedAt !== undefined;
    const who = erased ? current.email : employeeId;
    const details = { eventId: id, source, employeeId: who };
    const stale = current !== null && occurredAt.getTime() < current.lastOccurredAt.getTime();
    if (erased && (stale || event.type === 'leave')) await tx.hr.stripPayload(id);
    if (stale) {
      await tx.hr.setOutcome(id, 'stale');
      await tx.audit.append(
        bySystem(HR_AUDIT_SCOPE, action, { targetType: 'hr_person', targetId: who, outcome: 'refused', reason: 'older than the last event applied', details: { ...details, result: 'stale' } }),
        now,
      );
      return { outcome: 'stale', accounts: 0 };
    }
    if (erased && event.type === 'leave') {
      await tx.hr.setOutcome(id, 'unchanged');
      await tx.audit.append(bySystem(HR_AUDIT_SCOPE, action, { targetType: 'hr_person', targetId: who, details: { ...details, result: 'unchanged', accounts: 0 } }), now);
      return { outcome: 'unchanged', accounts: 0 };
    }
    const record = nextRecord(event, current);
    const outcome: HrOutcome = current === null ? 'created' : same(current, record) ? 'unchanged' : 'updated';
    await tx.hr.savePerson({ ...record, lastEventId: id, lastOccurredAt: occurredAt }, now);
    await tx.hr.setOutcome(id, outcome);
    // The accounts with the e-mail are the person's who holds it now: a leave of an older
    // employee id with the same address (a rehire under a new id, a reused address) is
    // recorded but touches no account of the current holder.
    const shared = event.type === 'leave' && (await tx.hr.activeHolder(record.email, employeeId)) !== null;
    const changed = shared ? [] : await tx.hr.applyToPeople(record.email, accountFields(record, event));
    if (event.type === 'leave' && current?.status !== 'left' && !shared) {
      await deps.jobs.send(LEAVE_JOB, { eventId: id }, { key: id, in: tx });
    }
    // A new employee, or one who comes back (a hire, or a roster row for someone HR had not or had as left): LIFE-1.
    if (event.type !== 'leave' && current?.status !== 'active') {
      await deps.jobs.send(HIRE_JOB, { eventId: id }, { key: id, in: tx });
    }
    await tx.audit.append(
      bySystem(HR_AUDIT_SCOPE, action, { targetType: 'hr_person', targetId: who, details: { ...details, result: outcome, accounts: changed.length, ...(shared ? { sharedEmail: true } : {}) } }),
      now,
    );
    for (const account of changed) {
      await tx.audit.append(bySystem(account.workspaceId, action, { targetType: 'person', targetId: account.personId, details }), now);
    }
    return { outcome, accounts: changed.length };
  });
  const fields = { eventId: id, type: event.type, source, ...result };
  if (source === 'webhook') deps.log.info(fields, 'HR event received');
  else deps.log.debug(fields, 'roster row applied');
  return result;
}

/**
 * What a platform says about a person, completed by the HR directory: where HR
 * knows the e-mail, its name, department, title and employment win (a daily
 * profile refresh must not bring a leaver back), and its language applies where
 * the platform reports none.
 */
export async function withHrRecord(store: HrStore, profile: Profile): Promise<Profile> {
  if (profile.email === null) return profile;
  const hr = await store.hr.findByEmail(profile.email);
  if (hr === null) return profile;
  return {
    ...profile,
    realName: hr.realName ?? profile.realName,
    department: hr.department ?? profile.department,
    title: hr.title ?? profile.title,
    locale: profile.locale ?? matchLocale(hr.locale) ?? null,
    employment: hr.status === 'left' ? 'inactive' : 'active',
  };
}
