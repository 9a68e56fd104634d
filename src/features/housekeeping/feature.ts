// Scheduled housekeeping: retry ids (Slack event and trigger ids, Teams activity
// ids) are kept 7 days, long after any platform retries, then pruned daily, with
// download links that have expired.
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
        const now = deps.clock.now().getTime();
        const pruned = await deps.store.retryIds.prune(new Date(now - KEEP_RETRY_IDS_MS));
        const links = await deps.store.exportLinks.prune(new Date(now));
        deps.log.info({ pruned, links }, 'pruned old retry ids and expired download links');
      },
    }),
  },
  schedules: [{ job: 'housekeeping.prune', cron: '17 3 * * *' }],
  store: housekeepingStore,
});
