// Housekeeping's repository on Knex: the retry ids the adapters record.
import type { Knex } from 'knex';

export interface HousekeepingStore {
  retryIds: { prune(before: Date): Promise<number> };
}

export function housekeepingStore(db: Knex): HousekeepingStore {
  return {
    retryIds: {
      async prune(before) {
        // Counted from `returning`: the deleted-row count is not reliable on PGlite.
        const rows = (await db('processed_events').where('received_at', '<', before).delete().returning('key')) as unknown[];
        return rows.length;
      },
    },
  };
}

