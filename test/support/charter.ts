// Starts the real Charter (HTTP server, adapters, core, store, job runner) for
// end-to-end tests.
import { startCharter, type RunningCharter, type StartOptions } from '../../adapters/charter.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/store/db.js';
import { memoryLogger } from './log.js';

export interface TestCharter extends RunningCharter {
  logs: ReturnType<typeof memoryLogger>;
  /** Waits until every deferred task and every job due now (cards, invites, updates) is done. */
  settle(): Promise<void>;
}

/** Waits until nothing is running and no job is due; fails after a while instead of hanging. */
export async function settleCharter(charter: RunningCharter, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  let quiet = 0;
  while (quiet < 2) {
    await charter.tasks.idle();
    // While the database is away (outage tests) no job can run: only tasks count.
    const due = await charter.jobs.pendingDue().catch(() => ({ waiting: 0, running: 0, total: 0, queues: [] as string[] }));
    if (due.total === 0 && charter.tasks.size === 0) quiet += 1;
    else {
      quiet = 0;
      // A running job needs no worker woken (they would all fetch again at once).
      if (due.waiting > 0) charter.jobs.wake(due.queues);
    }
    if (Date.now() > until) {
      const jobs = await charter.jobs.describeDue().catch(() => []);
      throw new Error(`Charter did not settle within ${limitMs} ms (${due.total} due: ${jobs.join(', ')}; ${charter.tasks.size} tasks)`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}

export async function startTestCharter(db: Database, env: Record<string, string>, options: Partial<StartOptions> = {}): Promise<TestCharter> {
  const logs = memoryLogger();
  const config = loadConfig({ LOG_LEVEL: 'debug', ...env });
  const charter = await startCharter(config, { db, log: logs.log, port: 0, jobPollingSeconds: 2, ...options });
  return { ...charter, logs, settle: () => settleCharter(charter) };
}
