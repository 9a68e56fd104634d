// What `npm start` and `npm run migrate` share before anything else runs: a logger
// (every line Charter writes is one JSON object, console output of libraries
// included), the configuration, and one clear line when starting fails.
import { format } from 'node:util';
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import type { Logger } from '../src/core/ports.js';
import { createLogger } from '../src/logger.js';
import { DatabaseOpenError, openDatabase, type Database } from '../src/store/db.js';

const LEVELS = new Set(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export type BootLogger = ReturnType<typeof createLogger>;

/** The logger before the configuration is known: LOG_LEVEL if it is valid, else info. */
export function bootLogger(env: NodeJS.ProcessEnv = process.env): BootLogger {
  const wanted = env['LOG_LEVEL']?.trim() ?? '';
  const log = createLogger(LEVELS.has(wanted) ? wanted : 'info');
  routeConsole(log);
  return log;
}

/**
 * Libraries that print with console.* (botframework-connector on a bad token,
 * a driver's warning) would break the one-JSON-object-per-line rule: their output
 * goes through the logger instead.
 */
export function routeConsole(log: Logger): void {
  /* eslint-disable no-console -- replacing console's methods is the point: nothing prints around the logger */
  const to = (level: 'debug' | 'info' | 'warn' | 'error') => (...args: unknown[]) => log[level]({ source: 'console' }, format(...args));
  console.log = to('info');
  console.info = to('info');
  console.debug = to('debug');
  console.warn = to('warn');
  console.error = to('error');
  console.trace = to('debug');
  /* eslint-enable no-console */
}

/** One fatal line naming the setting at fault; sets a failing exit code. */
export function startFailed(log: BootLogger, err: unknown): void {
  if (err instanceof ConfigError || err instanceof DatabaseOpenError) {
    log.fatal({ variable: err.variable }, err.message);
  } else {
    log.fatal({ err }, `Charter failed to start: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`);
  }
  process.exitCode = 1;
}

/** Configuration and an open database, or null after one fatal line. */
export async function boot(log: BootLogger): Promise<{ config: Config; db: Database } | null> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    startFailed(log, err);
    return null;
  }
  log.level = config.logLevel;
  try {
    const db = await openDatabase(config.database, { log });
    return { config, db };
  } catch (err) {
    startFailed(log, err);
    return null;
  }
}
