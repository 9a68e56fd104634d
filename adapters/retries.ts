// Platform retries are dropped by id (Slack event and trigger ids, Teams activity
// ids), the same way on both platforms: the id is claimed before the work, marked
// done after it, and released when the work failed so the platform's own retry
// is processed. A claim whose process died is taken over after TAKEOVER_MS.
import type { Clock } from '../src/core/ports.js';
import type { ProcessedEvents } from '../src/store/index.js';

export const TAKEOVER_MS = 2 * 60_000;

export class RetryGuard {
  constructor(
    private readonly events: ProcessedEvents,
    private readonly clock: Clock,
  ) {}

  /** True when this caller now owns the id; false for a repeat. Throws when the database is away. */
  claim(key: string): Promise<boolean> {
    const now = this.clock.now();
    return this.events.claim(key, now, new Date(now.getTime() - TAKEOVER_MS));
  }

  complete(key: string): Promise<void> {
    return this.events.complete(key, this.clock.now());
  }

  /** Forgets a claim whose work failed; never throws (the claim goes stale anyway). */
  async release(key: string): Promise<void> {
    await this.events.release(key).catch(() => undefined);
  }

  /** Runs work unless the id was seen; `repeat` when it was. */
  async once(key: string | null, work: () => Promise<void>): Promise<'done' | 'repeat'> {
    if (key !== null && !(await this.claim(key))) return 'repeat';
    try {
      await work();
      if (key !== null) await this.complete(key);
      return 'done';
    } catch (err) {
      if (key !== null) await this.release(key);
      throw err;
    }
  }
}
