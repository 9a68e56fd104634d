// The HR directory's repositories on Knex.
import type { Knex } from 'knex';
import { cleanLine } from '../../core/clean.js';
import { toCount } from '../../store/errors.js';
import type { HrEventType } from './schema.js';
import type { AdditionState, ErasedAccount, HrEventRecord, HrOutcome, HrPerson, HrPersonState, HrProfileFields, HrRepo, HrSource, HrStatus, HrStore, Offboarding, OffboardingRepo, Onboarding, OnboardingRepo, ReconcileRowState, ReconciliationRepo, RemovalState, StoredReconcileRow } from './store.js';

/** An HR event's payload after AUD-4: its id, type, time and employee id, and that it was erased. */
const STRIPPED_PAYLOAD = `jsonb_build_object('id', id, 'type', type, 'occurredAt', payload->'occurredAt', 'person', jsonb_build_object('employeeId', employee_id), 'erased', true)`;

interface EventRow {
  id: string;
  type: HrEventType;
  employee_id: string;
  occurred_at: Date;
  received_at: Date;
  source: HrSource;
  outcome: HrOutcome | null;
  handled_at: Date | null;
}

interface PersonRow {
  employee_id: string;
  email: string;
  real_name: string | null;
  department: string | null;
  title: string | null;
  manager_email: string | null;
  locale: string | null;
  status: HrStatus;
  last_event_id: string;
  last_occurred_at: Date;
  erased_at?: Date | null;
}

const toEvent = (r: EventRow): HrEventRecord => ({
  id: r.id,
  type: r.type,
  employeeId: r.employee_id,
  occurredAt: new Date(r.occurred_at),
  receivedAt: new Date(r.received_at),
  source: r.source,
  outcome: r.outcome,
  handledAt: r.handled_at === null ? null : new Date(r.handled_at),
});

const toPerson = (r: PersonRow): HrPersonState => ({
  employeeId: r.employee_id,
  email: r.email,
  realName: r.real_name,
  department: r.department,
  title: r.title,
  managerEmail: r.manager_email,
  locale: r.locale,
  status: r.status,
  lastEventId: r.last_event_id,
  lastOccurredAt: new Date(r.last_occurred_at),
  erasedAt: r.erased_at === null || r.erased_at === undefined ? null : new Date(r.erased_at),
});

/** The people columns HR decides, by the fields' names. */
const PEOPLE_COLUMNS: Record<keyof HrProfileFields, string> = {
  realName: 'real_name',
  department: 'department',
  title: 'title',
  locale: 'locale',
  employment: 'employment',
};

function hrRepo(db: Knex): HrRepo {
  return {
    async rowSeen(id) {
      // Roster ids are hex and dots: nothing in them is special to LIKE.
      return (await db('hr_events').where({ id }).orWhere('id', 'like', `${id}.%`).first('id')) !== undefined;
    },
    async recordEvent(e, payload) {
      const rows = (await db('hr_events')
        .insert({
          id: e.id,
          type: e.type,
          employee_id: e.employeeId,
          occurred_at: e.occurredAt,
          received_at: e.receivedAt,
          source: e.source,
          payload: JSON.stringify(payload),
        })
        .onConflict('id')
        .ignore()
        .returning('id')) as unknown[];
      return rows.length === 1;
    },
    async stripPayload(eventId) {
      await db('hr_events')
        .where({ id: eventId })
        .update({ payload: db.raw(STRIPPED_PAYLOAD) });
    },
    async setOutcome(eventId, outcome) {
      await db('hr_events').where({ id: eventId }).update({ outcome });
    },
    async getEvent(eventId) {
      const row = (await db<EventRow>('hr_events').where({ id: eventId }).first()) as EventRow | undefined;
      return row === undefined ? null : toEvent(row);
    },
    async claimLeave(eventId, at) {
      return toCount(await db('hr_events').where({ id: eventId, type: 'leave' }).whereNull('handled_at').update({ handled_at: at })) === 1;
    },
    async claimHire(eventId, at) {
      return toCount(await db('hr_events').where({ id: eventId }).whereIn('type', ['hire', 'change']).whereNull('handled_at').update({ handled_at: at })) === 1;
    },
    async statusOf(employeeId) {
      const row = (await db('hr_people').where({ employee_id: employeeId }).first('status')) as { status: HrStatus } | undefined;
      return row?.status ?? null;
    },
    async lockPerson(employeeId) {
      const row = (await db<PersonRow>('hr_people').where({ employee_id: employeeId }).forUpdate().first()) as PersonRow | undefined;
      return row === undefined ? null : toPerson(row);
    },
    async savePerson(p, at) {
      const row = {
        email: p.email,
        real_name: p.realName,
        department: p.department,
        title: p.title,
        manager_email: p.managerEmail,
        locale: p.locale,
        status: p.status,
        last_event_id: p.lastEventId,
        last_occurred_at: p.lastOccurredAt,
        updated_at: at,
        // A record saved from an event is live data again (a rehire after an erasure).
        erased_at: null,
      };
      await db('hr_people')
        .insert({ employee_id: p.employeeId, ...row })
        .onConflict('employee_id')
        .merge(row);
    },
    async activeHolder(email, exceptEmployeeId) {
      const row = (await db('hr_people').where({ email: email.toLowerCase() }).whereNot({ employee_id: exceptEmployeeId }).whereNot({ status: 'left' }).first('employee_id')) as { employee_id: string } | undefined;
      return row?.employee_id ?? null;
    },
    async findByEmail(email) {
      const row = (await db<PersonRow>('hr_people').where({ email: email.toLowerCase() }).orderBy('updated_at', 'desc').first()) as PersonRow | undefined;
      return row === undefined ? null : (toPerson(row) satisfies HrPerson);
    },
    async lateOnboardings({ since, personId, limit }) {
      const rows = (await db('hr_events as e')
        .join('hr_people as h', 'h.employee_id', 'e.employee_id')
        .joinRaw('join people as p on lower(p.email) = h.email')
        .whereIn('e.type', ['hire', 'change'])
        .whereNotNull('e.handled_at')
        .where('e.occurred_at', '>=', since)
        .where('h.status', 'active')
        .whereNull('h.erased_at')
        .whereNull('p.erased_at')
        .whereNot('p.employment', 'inactive')
        .modify((q) => (personId === undefined ? q : q.where('p.id', personId)))
        // The hire that started the current employment: no later hire handled, no later leave applied.
        .whereNotExists(
          db('hr_events as x')
            .whereRaw('x.employee_id = e.employee_id and x.occurred_at > e.occurred_at')
            .where((w) => w.where((h) => h.whereIn('x.type', ['hire', 'change']).whereNotNull('x.handled_at')).orWhere((l) => l.where('x.type', 'leave').whereRaw(`x.outcome is distinct from 'stale'`))),
        )
        .whereNotExists(db('hr_onboardings as o').whereRaw('o.event_id = e.id and o.person_id = p.id'))
        .orderBy('e.occurred_at')
        .limit(limit)
        .select('p.id as person_id', 'p.workspace_id', 'e.id as event_id')) as { person_id: string; workspace_id: string; event_id: string }[];
      // One run per account, even where two employee ids share the e-mail.
      const seen = new Set<string>();
      return rows.filter((r) => !seen.has(r.person_id) && seen.add(r.person_id)).map((r) => ({ personId: r.person_id, workspaceId: r.workspace_id, eventId: r.event_id }));
    },
    async accountsOf(email) {
      const rows = (await db('people').whereRaw('lower(email) = ?', [email.toLowerCase()]).select('id', 'workspace_id')) as { id: string; workspace_id: string }[];
      return rows.map((r) => ({ personId: r.id, workspaceId: r.workspace_id }));
    },
    async applyToPeople(email, fields) {
      const set: Record<string, unknown> = {};
      const differs: string[] = [];
      const bindings: Knex.Value[] = [email.toLowerCase()];
      for (const [key, column] of Object.entries(PEOPLE_COLUMNS) as [keyof HrProfileFields, string][]) {
        const value = fields[key];
        if (value === undefined || (key === 'locale' && value === null)) continue; // keep the account's own
        set[column] = value;
        differs.push(`${column} is distinct from ?`);
        bindings.push(value as Knex.Value);
      }
      const rows = (await db('people')
        .whereRaw(`lower(email) = ? and (${differs.join(' or ')})`, bindings)
        .update({ ...set, updated_at: db.fn.now() })
        .returning(['id', 'workspace_id'])) as { id: string; workspace_id: string }[];
      return rows.map((r) => ({ personId: r.id, workspaceId: r.workspace_id })).sort((a, b) => a.workspaceId.localeCompare(b.workspaceId));
    },
    async eraseAccounts(email, placeholder, at) {
      const rows = (await db('people')
        .whereRaw('lower(email) = ?', [email.toLowerCase()])
        .update({ display_name: placeholder, real_name: null, title: null, department: null, email: null, locale: null, timezone: null, employment: 'inactive', erased_at: at, updated_at: at })
        .returning(['id', 'workspace_id', 'platform', 'platform_user_id'])) as { id: string; workspace_id: string; platform: string; platform_user_id: string }[];
      return rows
        .map((r): ErasedAccount => ({ personId: r.id, workspaceId: r.workspace_id, qualifiedId: `${r.platform}:${r.platform_user_id}`, platformUserId: r.platform_user_id }))
        .sort((a, b) => a.workspaceId.localeCompare(b.workspaceId) || a.personId.localeCompare(b.personId));
    },
    async eraseRecord(employeeId, email, pseudonym, at) {
      await db('hr_people')
        .where({ employee_id: employeeId })
        .update({ email: pseudonym, real_name: null, department: null, title: null, manager_email: null, locale: null, erased_at: at, updated_at: at });
      await db('hr_people').where({ manager_email: email.toLowerCase() }).update({ manager_email: null });
    },
    async eraseEvents(employeeId, email) {
      const erased = toCount(
        await db('hr_events')
          .where({ employee_id: employeeId })
          .update({
            payload: db.raw(STRIPPED_PAYLOAD),
          }),
      );
      await db('hr_events')
        .whereRaw(`lower(payload->'person'->>'managerEmail') = ?`, [email.toLowerCase()])
        .update({ payload: db.raw(`jsonb_set(payload, '{person,managerEmail}', 'null'::jsonb)`) });
      return erased;
    },
    async pseudonymiseAudit(identities, employeeIds, pseudonym) {
      const result = (await db.raw('select audit_log_pseudonymise(?::text[], ?::text[], ?) as id', [[...identities], [...employeeIds], pseudonym])) as { rows: { id: string | number }[] };
      return result.rows.map((r) => Number(r.id)).sort((a, b) => a - b);
    },
    async departmentChange(employeeId, since, now) {
      const row = (await db('hr_events')
        .where({ employee_id: employeeId })
        .whereIn('type', ['hire', 'change'])
        .whereIn('outcome', ['created', 'updated', 'unchanged'])
        .where('occurred_at', '<=', since)
        .whereRaw(`payload->>'erased' is null`)
        .orderBy('occurred_at', 'desc')
        .first(db.raw(`payload->'person'->>'department' as department`))) as { department: string | null } | undefined;
      if (row === undefined) return null;
      // The payload is as HR sent it: cleaned as the record's department was, so the two compare and show safely.
      const cleaned = row.department === null ? '' : cleanLine(row.department).trim();
      const before = cleaned === '' ? null : cleaned;
      return before === now ? null : { from: before };
    },
    async recordErasure(e) {
      await db('audit_erasures').insert({ pseudonym: e.pseudonym, erased_at: e.erasedAt, erased_by: e.erasedBy, audit_ids: e.auditIds, accounts: e.accounts, events: e.events });
    },
  };
}

interface OffboardingRow {
  event_id: string;
  person_id: string;
  workspace_id: string;
  started_at: Date;
  roles_revoked: number | null;
  roles_done_at: Date | null;
  groups_listed_at: Date | null;
  finished_at: Date | null;
}

const date = (d: Date | null): Date | null => (d === null ? null : new Date(d));
const toOffboarding = (r: OffboardingRow): Offboarding => ({
  eventId: r.event_id,
  personId: r.person_id,
  workspaceId: r.workspace_id,
  startedAt: new Date(r.started_at),
  rolesRevoked: r.roles_revoked,
  rolesDoneAt: date(r.roles_done_at),
  groupsListedAt: date(r.groups_listed_at),
  finishedAt: date(r.finished_at),
});

function offboardingRepo(db: Knex): OffboardingRepo {
  const run = (eventId: string, personId: string) => db('hr_offboardings').where({ event_id: eventId, person_id: personId });
  const removal = (eventId: string, personId: string, groupId: string) => db('hr_offboard_groups').where({ event_id: eventId, person_id: personId, group_id: groupId });
  return {
    async start(eventId, personId, workspaceId, at) {
      const rows = (await db('hr_offboardings').insert({ event_id: eventId, person_id: personId, workspace_id: workspaceId, started_at: at }).onConflict(['event_id', 'person_id']).ignore().returning('event_id')) as unknown[];
      return rows.length === 1;
    },
    async get(eventId, personId) {
      const r = (await run(eventId, personId).first()) as OffboardingRow | undefined;
      return r === undefined ? null : toOffboarding(r);
    },
    async listForEvent(eventId) {
      return ((await db('hr_offboardings').where({ event_id: eventId }).orderBy('started_at')) as OffboardingRow[]).map(toOffboarding);
    },
    async rolesDone(eventId, personId, revoked, at) {
      return toCount(await run(eventId, personId).whereNull('roles_done_at').update({ roles_done_at: at, roles_revoked: revoked })) === 1;
    },
    async listGroups(eventId, personId, groupIds, at) {
      if (toCount(await run(eventId, personId).whereNull('groups_listed_at').update({ groups_listed_at: at })) !== 1) return false;
      for (let i = 0; i < groupIds.length; i += 1000) {
        const rows = groupIds.slice(i, i + 1000).map((g) => ({ event_id: eventId, person_id: personId, group_id: g, state: 'pending' }));
        if (rows.length > 0) await db('hr_offboard_groups').insert(rows).onConflict(['event_id', 'person_id', 'group_id']).ignore();
      }
      return true;
    },
    async removals(eventId, personId) {
      const rows = (await db('hr_offboard_groups').where({ event_id: eventId, person_id: personId }).orderBy('group_id')) as { group_id: string; state: RemovalState; attempts: number; detail: string | null; done_at: Date | null }[];
      return rows.map((r) => ({ groupId: r.group_id, state: r.state, attempts: r.attempts, detail: r.detail, doneAt: date(r.done_at) }));
    },
    async settle(eventId, personId, groupId, state, detail, at) {
      return toCount(await removal(eventId, personId, groupId).where({ state: 'pending' }).update({ state, detail, done_at: at })) === 1;
    },
    async attempted(eventId, personId, groupId) {
      const rows = (await removal(eventId, personId, groupId).where({ state: 'pending' }).increment('attempts', 1).returning('attempts')) as { attempts: number }[];
      return rows[0]?.attempts ?? 0;
    },
    async finish(eventId, personId, at) {
      return toCount(await run(eventId, personId).whereNull('finished_at').update({ finished_at: at })) === 1;
    },
    async claimReport(eventId, at) {
      const open = (await db('hr_offboardings').where({ event_id: eventId }).whereNull('finished_at').first('person_id')) as unknown;
      if (open !== undefined) return false;
      return toCount(await db('hr_events').where({ id: eventId }).whereNull('reported_at').update({ reported_at: at })) === 1;
    },
  };
}

interface OnboardingRow {
  event_id: string;
  person_id: string;
  workspace_id: string;
  started_at: Date;
  groups_listed_at: Date | null;
  finished_at: Date | null;
}

const toOnboarding = (r: OnboardingRow): Onboarding => ({
  eventId: r.event_id,
  personId: r.person_id,
  workspaceId: r.workspace_id,
  startedAt: new Date(r.started_at),
  groupsListedAt: date(r.groups_listed_at),
  finishedAt: date(r.finished_at),
});

function onboardingRepo(db: Knex): OnboardingRepo {
  const run = (eventId: string, personId: string) => db('hr_onboardings').where({ event_id: eventId, person_id: personId });
  const addition = (eventId: string, personId: string, groupId: string) => db('hr_onboard_groups').where({ event_id: eventId, person_id: personId, group_id: groupId });
  return {
    async start(eventId, personId, workspaceId, at) {
      const rows = (await db('hr_onboardings').insert({ event_id: eventId, person_id: personId, workspace_id: workspaceId, started_at: at }).onConflict(['event_id', 'person_id']).ignore().returning('event_id')) as unknown[];
      return rows.length === 1;
    },
    async get(eventId, personId) {
      const r = (await run(eventId, personId).first()) as OnboardingRow | undefined;
      return r === undefined ? null : toOnboarding(r);
    },
    async listGroups(eventId, personId, groupIds, at) {
      if (toCount(await run(eventId, personId).whereNull('groups_listed_at').update({ groups_listed_at: at })) !== 1) return false;
      const rows = groupIds.map((g) => ({ event_id: eventId, person_id: personId, group_id: g, state: 'pending' }));
      if (rows.length > 0) await db('hr_onboard_groups').insert(rows).onConflict(['event_id', 'person_id', 'group_id']).ignore();
      return true;
    },
    async additions(eventId, personId) {
      const rows = (await db('hr_onboard_groups').where({ event_id: eventId, person_id: personId }).orderBy('group_id')) as { group_id: string; state: AdditionState; attempts: number; detail: string | null; done_at: Date | null }[];
      return rows.map((r) => ({ groupId: r.group_id, state: r.state, attempts: r.attempts, detail: r.detail, doneAt: date(r.done_at) }));
    },
    async settle(eventId, personId, groupId, state, detail, at) {
      return toCount(await addition(eventId, personId, groupId).where({ state: 'pending' }).update({ state, detail, done_at: at })) === 1;
    },
    async attempted(eventId, personId, groupId) {
      const rows = (await addition(eventId, personId, groupId).where({ state: 'pending' }).increment('attempts', 1).returning('attempts')) as { attempts: number }[];
      return rows[0]?.attempts ?? 0;
    },
    async finish(eventId, personId, at) {
      return toCount(await run(eventId, personId).whereNull('finished_at').update({ finished_at: at })) === 1;
    },
  };
}

interface ReconciliationRow {
  id: string;
  workspace_id: string;
  created_at: Date;
  groups: number;
  departed: number;
  unknown: number;
  moved: number;
  more: number;
  unlisted: string[] | string;
}

interface ReconcileRowRow {
  position: number;
  group_id: string;
  person_id: string;
  kind: StoredReconcileRow['kind'];
  from_department: string | null;
  to_department: string | null;
  state: ReconcileRowState;
  by_person_id: string | null;
  changed_at: Date | null;
}

function reconciliationRepo(db: Knex): ReconciliationRepo {
  const row = (id: string, position: number) => db('hr_reconcile_rows').where({ reconciliation_id: id, position });
  return {
    async create(report, rows) {
      const [created] = (await db('hr_reconciliations')
        .insert({ workspace_id: report.workspaceId, created_at: report.createdAt, groups: report.groups, departed: report.departed, unknown: report.unknown, moved: report.moved, more: report.more, unlisted: JSON.stringify(report.unlisted) })
        .returning('id')) as { id: string }[];
      const id = (created as { id: string }).id;
      if (rows.length > 0) {
        await db('hr_reconcile_rows').insert(rows.map((r, position) => ({ reconciliation_id: id, position, group_id: r.groupId, person_id: r.personId, kind: r.kind, from_department: r.from, to_department: r.to })));
      }
      return id;
    },
    async get(id) {
      const r = (await db<ReconciliationRow>('hr_reconciliations').where({ id }).first()) as ReconciliationRow | undefined;
      if (r === undefined) return null;
      const rows = (await db('hr_reconcile_rows').where({ reconciliation_id: id }).orderBy('position')) as ReconcileRowRow[];
      return {
        report: { id: r.id, workspaceId: r.workspace_id, createdAt: new Date(r.created_at), groups: r.groups, departed: r.departed, unknown: r.unknown, moved: r.moved, more: r.more, unlisted: typeof r.unlisted === 'string' ? (JSON.parse(r.unlisted) as string[]) : r.unlisted },
        rows: rows.map((x) => ({ position: x.position, groupId: x.group_id, personId: x.person_id, kind: x.kind, from: x.from_department, to: x.to_department, state: x.state, byPersonId: x.by_person_id, changedAt: x.changed_at === null ? null : new Date(x.changed_at) })),
      };
    },
    async claim(id, position, at, staleBefore) {
      const claimed = await row(id, position)
        .where((w) => w.where({ state: 'listed' }).orWhere((x) => x.where({ state: 'removing' }).where('changed_at', '<', staleBefore)))
        .update({ state: 'removing', changed_at: at });
      return toCount(claimed) === 1;
    },
    async settle(id, position, state, byPersonId, at) {
      await row(id, position).update({ state, by_person_id: byPersonId, changed_at: at });
    },
    async eraseDepartments(personIds) {
      if (personIds.length === 0) return;
      await db('hr_reconcile_rows').whereIn('person_id', personIds).update({ from_department: null, to_department: null });
    },
  };
}

export function hrStore(db: Knex): HrStore {
  return { hr: hrRepo(db), offboardings: offboardingRepo(db), onboardings: onboardingRepo(db), reconciliations: reconciliationRepo(db) };
}
