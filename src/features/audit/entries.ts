// AUD-1 helpers: every admin and bot action is appended with actor, action,
// target, reason, time and outcome.
import type { Actor, AuditEntry, AuditOutcome } from '../../core/model.js';
import { qualifiedId } from '../../core/model.js';

interface Fields {
  targetType?: string | null;
  targetId?: string | null;
  groupId?: string | null;
  reason?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown>;
}

function entry(workspaceId: string, actorId: string, actorName: string | null, action: string, f: Fields): AuditEntry {
  return {
    workspaceId,
    actorId,
    actorName,
    action,
    targetType: f.targetType ?? null,
    targetId: f.targetId ?? null,
    groupId: f.groupId ?? null,
    reason: f.reason ?? null,
    outcome: f.outcome ?? 'ok',
    ...(f.details !== undefined ? { details: f.details } : {}),
  };
}

export function byActor(actor: Actor, action: string, fields: Fields): AuditEntry {
  return entry(actor.workspace.id, qualifiedId(actor.person), actor.person.displayName, action, fields);
}

export function bySystem(workspaceId: string, action: string, fields: Fields): AuditEntry {
  return entry(workspaceId, 'system', 'Charter', action, fields);
}
