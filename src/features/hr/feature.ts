// LIFE-1/LIFE-2, first part: the HR directory. HR systems deliver hire, change and
// leave events through the signed webhook (`POST /hr/events`, adapters/http/hr.ts)
// or a roster CSV (`npm run roster -- import <file>`, adapters/roster.ts); both
// apply them here (apply.ts). The directory's fields complete every profile a
// platform reports (profiles). A hire enqueues `hr.hire`, the onboarding into the
// default groups with a welcome pack (onboard.ts, `onboarding.groups`); a leave
// enqueues `hr.leave`, the offboarding (offboard.ts). `hr erase` (erase.ts, AUD-4)
// erases a departed person's personal data; `hr reconcile` (reconcile.ts, LIFE-4)
// compares the groups with the directory; `hr import` (import.ts) takes a roster
// CSV from a super admin in chat and applies it as the command line does.
import { z } from 'zod';
import { action, defineFeature, globalJob, job } from '../../core/feature.js';
import { HIRE_JOB, LEAVE_JOB, withHrRecord } from './apply.js';
import type { HrCards } from './cards.js';
import { hrStore } from './db.js';
import * as createDirectory from './migrations/20261220090000_create_hr_directory.js';
import * as createOffboarding from './migrations/20261221090000_create_offboarding.js';
import * as createErasure from './migrations/20261223090000_create_erasure.js';
import * as createOnboarding from './migrations/20261223090000_create_onboarding.js';
import * as createReconciliations from './migrations/20261224090000_create_reconciliations.js';
import * as keyedErasure from './migrations/20261224090100_erasure_keyed_employee_ids.js';
import * as offboardingWithdrawn from './migrations/20261224090200_offboarding_withdrawn.js';
import { eraseCommand } from './erase.js';
import { hrVerb, type HrCommand } from './grammar.js';
import { fetchRosterImport, IMPORT_ACTION, IMPORT_FORM_ACTION, mayImport, openRosterImport, submitRosterImport } from './import.js';
import { LATE_ONBOARD_JOB, onboard, ONBOARD_JOB, onboardLateAccounts, startOnboarding } from './onboard.js';
import { reconcileCommand, reconcileWorkspace, RECONCILE_JOB, removeClick, REMOVE_ACTION } from './reconcile.js';
import { ONBOARDING_GROUPS } from './settings.js';
import { CALLBACK_JOB, offboard, OFFBOARD_JOB, REPORT_JOB, reportOffboarding, sendReport, startOffboarding } from './offboard.js';
import type { HrStore } from './store.js';
import type { GlobalDeps } from '../../core/feature.js';
import type { CoreDeps } from '../../core/ports.js';

const retry = { limit: 5, delaySeconds: 30, backoff: true };
const eventId = z.string().min(1).max(128);

export const hr = defineFeature<HrCommand, HrStore, HrCards>({
  name: 'hr',
  verbs: [hrVerb],
  commands: {
    'hr.erase': (deps: CoreDeps<HrStore>, ctx, command) => eraseCommand(deps, ctx, command.employeeId),
    'hr.reconcile': (deps: CoreDeps<HrStore>, ctx) => reconcileCommand(deps, ctx),
    'hr.import': (deps: CoreDeps<HrStore>, ctx) => openRosterImport(deps, ctx),
  },
  actions: {
    [IMPORT_FORM_ACTION]: action({ payload: z.object({}), handle: (deps: CoreDeps<HrStore>, actor) => fetchRosterImport(deps, actor) }),
    [IMPORT_ACTION]: action({
      payload: z.object({ zone: z.string().max(64).optional() }),
      // Before the uploaded roster is fetched (Slack).
      authorize: (deps: CoreDeps<HrStore>, actor) => mayImport(deps, actor),
      handle: (deps: CoreDeps<HrStore>, actor, p, inputs) => submitRosterImport(deps, actor, p, inputs),
    }),
    [REMOVE_ACTION]: action({ payload: z.object({ reconciliationId: z.string().max(64), position: z.number().int().min(0).max(1000) }), handle: (deps: CoreDeps<HrStore>, actor, p) => removeClick(deps, actor, p.reconciliationId, p.position) }),
  },
  jobs: {
    [HIRE_JOB]: globalJob({ scope: 'global', payload: z.object({ eventId }), retry, handle: (deps: GlobalDeps<HrStore>, p) => startOnboarding(deps, p.eventId) }),
    [ONBOARD_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), eventId, personId: z.string().uuid() }), retry: { limit: 8, delaySeconds: 2, backoff: true }, handle: (deps: CoreDeps<HrStore>, p) => onboard(deps, p.eventId, p.personId) }),
    [LATE_ONBOARD_JOB]: globalJob({ scope: 'global', payload: z.object({}).passthrough(), handle: async (deps: GlobalDeps<HrStore>) => void (await onboardLateAccounts(deps)) }),
    [LEAVE_JOB]: globalJob({ scope: 'global', payload: z.object({ eventId }), retry, handle: (deps: GlobalDeps<HrStore>, p) => startOffboarding(deps, p.eventId) }),
    // Quick first retries: a removal that failed for now should not hold a leaver in a group for minutes.
    [OFFBOARD_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), eventId, personId: z.string().uuid() }), retry: { limit: 8, delaySeconds: 2, backoff: true }, handle: (deps: CoreDeps<HrStore>, p) => offboard(deps, p.eventId, p.personId) }),
    [REPORT_JOB]: globalJob({ scope: 'global', payload: z.object({ eventId }), retry, handle: (deps: GlobalDeps<HrStore>, p) => reportOffboarding(deps, p.eventId) }),
    // LIFE-4: every quarter, one reconciliation per workspace that governs groups, keyed by the day.
    'hr.quarterly': globalJob({
      scope: 'global',
      payload: z.object({}).passthrough(),
      handle: async (deps: GlobalDeps<HrStore>) => {
        const day = deps.clock.now().toISOString().slice(0, 10);
        for (const workspaceId of await deps.store.groups.workspacesWithGroups()) await deps.jobs.send(RECONCILE_JOB, { workspaceId }, { key: `${workspaceId}:${day}` });
      },
    }),
    [RECONCILE_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string().min(1).max(200) }), retry, handle: (deps: CoreDeps<HrStore>, p) => reconcileWorkspace(deps, p.workspaceId) }),
    [CALLBACK_JOB]: globalJob({ scope: 'global', payload: z.object({ eventId }), retry: { limit: 10, delaySeconds: 30, backoff: true }, handle: (deps: GlobalDeps<HrStore>, p) => sendReport(deps, p.eventId) }),
  },
  events: {
    // LIFE-1: an account that came after its owner's hire is onboarded when it appears.
    accountJoined: { order: 100, handle: async (deps: CoreDeps<HrStore>, ctx) => void (await onboardLateAccounts(deps, ctx.person.id)) },
  },
  schedules: [
    { job: 'hr.quarterly', cron: '37 5 2 1,4,7,10 *' },
    { job: LATE_ONBOARD_JOB, cron: '*/10 * * * *' },
  ],
  store: hrStore,
  migrations: [
    { name: '20261220090000_create_hr_directory', migration: createDirectory },
    { name: '20261221090000_create_offboarding', migration: createOffboarding },
    { name: '20261223090000_create_erasure', migration: createErasure },
    { name: '20261223090000_create_onboarding', migration: createOnboarding },
    { name: '20261224090000_create_reconciliations', migration: createReconciliations },
    { name: '20261224090100_erasure_keyed_employee_ids', migration: keyedErasure },
    { name: '20261224090200_offboarding_withdrawn', migration: offboardingWithdrawn },
  ],
  settings: [ONBOARDING_GROUPS],
  profiles: withHrRecord,
});
