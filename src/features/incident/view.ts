// An incident as its cards show it: loaded once with its steps, people and the
// group's lock, rendered for each copy.
import type { CardAction } from '../../core/cards.js';
import { updateCopies } from '../../core/copies.js';
import { text, type Text } from '../../core/messages.js';
import type { Group, Person, Workspace } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';
import { mentionOf } from '../../core/summaries.js';
import type { IncidentCard, IncidentStepLine } from './cards.js';
import { AT_ONCE_GRACE_MINUTES, KNOWN_STEPS } from './playbooks.js';
import type { GroupLock, Incident, IncidentStore, Step } from './store.js';

export type IncidentDeps = CoreDeps<IncidentStore>;
export const INCIDENT_SUBJECT = 'incident';

export interface IncidentView {
  workspace: Workspace;
  group: Group;
  incident: Incident;
  steps: Step[];
  people: Map<string, Person>;
  lock: GroupLock | null;
}

export function stepName(key: string): Text {
  return (KNOWN_STEPS as readonly string[]).includes(key) ? text(`incidents.steps.${key}`) : text('incidents.steps.custom', { key });
}

export async function loadIncident(deps: IncidentDeps, id: string): Promise<IncidentView | null> {
  const incident = await deps.store.incidents.get(id);
  if (incident === null) return null;
  const [workspace, group, steps, lock] = await Promise.all([
    deps.store.workspaces.get(incident.workspaceId),
    deps.store.groups.get(incident.groupId),
    deps.store.incidents.steps(id),
    deps.store.locks.get(incident.groupId),
  ]);
  if (workspace === null || group === null) return null;
  const ids = new Set<string>([incident.declaredBy, incident.commanderId]);
  for (const x of [incident.acknowledgedBy, incident.resolvedBy, incident.attackerId, ...steps.map((s) => s.doneBy)]) if (x !== null) ids.add(x);
  const people = new Map((await deps.store.people.getMany([...ids])).map((p) => [p.id, p]));
  return { workspace, group, incident, steps, people, lock };
}

/** When a step counts as missed: its deadline, or a short grace for steps due at once. */
export function missAt(step: Step): Date {
  return step.minutes === 0 ? new Date(step.dueAt.getTime() + AT_ONCE_GRACE_MINUTES * 60_000) : step.dueAt;
}

export function incidentCard(v: IncidentView, extra: { notice?: Text | null } = {}): IncidentCard {
  const { incident } = v;
  const who = (id: string | null) => (id === null ? null : v.people.get(id) ?? null);
  const payload = { incidentId: incident.id };
  const open = incident.status === 'open';
  const steps: IncidentStepLine[] = v.steps.map((s) => {
    const by = who(s.doneBy);
    return {
      position: s.position,
      name: stepName(s.key),
      dueAt: s.dueAt,
      atOnce: s.minutes === 0,
      done: s.doneAt === null ? null : { by: by === null ? null : mentionOf(by), at: s.doneAt },
      auto: s.autoOutcome,
      missed: s.missedAt !== null,
    };
  });
  const actions: CardAction[] = open
    ? [
        ...(incident.acknowledgedAt === null ? [{ id: 'incident.ack', payload, style: 'primary' as const, label: text('incidents.card.ack') }] : []),
        { id: 'incident.command', payload, label: text('incidents.card.command') },
        ...v.steps.filter((s) => s.doneAt === null).map((s) => ({ id: 'incident.step', payload: { incidentId: incident.id, position: s.position }, label: text('incidents.card.stepDone', { step: stepName(s.key) }) })),
        { id: 'incident.escalate', payload, label: text('incidents.card.escalate') },
        { id: 'incident.resolve', payload, style: 'danger' as const, label: text('incidents.card.resolve'), dialog: true },
      ]
    : [];
  const commander = who(incident.commanderId);
  const declarer = who(incident.declaredBy);
  const acker = who(incident.acknowledgedBy);
  const resolver = who(incident.resolvedBy);
  const unknown = { type: 'mention' as const, address: '', name: '?' };
  return {
    kind: 'incidents.incident',
    incidentId: incident.id,
    level: incident.level,
    title: incident.title,
    group: v.group.name,
    status: incident.status,
    commander: commander === null ? unknown : mentionOf(commander),
    declaredBy: declarer === null ? unknown : mentionOf(declarer),
    declaredAt: incident.declaredAt,
    acknowledged: incident.acknowledgedAt === null || acker === null ? null : { by: mentionOf(acker), at: incident.acknowledgedAt },
    steps,
    locked: v.lock !== null,
    escalations: incident.escalations,
    resolved: incident.resolvedAt === null ? null : { by: resolver === null ? null : mentionOf(resolver), at: incident.resolvedAt, summary: incident.summary ?? '' },
    actions,
    notice: extra.notice ?? null,
  };
}

/** Updates every copy of the incident's card in place (after the answer to the click). */
export function refreshCards(deps: IncidentDeps, incidentId: string): void {
  deps.defer('incident.cards', async () => {
    const fresh = await loadIncident(deps, incidentId);
    if (fresh === null) return;
    await updateCopies(deps, fresh.workspace, INCIDENT_SUBJECT, incidentId, () => incidentCard(fresh));
  });
}
