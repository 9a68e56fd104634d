// LIFE-1/LIFE-2, first part: the HR directory. HR systems deliver hire, change and
// leave events through the signed webhook (`POST /hr/events`, adapters/http/hr.ts)
// or a roster CSV (`npm run roster -- import <file>`, adapters/roster.ts); both
// apply them here (apply.ts). The directory's fields complete every profile a
// platform reports (profiles), and a leave enqueues `hr.leave`, the offboarding
// (offboard.ts). `hr erase` (erase.ts, AUD-4) erases a departed person's personal data.
import { z } from 'zod';
import { defineFeature, globalJob, job } from '../../core/feature.js';
import { LEAVE_JOB, withHrRecord } from './apply.js';
import type { HrCards } from './cards.js';
import { hrStore } from './db.js';
import * as createDirectory from './migrations/20261220090000_create_hr_directory.js';
import * as createOffboarding from './migrations/20261221090000_create_offboarding.js';
import * as createErasure from './migrations/20261223090000_create_erasure.js';
import { eraseCommand } from './erase.js';
import { hrVerb, type HrCommand } from './grammar.js';
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
  },
  jobs: {
    [LEAVE_JOB]: globalJob({ scope: 'global', payload: z.object({ eventId }), retry, handle: (deps: GlobalDeps<HrStore>, p) => startOffboarding(deps, p.eventId) }),
    // Quick first retries: a removal that failed for now should not hold a leaver in a group for minutes.
    [OFFBOARD_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), eventId, personId: z.string().uuid() }), retry: { limit: 8, delaySeconds: 2, backoff: true }, handle: (deps: CoreDeps<HrStore>, p) => offboard(deps, p.eventId, p.personId) }),
    [REPORT_JOB]: globalJob({ scope: 'global', payload: z.object({ eventId }), retry, handle: (deps: GlobalDeps<HrStore>, p) => reportOffboarding(deps, p.eventId) }),
    [CALLBACK_JOB]: globalJob({ scope: 'global', payload: z.object({ eventId }), retry: { limit: 10, delaySeconds: 30, backoff: true }, handle: (deps: GlobalDeps<HrStore>, p) => sendReport(deps, p.eventId) }),
  },
  store: hrStore,
  migrations: [
    { name: '20261220090000_create_hr_directory', migration: createDirectory },
    { name: '20261221090000_create_offboarding', migration: createOffboarding },
    { name: '20261223090000_create_erasure', migration: createErasure },
  ],
  profiles: withHrRecord,
});
