// Starts the real Charter (HTTP server, adapters, core, store) for end-to-end tests.
import { startCharter, type RunningCharter } from '../../adapters/charter.js';
import { loadConfig } from '../../src/config.js';
import type { Database } from '../../src/store/db.js';
import { memoryLogger } from './log.js';

export interface TestCharter extends RunningCharter {
  logs: ReturnType<typeof memoryLogger>;
  /** Waits until every deferred task (cards, invites, updates) is done. */
  settle(): Promise<void>;
}

export async function startTestCharter(db: Database, env: Record<string, string>): Promise<TestCharter> {
  const logs = memoryLogger();
  const config = loadConfig({ LOG_LEVEL: 'debug', ...env });
  const charter = await startCharter(config, { db, log: logs.log, port: 0, sweepIntervalMs: 0 });
  return { ...charter, logs, settle: () => charter.tasks.idle() };
}
