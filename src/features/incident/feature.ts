// INC-1..5: incidents declared in a governed group, with playbooks whose steps have
// deadlines on durable clocks, the incident card (in the group and to the super
// admins), lock and unlock, and the review on resolve.
import { z } from 'zod';
import { action, defineFeature, job } from '../../core/feature.js';
import type { IncidentsCard } from './cards.js';
import { incidentStore } from './db.js';
import { incidentVerb, lockVerb, unlockVerb, type IncidentCommand } from './grammar.js';
import {
  acknowledge,
  completeStep,
  DEADLINE_JOB,
  declareCommand,
  declareFromForm,
  escalate,
  nudge,
  NUDGE_JOB,
  openDeclareForm,
  playbooksCommand,
  REMIND_JOB,
  remindStep,
  resolveClick,
  resolveCommand,
  START_JOB,
  startIncident,
  statusCommand,
  stepDeadline,
  takeCommand,
} from './incidents.js';
import { enforceLock, lockCommand, unlockCommand } from './lock.js';
import * as createIncidents from './migrations/20261210090000_create_incidents.js';
import { INCIDENT_PERMISSIONS } from './permissions.js';
import { PLAYBOOK_SETTINGS } from './playbooks.js';
import type { IncidentStore } from './store.js';
import type { IncidentDeps } from './view.js';

const incidentPayload = z.object({ incidentId: z.string().max(64) });
const stepPayload = z.object({ incidentId: z.string().max(64), position: z.number().int().min(0).max(20) });
const retry = { limit: 5, delaySeconds: 30, backoff: true };

export const incidents = defineFeature<IncidentCommand, IncidentStore, IncidentsCard>({
  name: 'incident',
  verbs: [incidentVerb, lockVerb, unlockVerb],
  commands: {
    'incident.declare': (deps: IncidentDeps, ctx, c) => declareCommand(deps, ctx, c.level, c.title, c.attacker),
    'incident.status': statusCommand,
    'incident.resolve': (deps: IncidentDeps, ctx, c) => resolveCommand(deps, ctx, c.summary),
    'incident.playbook': playbooksCommand,
    'lock.lock': (deps: IncidentDeps, ctx, c) => lockCommand(deps, ctx, c.reason),
    'lock.unlock': (deps: IncidentDeps, ctx, c) => unlockCommand(deps, ctx, c.reason),
  },
  actions: {
    'incident.declare': action({ payload: z.object({ groupId: z.string().max(64) }), handle: (deps: IncidentDeps, actor, p, inputs) => declareFromForm(deps, actor, p.groupId, inputs) }),
    'incident.declare-form': action({ payload: z.object({ groupId: z.string().max(64) }), handle: (deps: IncidentDeps, actor, p) => openDeclareForm(deps, actor, p.groupId) }),
    'incident.ack': action({ payload: incidentPayload, handle: (deps: IncidentDeps, actor, p) => acknowledge(deps, actor, p.incidentId) }),
    'incident.command': action({ payload: incidentPayload, handle: (deps: IncidentDeps, actor, p) => takeCommand(deps, actor, p.incidentId) }),
    'incident.step': action({ payload: stepPayload, handle: (deps: IncidentDeps, actor, p) => completeStep(deps, actor, p.incidentId, p.position) }),
    'incident.escalate': action({ payload: incidentPayload, handle: (deps: IncidentDeps, actor, p) => escalate(deps, actor, p.incidentId) }),
    'incident.resolve': action({ payload: incidentPayload, handle: (deps: IncidentDeps, actor, p, inputs) => resolveClick(deps, actor, p.incidentId, inputs) }),
  },
  jobs: {
    [START_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), incidentId: z.string() }), retry, handle: (deps: IncidentDeps, p) => startIncident(deps, p.incidentId) }),
    [REMIND_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), incidentId: z.string(), position: z.number().int() }), retry, handle: (deps: IncidentDeps, p) => remindStep(deps, p.incidentId, p.position) }),
    [DEADLINE_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), incidentId: z.string(), position: z.number().int() }), retry, handle: (deps: IncidentDeps, p) => stepDeadline(deps, p.incidentId, p.position) }),
    [NUDGE_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), incidentId: z.string(), n: z.number().int() }), retry, handle: (deps: IncidentDeps, p) => nudge(deps, p.incidentId, p.n) }),
  },
  events: { message: { order: 5, handle: enforceLock } },
  permissions: INCIDENT_PERMISSIONS,
  settings: PLAYBOOK_SETTINGS,
  store: incidentStore,
  migrations: [{ name: '20261210090000_create_incidents', migration: createIncidents }],
});
