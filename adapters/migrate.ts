// `npm run migrate`: apply pending migrations to the configured database and stop.
import { migrateLatest } from '../src/store/db.js';
import { boot, bootLogger, startFailed } from './boot.js';

async function main(): Promise<void> {
  const log = bootLogger();
  const opened = await boot(log);
  if (opened === null) return;
  const { db } = opened;
  try {
    const applied = await migrateLatest(db.knex);
    log.info({ migrations: applied }, applied.length === 0 ? 'database is up to date' : `applied ${applied.length} migrations`);
  } catch (err) {
    startFailed(log, err);
  } finally {
    await db.close();
  }
}

void main();
