import type { Knex } from 'knex';
import type { Fulfilment, JoinRequest, JoinState } from '../../core/model.js';
import type { JoinRequestRepo } from '../../core/ports.js';
import { writing } from '../errors.js';

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
    async markNotified(id, at) {
      await table().where({ id }).whereNull('notified_at').update({ notified_at: at } as Partial<Row>);
    },
    async claimFulfilment(id, at, staleBefore) {
      const rows = (await table()
        .where({ id })
        .whereIn('state', ['approved', 'denied'])
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
    async listUnnotified(createdBefore, limit) {
      const rows = (await table()
        .where({ state: 'pending' })
        .whereNull('notified_at')
        .where('created_at', '<', createdBefore)
        .orderBy('created_at')
        .limit(limit)) as Row[];
      return rows.map(toRequest);
    },
    async listFulfilmentDue(before, maxAttempts, limit) {
      const rows = (await table()
        .whereIn('state', ['approved', 'denied'])
        .where('fulfilment_attempts', '<=', maxAttempts)
        .where((q) =>
          q
            .where({ fulfilment: 'pending' })
            .orWhere((r) => r.whereIn('fulfilment', ['failed', 'running']).where('fulfilment_claimed_at', '<', before)),
        )
        .orderBy('decided_at')
        .limit(limit)) as Row[];
      return rows.map(toRequest);
    },
  };
}
