// `npm start`: validate configuration, open the database, migrate, serve.
import { ConfigError, loadConfig, type Config } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { openDatabase } from '../src/store/db.js';
import { startCharter } from './charter.js';

function configOrExit(): Config {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Charter: configuration error: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel);
  const db = await openDatabase(config.database).catch((err: unknown) => {
    log.fatal({ err }, 'cannot open the database');
    process.stderr.write(`Charter: cannot open the database: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
  const charter = await startCharter(config, { db, log });

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await charter.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Charter failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
