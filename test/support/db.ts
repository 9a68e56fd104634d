// The databases store and end-to-end tests run on: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set (CI sets it). Each open() gets a fresh schema or
// in-memory database, so test files never depend on each other or on order.
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { Secret } from '../../src/config.js';
import { noHrReports } from '../../adapters/http/hrReports.js';
import { buildRegistry } from '../../src/core/registry.js';
import { FEATURES } from '../../src/features/index.js';
import { JobRunner } from '../../src/jobs/queue.js';
import { migrateLatest, openDatabase, type Database } from '../../src/store/db.js';
import { createStore } from '../../src/store/index.js';
import { memoryLogger } from './log.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  /** A database of its own, migrated (on PGlite, started from a migrated image). */
  open(): Promise<Database>;
  /** A database with nothing in it: no table, no migration applied. */
  openEmpty(): Promise<Database>;
}

const url = process.env['TEST_DATABASE_URL'];

/**
 * Starting PGlite runs initdb (3-5 s); starting it from an image of a migrated
 * database, job queue included, takes about a second. One image per test worker
 * (tests run with isolate: false, so this module lives as long as the worker).
 */
let pgliteImage: Promise<Blob> | undefined;

/** A PGlite database in memory, migrated, with the job queue's schema: from this worker's image. */
export async function openMigratedPglite(): Promise<Database> {
  pgliteImage ??= (async () => {
    const db = await openDatabase({ kind: 'pglite-memory' });
    try {
      await migrateLatest(db.knex);
      await prepareJobSchema(db);
      if (db.image === undefined) throw new Error('PGlite gives no image');
      return await db.image();
    } finally {
      await db.close();
    }
  })();
  pgliteImage.catch(() => {
    pgliteImage = undefined;
  });
  return openDatabase({ kind: 'pglite-memory', image: await pgliteImage });
}

/** pg-boss's tables and Charter's queues, as a job runner's start makes them. */
async function prepareJobSchema(db: Database): Promise<void> {
  const clock = { now: () => new Date() };
  const { log } = memoryLogger('warn');
  const runner = new JobRunner({
    db: db.knex,
    schema: db.jobSchema,
    registry: buildRegistry(FEATURES),
    clock,
    log,
    global: { store: createStore(db.knex), clock, log, hrReports: noHrReports },
    workers: false,
    coreFor: async () => null,
  });
  await runner.start();
  await runner.stop();
}

export const DATABASES: TestDatabase[] = [
  { name: 'pglite', open: openMigratedPglite, openEmpty: () => openDatabase({ kind: 'pglite-memory' }) },
  ...(url
    ? [
        {
          name: 'postgres' as const,
          async open(): Promise<Database> {
            const db = await this.openEmpty();
            await migrateLatest(db.knex);
            return db;
          },
          async openEmpty(): Promise<Database> {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
            await admin.raw(`create schema "${schema}"`);
            await admin.destroy();
            const db = await openDatabase({ kind: 'postgres', url: new Secret(url) }, { searchPath: schema });
            return {
              ...db,
              async close() {
                await db.knex.raw(`drop schema if exists "${db.jobSchema}" cascade`);
                await db.knex.raw(`drop schema "${schema}" cascade`);
                await db.close();
              },
            };
          },
        },
      ]
    : []),
];

if (process.env['CHARTER_REQUIRE_POSTGRES'] && !url) throw new Error('CHARTER_REQUIRE_POSTGRES is set: TEST_DATABASE_URL must point at PostgreSQL');

/**
 * Empties every table of a test database (the append-only audit log included)
 * and the job queue, keeping the schema: whatever tables features add. Rows are
 * deleted, not truncated (a TRUNCATE makes new files for every table, several
 * hundred milliseconds on PostgreSQL for each test), in one transaction with the
 * session's triggers off (`session_replication_role = replica`: the append-only
 * guards and the foreign keys' checks), so the order of the tables does not matter.
 */
export async function resetDatabase(db: Database): Promise<void> {
  await migrateLatest(db.knex);
  const { rows } = (await db.knex.raw(
    `select tablename from pg_tables where schemaname = current_schema() and tablename not like 'knex_migrations%'`,
  )) as { rows: { tablename: string }[] };
  const jobs = (await db.knex.raw(`select 1 from pg_namespace where nspname = ?`, [db.jobSchema])) as { rows: unknown[] };
  await db.knex.transaction(async (tx) => {
    await tx.raw(`set local session_replication_role = replica`);
    for (const { tablename } of rows) await tx.raw(`delete from "${tablename}"`);
    if (jobs.rows.length > 0) await tx.raw(`delete from "${db.jobSchema}".job`);
  });
}
