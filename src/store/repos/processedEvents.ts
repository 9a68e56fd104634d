// Platform retries are dropped by id: Slack event ids and trigger ids, Teams
// activity ids. A key is claimed before the work starts; a claim that was never
// completed (the process died) may be taken over after a while, so a retry then
// still gets done once.
import type { Knex } from 'knex';

export interface ProcessedEvents {
  /** True when this caller now owns the key; false for a duplicate. */
  claim(key: string, at: Date, takeoverBefore: Date): Promise<boolean>;
  complete(key: string, at: Date): Promise<void>;
  /** Forget a claim whose work failed, so the platform's retry is processed. */
  release(key: string): Promise<void>;
  prune(before: Date): Promise<number>;
}

export function processedEvents(db: Knex): ProcessedEvents {
  return {
    async claim(key, at, takeoverBefore) {
      const result = await db.raw(
        `insert into processed_events (key, received_at) values (?, ?)
         on conflict (key) do update set received_at = excluded.received_at
           where processed_events.completed_at is null and processed_events.received_at < ?
         returning key`,
        [key, at, takeoverBefore],
      );
      const rows = (result as { rows: unknown[] }).rows;
      return rows.length === 1;
    },
    async complete(key, at) {
      await db('processed_events').where({ key }).update({ completed_at: at });
    },
    async release(key) {
      await db('processed_events').where({ key }).whereNull('completed_at').delete();
    },
    async prune(before) {
      // Counted from `returning`: the deleted-row count is not reliable on PGlite.
      const rows = (await db('processed_events').where('received_at', '<', before).delete().returning('key')) as unknown[];
      return rows.length;
    },
  };
}
