// `npm start`: validate configuration, open the database, migrate, serve.
import { boot, bootLogger, startFailed } from './boot.js';

const SHUTDOWN_LIMIT_MS = 15_000;

async function main(): Promise<void> {
  const log = bootLogger();
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
  const opened = await boot(log);
  if (opened === null) return;
  const { config, db } = opened;
  let charter;
  try {
    // Loaded once the configuration and the database are known good: a start that
    // cannot work says so without first loading both platforms' SDKs.
    const { startCharter } = await import('./charter.js');
    charter = await startCharter(config, { db, log });
  } catch (err) {
    startFailed(log, err);
    await db.close().catch(() => undefined);
    return;
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    setTimeout(() => {
      log.error({}, 'shutdown took too long; exiting');
      process.exit(1);
    }, SHUTDOWN_LIMIT_MS).unref();
    try {
      await charter.close();
      await db.close();
    } catch (err) {
      log.error({ err }, 'shutdown failed');
    }
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

void main();
