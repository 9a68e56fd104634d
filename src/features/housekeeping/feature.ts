// Scheduled housekeeping: retry ids (Slack event and trigger ids, Teams activity
// ids) are kept 7 days, long after any platform retries, then pruned daily.
import { z } from 'zod';
import { defineFeature, globalJob } from '../../core/feature.js';
import { housekeepingStore, type HousekeepingStore } from './db.js';

const KEEP_RETRY_IDS_MS = 7 * 86_400_000;

export const housekeeping = defineFeature<never, HousekeepingStore>({
  name: 'housekeeping',
  jobs: {
    'housekeeping.prune': globalJob({
      scope: 'global',
      payload: z.object({}).passthrough(),
      async handle(deps) {
        const pruned = await deps.store.retryIds.prune(new Date(deps.clock.now().getTime() - KEEP_RETRY_IDS_MS));
        deps.log.info({ pruned }, 'pruned old retry ids');
      },
    }),
  },
  schedules: [{ job: 'housekeeping.prune', cron: '17 3 * * *' }],
  store: housekeepingStore,
});
