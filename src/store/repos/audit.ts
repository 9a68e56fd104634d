import type { Knex } from 'knex';
import type { AuditOutcome, AuditRecord } from '../../core/model.js';
import type { AuditRepo } from '../../core/ports.js';

/** An audit_log row as the database holds it. */
export interface AuditLogRow {
  id: string | number;
  workspace_id: string;
  occurred_at: Date;
  actor_id: string;
  actor_name: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  group_id: string | null;
  reason: string | null;
  outcome: AuditOutcome;
  details: Record<string, unknown>;
}

function toRecord(r: AuditLogRow): AuditRecord {
  return {
    id: Number(r.id),
    workspaceId: r.workspace_id,
    occurredAt: r.occurred_at,
    actorId: r.actor_id,
    actorName: r.actor_name,
    action: r.action,
    targetType: r.target_type,
    targetId: r.target_id,
    groupId: r.group_id,
    reason: r.reason,
    outcome: r.outcome,
    details: r.details,
  };
}

export function auditRepo(db: Knex): AuditRepo {
  return {
    async append(entry, at) {
      await db('audit_log').insert({
        workspace_id: entry.workspaceId,
        occurred_at: at,
        actor_id: entry.actorId,
        actor_name: entry.actorName,
        action: entry.action,
        target_type: entry.targetType,
        target_id: entry.targetId,
        group_id: entry.groupId,
        reason: entry.reason,
        outcome: entry.outcome,
        details: JSON.stringify(entry.details ?? {}),
      });
    },
    async list(workspaceId, filter = {}) {
      let q = db<AuditLogRow>('audit_log').where({ workspace_id: workspaceId });
      if (filter.groupId !== undefined) q = q.where({ group_id: filter.groupId });
      if (filter.action !== undefined) q = q.where({ action: filter.action });
      if (filter.since !== undefined) q = q.where('occurred_at', '>=', filter.since);
      const rows = (await q.orderBy('id')) as AuditLogRow[];
      return rows.map(toRecord);
    },
  };
}
