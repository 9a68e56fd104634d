// The join feature's repositories on Knex (PostgreSQL and PGlite).
import type { Knex } from 'knex';
import { writing } from '../../store/errors.js';
import type { Bypass, BypassState, Fulfilment, JoinRequest, JoinState } from './model.js';
import type { BypassRepo, JoinRequestRepo, JoinStore } from './store.js';

interface Row {
  id: string;
  workspace_id: string;
  group_id: string;
  requester_id: string;
  reason: string;
  state: JoinState;
  created_at: Date;
  notified_at: Date | null;
  decided_at: Date | null;
  decided_by: string | null;
  decision_reason: string | null;
  fulfilment: Fulfilment | null;
  fulfilment_attempts: number;
  fulfilment_error: string | null;
  fulfilment_claimed_at: Date | null;
  fulfilled_at: Date | null;
  reminded_at: Date | null;
  first_approved_by: string | null;
  first_approved_at: Date | null;
}

function toRequest(r: Row): JoinRequest {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    groupId: r.group_id,
    requesterId: r.requester_id,
    reason: r.reason,
    state: r.state,
    createdAt: r.created_at,
    notifiedAt: r.notified_at,
    decidedAt: r.decided_at,
    decidedBy: r.decided_by,
    decisionReason: r.decision_reason,
    fulfilment: r.fulfilment,
    fulfilmentAttempts: Number(r.fulfilment_attempts),
    fulfilmentError: r.fulfilment_error,
    remindedAt: r.reminded_at,
    firstApprovedBy: r.first_approved_by ?? null,
    firstApprovedAt: r.first_approved_at ?? null,
  };
}

export function joinRequestRepo(db: Knex): JoinRequestRepo {
  const table = () => db<Row>('join_requests');
  return {
    async create(input) {
      const [row] = await writing(() =>
        table()
          .insert({
            workspace_id: input.workspaceId,
            group_id: input.groupId,
            requester_id: input.requesterId,
            reason: input.reason,
            created_at: input.at,
          })
          .returning('*'),
      );
      return toRequest(row as Row);
    },
    async get(id) {
      const row = await table().where({ id }).first();
      return row === undefined ? null : toRequest(row as Row);
    },
    async findPending(groupId, requesterId) {
      const row = await table().where({ group_id: groupId, requester_id: requesterId, state: 'pending' }).first();
      return row === undefined ? null : toRequest(row as Row);
    },
    async decide(id, d) {
      // The conditional update is what makes the first decision win.
      const rows = (await table()
        .where({ id, state: 'pending' })
        .update({
          state: d.state,
          decided_by: d.by,
          decided_at: d.at,
          decision_reason: d.reason,
          fulfilment: d.fulfilment,
        } as Partial<Row>)
        .returning('*')) as Row[];
      return rows[0] === undefined ? null : toRequest(rows[0]);
    },
    async approveFirst(id, by, at) {
      const rows = (await table().where({ id, state: 'pending' }).whereNull('first_approved_by').update({ first_approved_by: by, first_approved_at: at } as Partial<Row>).returning('*')) as Row[];
      return rows[0] === undefined ? null : toRequest(rows[0]);
    },
    async markNotified(id, at) {
      await table().where({ id }).whereNull('notified_at').update({ notified_at: at } as Partial<Row>);
    },
    async claimFulfilment(id, at, staleBefore) {
      const rows = (await table()
        .where({ id })
        .whereIn('state', ['approved', 'denied', 'expired'])
        .where((q) =>
          q
            .whereIn('fulfilment', ['pending', 'failed'])
            .orWhere((r) => r.where({ fulfilment: 'running' }).where('fulfilment_claimed_at', '<', staleBefore)),
        )
        .update({
          fulfilment: 'running',
          fulfilment_claimed_at: at,
          fulfilment_attempts: db.raw('fulfilment_attempts + 1'),
        } as unknown as Partial<Row>)
        .returning('*')) as Row[];
      return rows[0] === undefined ? null : toRequest(rows[0]);
    },
    async finishFulfilment(id, outcome, error, at) {
      await table()
        .where({ id, fulfilment: 'running' })
        .update({
          fulfilment: outcome,
          fulfilment_error: error,
          fulfilled_at: outcome === 'failed' ? null : at,
        } as Partial<Row>);
    },
    async findLatestApproved(groupId, requesterId) {
      const row = await table().where({ group_id: groupId, requester_id: requesterId, state: 'approved' }).orderBy('decided_at', 'desc').first();
      return row === undefined ? null : toRequest(row as Row);
    },
    async claimReminder(id, at) {
      const rows = (await table().where({ id, state: 'pending' }).whereNull('reminded_at').update({ reminded_at: at } as Partial<Row>).returning('id')) as unknown[];
      return rows.length === 1;
    },
    async completeByHand(id, at) {
      const rows = (await table()
        .where({ id, state: 'approved' })
        .whereIn('fulfilment', ['owner-asked', 'failed'])
        .update({ fulfilment: 'done', fulfilment_error: null, fulfilled_at: at } as Partial<Row>)
        .returning('*')) as Row[];
      return rows[0] === undefined ? null : toRequest(rows[0]);
    },
  };
}

interface BypassRow {
  id: string;
  workspace_id: string;
  group_id: string;
  person_id: string;
  detected_at: Date;
  added_by: string | null;
  state: BypassState;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

function toBypass(r: BypassRow): Bypass {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    groupId: r.group_id,
    personId: r.person_id,
    detectedAt: r.detected_at,
    addedBy: r.added_by,
    state: r.state,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
  };
}

export function bypassRepo(db: Knex): BypassRepo {
  const table = () => db<BypassRow>('join_bypasses');
  const one = (rows: BypassRow[]) => (rows[0] === undefined ? null : toBypass(rows[0]));
  return {
    async create(input) {
      // ON CONFLICT, not a caught error: inside a PostgreSQL transaction an error aborts it.
      const result = (await db.raw(
        `insert into join_bypasses (workspace_id, group_id, person_id, added_by, detected_at) values (?, ?, ?, ?, ?)
         on conflict (group_id, person_id) where state = 'flagged' do nothing returning *`,
        [input.workspaceId, input.groupId, input.personId, input.addedBy, input.at],
      )) as { rows: BypassRow[] };
      return one(result.rows);
    },
    async get(id) {
      const row = await table().where({ id }).first();
      return row === undefined ? null : toBypass(row as BypassRow);
    },
    async keep(id, by, at) {
      return one((await table().where({ id, state: 'flagged' }).update({ state: 'kept', decided_by: by, decided_at: at } as Partial<BypassRow>).returning('*')) as BypassRow[]);
    },
    async claimRemoval(id, by, at, staleBefore) {
      return one(
        (await table()
          .where({ id })
          .where((q) => q.where({ state: 'flagged' }).orWhere((r) => r.where({ state: 'removing' }).where('decided_at', '<', staleBefore)))
          .update({ state: 'removing', decided_by: by, decided_at: at } as Partial<BypassRow>)
          .returning('*')) as BypassRow[],
      );
    },
    async finishRemoval(id, state, reason, at) {
      const back = state === 'flagged';
      return one(
        (await table()
          .where({ id, state: 'removing' })
          .update({ state, reason: back ? null : reason, decided_at: back ? null : at, ...(back ? { decided_by: null } : {}) } as Partial<BypassRow>)
          .returning('*')) as BypassRow[],
      );
    },
  };
}

export function joinStore(db: Knex): JoinStore {
  return { joinRequests: joinRequestRepo(db), bypasses: bypassRepo(db) };
}
