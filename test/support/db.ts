// The databases store and end-to-end tests run on: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set (CI sets it). Each open() gets a fresh schema or
// in-memory database, so test files never depend on each other or on order.
import { createHash, randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import knexFactory from 'knex';
import { Secret } from '../../src/config.js';
import { noHrReports } from '../../adapters/http/hrReports.js';
import { buildRegistry } from '../../src/core/registry.js';
import { FEATURES } from '../../src/features/index.js';
import { JobRunner } from '../../src/jobs/queue.js';
import { allMigrations, migrateLatest, openDatabase, type Database } from '../../src/store/db.js';
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

/**
 * PostgreSQL: each open() is a database of its own, copied from a migrated template
 * (job queue included) that the first worker to need it makes once per run — a copy
 * takes about 0.2 s where migrating takes over a second. The template's name carries a
 * hash of the migrations, so a changed migration gets a new one. Every database made
 * here is named after TEST_DATABASE_URL's (`<db>_tpl_…`, `<db>_t_…`): CI drops them
 * with its own; a test that dies leaves its copy behind for that.
 */
let pgTemplate: Promise<string> | undefined;

function databaseUrl(name: string): string {
  const u = new URL(url as string);
  u.pathname = `/${name}`;
  return u.toString();
}

async function withAdmin<T>(work: (admin: knexFactory.Knex) => Promise<T>): Promise<T> {
  const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
  try {
    return await work(admin);
  } finally {
    await admin.destroy();
  }
}

/** The source of every migration file (SQL in constants too) and the job queue's version. */
function schemaSource(): string {
  const root = new URL('../../', import.meta.url);
  const folders = ['migrations/', ...readdirSync(new URL('src/features/', root)).map((f) => `src/features/${f}/migrations/`)];
  const names = new Set(allMigrations().map((m) => `${m.name}.ts`));
  const parts: string[] = [];
  for (const folder of folders) {
    let files: string[];
    try {
      files = readdirSync(new URL(folder, root));
    } catch {
      continue; // a feature without migrations
    }
    for (const file of files.filter((f) => names.has(f)).sort()) parts.push(`${folder}${file}\n${readFileSync(new URL(`${folder}${file}`, root), 'utf8')}`);
  }
  const boss = JSON.parse(readFileSync(new URL('node_modules/pg-boss/package.json', root), 'utf8')) as { version: string };
  return `${parts.join('\n')}\npg-boss ${boss.version}`;
}

function templateName(): string {
  const base = decodeURIComponent(new URL(url as string).pathname.slice(1));
  return `${base.slice(0, 40)}_tpl_${createHash('sha256').update(schemaSource()).digest('hex').slice(0, 12)}`;
}

function openPgTemplate(): Promise<string> {
  pgTemplate ??= (async () => {
    const name = templateName();
    await withAdmin(async (admin) => {
      // Two workers may start at once: one makes the template, the other waits for it
      // (a session lock: CREATE DATABASE cannot run inside a transaction; the admin pool is one connection).
      await admin.raw(`select pg_advisory_lock(hashtext(?))`, [name]);
      try {
        const found = (await admin.raw(`select 1 from pg_database where datname = ?`, [name])) as { rows: unknown[] };
        if (found.rows.length > 0) return;
        const building = `${name}_new`;
        await admin.raw(`drop database if exists "${building}"`);
        await admin.raw(`create database "${building}"`);
        const db = await openDatabase({ kind: 'postgres', url: new Secret(databaseUrl(building)) });
        try {
          await migrateLatest(db.knex);
          await prepareJobSchema(db);
        } finally {
          await db.close();
        }
        await admin.raw(`alter database "${building}" rename to "${name}"`);
        // Templates of other migrations (an earlier checkout's): dropped unless in use.
        const base = name.slice(0, name.indexOf('_tpl_'));
        const old = (await admin.raw(`select datname from pg_database where datname like ? and datname <> ?`, [`${base.replace(/[\\_%]/g, '\\$&')}\\_tpl\\_%`, name])) as { rows: { datname: string }[] };
        for (const { datname } of old.rows) await admin.raw(`drop database if exists "${datname}"`).catch(() => undefined);
      } finally {
        await admin.raw(`select pg_advisory_unlock(hashtext(?))`, [name]);
      }
    });
    return name;
  })();
  pgTemplate.catch(() => {
    pgTemplate = undefined;
  });
  return pgTemplate;
}

async function openPgCopy(): Promise<Database> {
  const template = await openPgTemplate();
  const name = `${template.slice(0, template.indexOf('_tpl_'))}_t_${randomBytes(6).toString('hex')}`;
  await withAdmin((admin) => admin.raw(`create database "${name}" template "${template}"`));
  const db = await openDatabase({ kind: 'postgres', url: new Secret(databaseUrl(name)) });
  return {
    ...db,
    async close() {
      await db.close();
      await withAdmin((admin) => admin.raw(`drop database if exists "${name}" with (force)`));
    },
  };
}

export const DATABASES: TestDatabase[] = [
  { name: 'pglite', open: openMigratedPglite, openEmpty: () => openDatabase({ kind: 'pglite-memory' }) },
  ...(url
    ? [
        {
          name: 'postgres' as const,
          open: openPgCopy,
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
