// LIFE-1/LIFE-2, first part: the HR directory. HR systems deliver hire, change and
// leave events through the signed webhook (`POST /hr/events`, adapters/http/hr.ts)
// or a roster CSV (`npm run roster -- import <file>`, adapters/roster.ts); both
// apply them here (apply.ts). The directory's fields complete every profile a
// platform reports (profiles), and a leave enqueues `hr.leave`, which for now only
// records it: the offboarding itself comes later.
import { z } from 'zod';
import { defineFeature, globalJob } from '../../core/feature.js';
import { handleLeave, LEAVE_JOB, withHrRecord } from './apply.js';
import { hrStore } from './db.js';
import * as createDirectory from './migrations/20261220090000_create_hr_directory.js';
import type { HrStore } from './store.js';

export const hr = defineFeature<never, HrStore>({
  name: 'hr',
  jobs: {
    [LEAVE_JOB]: globalJob({
      scope: 'global',
      payload: z.object({ eventId: z.string().min(1).max(128) }),
      retry: { limit: 5, delaySeconds: 30, backoff: true },
      handle: (deps, p) => handleLeave(deps, p.eventId),
    }),
  },
  store: hrStore,
  migrations: [{ name: '20261220090000_create_hr_directory', migration: createDirectory }],
  profiles: withHrRecord,
});
