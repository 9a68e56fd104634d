// AUD-4: a super admin erases a departed person's personal data (`hr erase <employee id>`).
// Only for someone HR says has left. In one transaction: every platform account with
// their e-mail loses its directory fields (the account row stays: roles, memberships
// and history point at it), the HR record keeps its employee id, status and last
// event (so a replayed or older event changes nothing) and loses the rest, the stored
// HR events keep id, type, time and employee id, and the audit log's rows naming
// them (their accounts as actors or targets, their account or platform ids in any
// detail, their employee id) name a pseudonym
// instead, through the one change the log's trigger allows (audit_log_pseudonymise:
// identity columns only, to that pseudonym only). The erasure is recorded in its own
// append-only ledger (audit_erasures, with the rows it touched) and in the audit log.
//
// The pseudonym is `erased:` and the first 12 hex digits of HMAC-SHA256 of the
// employee id under CHARTER_ERASURE_KEY: stable (two erasures of one person, or
// several accounts, give one pseudonym), and not recomputable from the database alone.
import { createHmac } from 'node:crypto';
import type { CommandContext } from '../../core/feature.js';
import { conflict, notAllowed, notFound, unavailable } from '../../core/errors.js';
import { text } from '../../core/messages.js';
import { qualifiedId } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import { HR_AUDIT_SCOPE } from './apply.js';
import { ERASED_NAME } from './migrations/20261223090000_create_erasure.js';
import type { HrStore } from './store.js';

const ERASE_ACTION = 'hr.erase';

/** The shortest bare platform id erasure replaces wherever it stands in audit details. */
const BARE_ID_MIN_LENGTH = 8;

export function pseudonymOf(key: string, employeeId: string): string {
  return `erased:${createHmac('sha256', key).update(employeeId, 'utf8').digest('hex').slice(0, 12)}`;
}

export async function eraseCommand(deps: CoreDeps<HrStore>, { actor }: CommandContext, employeeId: string): Promise<Reply> {
  const now = deps.clock.now();
  // A refusal names whom only when that cannot undo an erasure: the employee id of
  // someone still employed or unknown, the pseudonym of someone already erased.
  const refuse = async (reason: string, targetId: string | null) => {
    await deps.store.audit.append(byActor(actor, ERASE_ACTION, { targetType: 'hr_person', targetId, outcome: 'refused', reason }), now);
  };
  if (!actor.isSuperAdmin) {
    await refuse('not a super admin', null);
    notAllowed(text('hr.erase.forbidden'));
  }
  const key = deps.settings.erasureKey;
  if (key === undefined || key === null || key === '') {
    await refuse('CHARTER_ERASURE_KEY is not set', null);
    unavailable(text('hr.erase.noKey'));
  }
  const pseudonym = pseudonymOf(key, employeeId);
  const result = await deps.store.transaction(async (tx) => {
    const person = await tx.hr.lockPerson(employeeId);
    if (person === null) return { refused: 'unknown' as const };
    if (person.erasedAt !== null && person.erasedAt !== undefined) return { refused: 'already' as const };
    if (person.status !== 'left') return { refused: 'active' as const };
    // The accounts with the e-mail belong to whoever holds it now: never erase them for an older id.
    if ((await tx.hr.activeHolder(person.email, employeeId)) !== null) return { refused: 'shared' as const };
    const accounts = await tx.hr.eraseAccounts(person.email, ERASED_NAME, now);
    // LIFE-4 reports showed their departments beside them.
    await tx.reconciliations.eraseDepartments(accounts.map((a) => a.personId));
    const events = await tx.hr.eraseEvents(employeeId, person.email);
    await tx.hr.eraseRecord(employeeId, person.email, pseudonym, now);
    // Account ids, `slack:U…` ids and bare platform ids (`U…`, a Teams object id): none
    // can equal anything but that account, so each is replaced wherever it stands. A
    // bare id shorter than real ones are (Slack's have 9 or more characters, Teams'
    // are GUIDs) could equal some other short value: it is left to its qualified form.
    const identities = accounts.flatMap((a) => [a.personId, a.qualifiedId, ...(a.platformUserId.length >= BARE_ID_MIN_LENGTH ? [a.platformUserId] : [])]);
    const auditIds = await tx.hr.pseudonymiseAudit(identities, [employeeId], pseudonym);
    await tx.hr.recordErasure({ pseudonym, erasedAt: now, erasedBy: qualifiedId(actor.person), auditIds, accounts: accounts.length, events });
    const details = { accounts: accounts.length, events, auditRows: auditIds.length };
    await tx.audit.append(byActor(actor, ERASE_ACTION, { targetType: 'hr_person', targetId: pseudonym, details }), now);
    if (actor.workspace.id !== HR_AUDIT_SCOPE) {
      await tx.audit.append({ ...byActor(actor, ERASE_ACTION, { targetType: 'hr_person', targetId: pseudonym, details }), workspaceId: HR_AUDIT_SCOPE }, now);
    }
    return { refused: null, ...details };
  });
  if (result.refused !== null) {
    if (result.refused === 'already') await refuse('already erased', pseudonym);
    else await refuse({ unknown: 'no such employee', active: 'still employed', shared: 'the e-mail belongs to a current employee' }[result.refused], employeeId);
    if (result.refused === 'unknown') notFound(text('hr.erase.unknown', { employeeId }));
    if (result.refused === 'already') conflict(text('hr.erase.already', { employeeId }));
    if (result.refused === 'shared') conflict(text('hr.erase.sharedEmail', { employeeId }));
    conflict(text('hr.erase.notLeft', { employeeId }));
  }
  deps.log.info({ action: ERASE_ACTION, accounts: result.accounts, events: result.events, auditRows: result.auditRows }, 'personal data erased');
  return { kind: 'text', text: text('hr.erase.done', { employeeId, pseudonym, accounts: result.accounts, events: result.events, rows: result.auditRows }) };
}
