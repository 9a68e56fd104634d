// `npm run migrate`: apply pending migrations to the configured database and stop.
import { ConfigError, loadConfig } from '../src/config.js';
import { migrateLatest, openDatabase } from '../src/store/db.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const db = await openDatabase(config.database);
  try {
    const applied = await migrateLatest(db.knex);
    process.stdout.write(applied.length === 0 ? 'Database is up to date.\n' : `Applied: ${applied.join(', ')}\n`);
  } finally {
    await db.close();
  }
}

main().catch((err: unknown) => {
  const prefix = err instanceof ConfigError ? 'configuration error: ' : 'migration failed: ';
  process.stderr.write(`Charter: ${prefix}${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
