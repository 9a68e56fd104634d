// The incidents feature's repositories on Knex.
import type { Knex } from 'knex';
import { isUuid } from '../../core/model.js';
import { jsonColumn } from '../../store/json.js';
import { toCount } from '../../store/errors.js';
import type {
  AutoOutcome,
  GroupLock,
  Incident,
  IncidentRepo,
  IncidentStore,
  IncidentTotals,
  Level,
  LockRepo,
  RecentMessagesRepo,
  Step,
  TimelineEvent,
  TimelineKind,
} from './store.js';

interface IncidentRow {
  id: string;
  workspace_id: string;
  group_id: string;
  level: Level;
  title: string;
  status: 'open' | 'resolved';
  declared_by: string;
  commander_id: string;
  attacker_id: string | null;
  declared_at: Date;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  escalations: number;
  nudges: number;
  resolved_by: string | null;
  resolved_at: Date | null;
  summary: string | null;
}

const toIncident = (r: IncidentRow): Incident => ({
  id: r.id,
  workspaceId: r.workspace_id,
  groupId: r.group_id,
  level: r.level,
  title: r.title,
  status: r.status,
  declaredBy: r.declared_by,
  commanderId: r.commander_id,
  attackerId: r.attacker_id,
  declaredAt: new Date(r.declared_at),
  acknowledgedBy: r.acknowledged_by,
  acknowledgedAt: r.acknowledged_at === null ? null : new Date(r.acknowledged_at),
  escalations: r.escalations,
  nudges: r.nudges,
  resolvedBy: r.resolved_by,
  resolvedAt: r.resolved_at === null ? null : new Date(r.resolved_at),
  summary: r.summary,
});

interface StepRow {
  incident_id: string;
  position: number;
  key: string;
  minutes: number;
  due_at: Date;
  done_by: string | null;
  done_at: Date | null;
  auto_outcome: AutoOutcome | null;
  reminded_at: Date | null;
  missed_at: Date | null;
}

const date = (d: Date | null) => (d === null ? null : new Date(d));
const toStep = (r: StepRow): Step => ({
  incidentId: r.incident_id,
  position: r.position,
  key: r.key,
  minutes: r.minutes,
  dueAt: new Date(r.due_at),
  doneBy: r.done_by,
  doneAt: date(r.done_at),
  autoOutcome: r.auto_outcome,
  remindedAt: date(r.reminded_at),
  missedAt: date(r.missed_at),
});


function incidentRepo(db: Knex): IncidentRepo {
  /** An open step of an open incident, updated only while the condition holds. */
  const openStep = (id: string, position: number) =>
    db('incident_steps')
      .where({ incident_id: id, position })
      .whereNull('done_at')
      .whereExists(db('incidents').where({ id, status: 'open' }).select(db.raw('1')));
  return {
    async create(input) {
      const inserted = (await db('incidents')
        .insert({
          workspace_id: input.workspaceId,
          group_id: input.groupId,
          level: input.level,
          title: input.title,
          status: 'open',
          declared_by: input.declaredBy,
          commander_id: input.declaredBy,
          attacker_id: input.attackerId,
          declared_at: input.declaredAt,
        })
        .onConflict(db.raw(`(group_id) where status = 'open'`))
        .ignore()
        .returning('*')) as IncidentRow[];
      const row = inserted[0];
      if (row === undefined) return null;
      const at = input.declaredAt.getTime();
      const steps = input.steps.map((s, i) => ({ incident_id: row.id, position: i, key: s.key, minutes: s.minutes, due_at: new Date(at + s.minutes * 60_000) }));
      const stepRows = steps.length === 0 ? [] : ((await db('incident_steps').insert(steps).returning('*')) as StepRow[]);
      return { incident: toIncident(row), steps: stepRows.map(toStep).sort((a, b) => a.position - b.position) };
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const row = (await db<IncidentRow>('incidents').where({ id }).first()) as IncidentRow | undefined;
      return row === undefined ? null : toIncident(row);
    },
    async openInGroup(groupId) {
      const row = (await db<IncidentRow>('incidents').where({ group_id: groupId, status: 'open' }).first()) as IncidentRow | undefined;
      return row === undefined ? null : toIncident(row);
    },
    async steps(incidentId) {
      return ((await db<StepRow>('incident_steps').where({ incident_id: incidentId }).orderBy('position')) as StepRow[]).map(toStep);
    },
    async timeline(incidentId) {
      const rows = (await db('incident_events').where({ incident_id: incidentId }).orderBy([{ column: 'at' }, { column: 'id' }])) as {
        id: string | number;
        incident_id: string;
        at: Date;
        kind: TimelineKind;
        actor_id: string | null;
        details: Record<string, unknown> | string;
      }[];
      return rows.map((r): TimelineEvent => ({ id: Number(r.id), incidentId: r.incident_id, at: new Date(r.at), kind: r.kind, actorId: r.actor_id, details: jsonColumn(r.details) }));
    },
    async record(incidentId, kind, actorId, details, at) {
      await db('incident_events').insert({ incident_id: incidentId, kind, actor_id: actorId, details: JSON.stringify(details), at });
    },
    async acknowledge(id, by, at) {
      return toCount(await db('incidents').where({ id, status: 'open' }).whereNull('acknowledged_at').update({ acknowledged_by: by, acknowledged_at: at })) === 1;
    },
    async setCommander(id, personId) {
      return toCount(await db('incidents').where({ id, status: 'open' }).whereNot({ commander_id: personId }).update({ commander_id: personId })) === 1;
    },
    async completeStep(id, position, by, at, auto) {
      return toCount(await openStep(id, position).update({ done_by: by, done_at: at, ...(auto !== null ? { auto_outcome: auto } : {}) })) === 1;
    },
    async setAutoOutcome(id, position, outcome) {
      await db('incident_steps').where({ incident_id: id, position }).update({ auto_outcome: outcome });
    },
    async claimReminder(id, position, at) {
      return toCount(await openStep(id, position).whereNull('reminded_at').whereNull('missed_at').update({ reminded_at: at })) === 1;
    },
    async claimMiss(id, position, at) {
      return toCount(await openStep(id, position).whereNull('missed_at').update({ missed_at: at })) === 1;
    },
    async claimNudge(id, n) {
      return toCount(await db('incidents').where({ id, status: 'open', nudges: n - 1 }).whereNull('acknowledged_at').update({ nudges: n })) === 1;
    },
    async escalate(id, quietSince) {
      const q = db('incidents').where({ id, status: 'open' });
      if (quietSince !== null) q.whereNotExists(db('incident_events').where({ incident_id: id, kind: 'escalated' }).where('at', '>=', quietSince).select(db.raw('1')));
      return toCount(await q.increment('escalations', 1)) === 1;
    },
    async resolve(id, by, summary, at) {
      return toCount(await db('incidents').where({ id, status: 'open' }).update({ status: 'resolved', resolved_by: by, resolved_at: at, summary })) === 1;
    },
    async totals(workspaceId, since) {
      const scoped = <T extends Knex.QueryBuilder>(q: T): T => (since === null ? q : (q.where('i.declared_at', '>=', since) as T));
      const rows = (await scoped(
        db('incidents as i')
          .where('i.workspace_id', workspaceId)
          .groupBy('i.level')
          .orderBy('i.level')
          .select(
            'i.level',
            db.raw('count(*)::int as count'),
            db.raw(`count(*) filter (where i.status = 'resolved')::int as resolved`),
            db.raw('count(*) filter (where i.acknowledged_at is null)::int as unacknowledged'),
            db.raw('avg(extract(epoch from (i.acknowledged_at - i.declared_at)))::float as tta'),
            db.raw('avg(extract(epoch from (i.resolved_at - i.declared_at)))::float as ttr'),
          ),
      )) as { level: Level; count: number; resolved: number; unacknowledged: number; tta: number | null; ttr: number | null }[];
      const missed = (await scoped(
        db('incident_steps as s').join('incidents as i', 'i.id', 's.incident_id').where('i.workspace_id', workspaceId).whereNotNull('s.missed_at').groupBy('i.level').select('i.level', db.raw('count(*)::int as n')),
      )) as { level: Level; n: number }[];
      return rows.map(
        (r): IncidentTotals => ({
          level: r.level,
          count: Number(r.count),
          resolved: Number(r.resolved),
          unacknowledged: Number(r.unacknowledged),
          meanSecondsToAcknowledge: r.tta === null ? null : Math.round(Number(r.tta)),
          meanSecondsToResolve: r.ttr === null ? null : Math.round(Number(r.ttr)),
          stepsMissed: Number(missed.find((m) => m.level === r.level)?.n ?? 0),
        }),
      );
    },
  };
}

interface LockRow {
  group_id: string;
  workspace_id: string;
  locked_by: string | null;
  locked_at: Date;
  reason: string;
  incident_id: string | null;
  enforced_by: 'platform' | 'pipeline';
}

const toLock = (r: LockRow): GroupLock => ({
  groupId: r.group_id,
  workspaceId: r.workspace_id,
  lockedBy: r.locked_by,
  lockedAt: new Date(r.locked_at),
  reason: r.reason,
  incidentId: r.incident_id,
  enforcedBy: r.enforced_by,
});

function lockRepo(db: Knex): LockRepo {
  return {
    async get(groupId) {
      const row = (await db<LockRow>('group_locks').where({ group_id: groupId }).first()) as LockRow | undefined;
      return row === undefined ? null : toLock(row);
    },
    async lock(l) {
      const rows = await db('group_locks')
        .insert({ group_id: l.groupId, workspace_id: l.workspaceId, locked_by: l.lockedBy, locked_at: l.lockedAt, reason: l.reason, incident_id: l.incidentId, enforced_by: l.enforcedBy })
        .onConflict('group_id')
        .ignore()
        .returning('group_id');
      return (rows as unknown[]).length === 1;
    },
    async unlock(groupId) {
      const rows = (await db('group_locks').where({ group_id: groupId }).delete().returning('*')) as LockRow[];
      return rows[0] === undefined ? null : toLock(rows[0]);
    },
  };
}

function recentMessagesRepo(db: Knex): RecentMessagesRepo {
  return {
    async byAuthorSince(groupId, authorId, since, limit) {
      const rows = (await db('message_meta')
        .where({ group_id: groupId, author_id: authorId })
        .where('posted_at', '>=', since)
        .whereNull('deleted_at')
        .orderBy('posted_at', 'desc')
        .limit(limit)
        .select('message_id')) as { message_id: string }[];
      return rows.map((r) => r.message_id);
    },
  };
}

export function incidentStore(db: Knex): IncidentStore {
  return { incidents: incidentRepo(db), locks: lockRepo(db), recentMessages: recentMessagesRepo(db) };
}
