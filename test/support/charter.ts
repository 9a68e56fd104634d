// Starts the real Charter (HTTP server, adapters, core, store, job runner) for
// end-to-end tests.
import { startCharter, type RunningCharter, type StartOptions } from '../../adapters/charter.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/store/db.js';
import { memoryLogger } from './log.js';
import { settle } from './settle.js';

export interface TestCharter extends RunningCharter {
  logs: ReturnType<typeof memoryLogger>;
  /** Waits until every deferred task and every job due now (cards, invites, updates) is done. */
  settle(): Promise<void>;
}

export async function startTestCharter(db: Database, env: Record<string, string>, options: Partial<StartOptions> = {}): Promise<TestCharter> {
  const logs = memoryLogger();
  const config = loadConfig({ LOG_LEVEL: 'debug', ...env });
  const charter = await startCharter(config, { db, log: logs.log, port: 0, jobPollingSeconds: 2, ...options });
  return { ...charter, logs, settle: () => settle(charter) };
}
