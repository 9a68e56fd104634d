// The group feature's repositories on Knex (PostgreSQL and PGlite).
import type { Knex } from 'knex';
import { UniqueViolation } from '../../core/ports.js';
import { writing } from '../../store/errors.js';
import { jsonColumn } from '../../store/json.js';
import type { GroupType } from '../../core/model.js';
import type { GroupRequest, GroupRequestRepo, GroupReview, GroupReviewRepo, GroupNoticeRepo, GroupStore, RequestFulfilment, RequestState, ReviewState, SimilarGroup } from './store.js';

interface RequestRow {
  id: string;
  workspace_id: string;
  requester_id: string;
  name: string;
  type: GroupType;
  purpose: string;
  channel_name: string;
  origin_channel_id: string | null;
  origin_team_id: string | null;
  similar: unknown;
  state: RequestState;
  created_at: Date;
  notified_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  decision_reason: string | null;
  fulfilment: RequestFulfilment | null;
  fulfilment_attempts: number;
  fulfilment_error: string | null;
  fulfilment_claimed_at: Date | null;
  group_id: string | null;
}

function toRequest(r: RequestRow): GroupRequest {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    requesterId: r.requester_id,
    name: r.name,
    type: r.type,
    purpose: r.purpose,
    channelName: r.channel_name,
    originChannelId: r.origin_channel_id,
    originTeamId: r.origin_team_id,
    similar: r.similar === null ? [] : jsonColumn<SimilarGroup[]>(r.similar as SimilarGroup[] | string),
    state: r.state,
    createdAt: r.created_at,
    notifiedAt: r.notified_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    decisionReason: r.decision_reason,
    fulfilment: r.fulfilment,
    fulfilmentAttempts: Number(r.fulfilment_attempts),
    fulfilmentError: r.fulfilment_error,
    groupId: r.group_id,
  };
}

function groupRequestRepo(db: Knex): GroupRequestRepo {
  const table = () => db<RequestRow>('group_requests');
  const first = (rows: RequestRow[]) => (rows[0] === undefined ? null : toRequest(rows[0]));
  return {
    async create(input) {
      const [row] = await writing(() =>
        table()
          .insert({
            workspace_id: input.workspaceId,
            requester_id: input.requesterId,
            name: input.name,
            type: input.type,
            purpose: input.purpose,
            channel_name: input.channelName,
            origin_channel_id: input.originChannelId,
            origin_team_id: input.originTeamId,
            similar: JSON.stringify(input.similar),
            created_at: input.createdAt,
          })
          .returning('*'),
      );
      return toRequest(row as RequestRow);
    },
    async get(id) {
      return first((await table().where({ id })) as RequestRow[]);
    },
    async findPendingByName(workspaceId, name) {
      return first((await table().where({ workspace_id: workspaceId, state: 'pending' }).whereRaw('lower(name) = lower(?)', [name])) as RequestRow[]);
    },
    async markNotified(id, at) {
      await table().where({ id }).whereNull('notified_at').update({ notified_at: at });
    },
    async decide(id, d) {
      const rows = (await table()
        .where({ id, state: 'pending' })
        .update({ state: d.state, decided_by: d.by, decided_at: d.at, decision_reason: d.reason, fulfilment: 'pending' })
        .returning('*')) as RequestRow[];
      return first(rows);
    },
    async claimFulfilment(id, now, staleBefore) {
      const rows = (await table()
        .where({ id })
        .where((q) => q.whereIn('fulfilment', ['pending', 'failed']).orWhere((r) => r.where('fulfilment', 'running').where('fulfilment_claimed_at', '<', staleBefore)))
        .update({ fulfilment: 'running', fulfilment_claimed_at: now, fulfilment_attempts: db.raw('fulfilment_attempts + 1') as unknown as number })
        .returning('*')) as RequestRow[];
      return first(rows);
    },
    async finishFulfilment(id, state, error, groupId) {
      const rows = (await table()
        .where({ id, fulfilment: 'running' })
        .update({ fulfilment: state, fulfilment_error: error, ...(groupId !== null ? { group_id: groupId } : {}) })
        .returning('*')) as RequestRow[];
      return first(rows);
    },
  };
}

interface ReviewRow {
  id: string;
  workspace_id: string;
  group_id: string;
  asked_at: Date;
  last_activity_at: Date | null;
  state: ReviewState;
  reminded_at: Date | null;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
}

function toReview(r: ReviewRow): GroupReview {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    groupId: r.group_id,
    askedAt: r.asked_at,
    lastActivityAt: r.last_activity_at,
    state: r.state,
    remindedAt: r.reminded_at,
    decidedBy: r.decided_by,
    decidedAt: r.decided_at,
    reason: r.reason,
  };
}

function groupReviewRepo(db: Knex): GroupReviewRepo {
  const table = () => db<ReviewRow>('group_reviews');
  const first = (rows: ReviewRow[]) => (rows[0] === undefined ? null : toReview(rows[0]));
  return {
    async open(input) {
      try {
        const rows = (await writing(() =>
          table().insert({ workspace_id: input.workspaceId, group_id: input.groupId, asked_at: input.askedAt, last_activity_at: input.lastActivityAt }).returning('*'),
        )) as ReviewRow[];
        return first(rows);
      } catch (err) {
        if (err instanceof UniqueViolation) return null; // one is pending already
        throw err;
      }
    },
    async get(id) {
      return first((await table().where({ id })) as ReviewRow[]);
    },
    async pendingFor(groupId) {
      return first((await table().where({ group_id: groupId, state: 'pending' })) as ReviewRow[]);
    },
    async lastDecided(groupId) {
      return first((await table().where({ group_id: groupId }).whereNot({ state: 'pending' }).orderBy('decided_at', 'desc').limit(1)) as ReviewRow[]);
    },
    async listPending(workspaceId) {
      return ((await table().where({ workspace_id: workspaceId, state: 'pending' }).orderBy('asked_at')) as ReviewRow[]).map(toReview);
    },
    async claimReminder(id, at) {
      const n = await table().where({ id, state: 'pending' }).whereNull('reminded_at').update({ reminded_at: at });
      return Number(n) > 0;
    },
    async decide(id, d) {
      const rows = (await table()
        .where({ id, state: 'pending' })
        .update({ state: d.state, decided_by: d.by, decided_at: d.at, reason: d.reason })
        .returning('*')) as ReviewRow[];
      return first(rows);
    },
  };
}

/** A hold (archiving) is one row per group and kind, beside the notices' cycles. */
const HOLD_CYCLE = 'hold';

function groupNoticeRepo(db: Knex): GroupNoticeRepo {
  return {
    async claim(groupId, kind, cycle, at) {
      const rows = (await db('group_notices').insert({ group_id: groupId, kind, cycle, sent_at: at }).onConflict(['group_id', 'kind', 'cycle']).ignore().returning('group_id')) as unknown[];
      return rows.length > 0;
    },
    async hold(groupId, kind, at, staleBefore) {
      const rows = (await db('group_notices')
        .insert({ group_id: groupId, kind, cycle: HOLD_CYCLE, sent_at: at })
        .onConflict(['group_id', 'kind', 'cycle'])
        .merge({ sent_at: at })
        .where('group_notices.sent_at', '<', staleBefore)
        .returning('group_id')) as unknown[];
      return rows.length > 0;
    },
    async release(groupId, kind) {
      await db('group_notices').where({ group_id: groupId, kind, cycle: HOLD_CYCLE }).delete();
    },
  };
}

export function groupStore(db: Knex): GroupStore {
  return { groupRequests: groupRequestRepo(db), groupReviews: groupReviewRepo(db), groupNotices: groupNoticeRepo(db) };
}
