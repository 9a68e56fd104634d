// Opens the database: PostgreSQL when DATABASE_URL is set, embedded PGlite in
// CHARTER_DATA_DIR otherwise. Same SQL, same migrations on both.
import { spawn } from 'node:child_process';
import { accessSync, closeSync, constants, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { MIGRATIONS, type NamedMigration } from '../../migrations/index.js';
import type { AnyFeature } from '../core/feature.js';
import { FEATURES } from '../features/index.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** Where the job queue (pg-boss) keeps its tables. */
  jobSchema: string;
  close(): Promise<void>;
  /** PGlite only: the whole database as an image a pglite-memory database can start from. */
  image?(): Promise<Blob>;
}

const JOB_SCHEMA = 'pgboss';

/** Where the database's own messages go (Knex and its pool would print to the console). */
export interface DatabaseLog {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/**
 * Opening the database failed; the message says why in one line and names the
 * setting to look at (`DATABASE_URL: database "nope" does not exist`). It never
 * contains the URL itself, which may hold a password.
 */
export class DatabaseOpenError extends Error {
  constructor(
    readonly variable: 'DATABASE_URL' | 'CHARTER_DATA_DIR',
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`${variable}: ${problem}`, options);
    this.name = 'DatabaseOpenError';
  }
}

const DATE_OID = 1082;
const CONNECT_TIMEOUT_MS = 5_000;

/**
 * PGlite's PostgreSQL runs inside this process: its settings are our memory. The
 * stock 128 MB of shared buffers is far more than Charter's working set; 16 MB
 * keeps hot pages cached at a fraction of the resident size (see bench/).
 */
const PGLITE_SETTINGS = ['-c', 'shared_buffers=16MB', '-c', 'work_mem=2MB', '-c', 'temp_buffers=2MB', '-c', 'wal_buffers=1MB'];
const PGLITE_START_PARAMS = [...PGlite.defaultStartParams, ...PGLITE_SETTINGS];
/**
 * A database in memory (tests, benchmarks) is gone with the process anyway: it skips
 * the work that only makes a disk crash-safe (full-page images in the WAL, flushes).
 */
const PGLITE_MEMORY_PARAMS = [...PGLITE_START_PARAMS, '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off'];

// Calendar dates stay 'YYYY-MM-DD' strings; as JS Dates they would shift with the time zone.
pg.types.setTypeParser(DATE_OID, (v: string) => v);

/**
 * pglite-memory: an embedded database in memory (tests, benchmarks), empty or started
 * from an image an earlier one saved (`Database.image`), which skips initdb.
 */
export type OpenOptions = DatabaseConfig | { kind: 'pglite-memory'; image?: Blob };

function knexLog(log: DatabaseLog | undefined): Knex.Config['log'] {
  // The pool's warnings carry a driver stack trace; the first line says what happened.
  const firstLine = (message: unknown) => (message instanceof Error ? message.message : String(message)).split('\n')[0] ?? '';
  const warn = (message: unknown) => log?.warn({ source: 'knex' }, firstLine(message));
  return { warn, error: warn, deprecate: warn, debug: (message: unknown) => log?.debug({ source: 'knex' }, firstLine(message)) };
}

/** The driver's words for why PostgreSQL could not be used, without the URL. */
function postgresProblem(err: unknown): string {
  const e = err as { message?: unknown; code?: unknown; errors?: unknown[] } | null;
  if (Array.isArray(e?.errors) && e.errors.length > 0) return postgresProblem(e.errors[0]);
  const message = typeof e?.message === 'string' ? e.message : String(err);
  if ((e as { name?: unknown } | null)?.name === 'KnexTimeoutError') return `no connection within ${CONNECT_TIMEOUT_MS / 1000} s (is the server up and reachable?)`;
  return message.split('\n')[0]?.replace(/postgres(ql)?:\/\/\S+/g, '<url>') ?? 'cannot connect';
}

async function openPostgres(url: string, log: DatabaseLog | undefined, searchPath: string | undefined): Promise<Database> {
  const knex = knexFactory({
    client: 'pg',
    connection: url,
    pool: { min: 0, max: 10 },
    acquireConnectionTimeout: 10_000,
    log: knexLog(log),
    ...(searchPath !== undefined ? { searchPath: [searchPath] } : {}),
  });
  try {
    await knex.raw('select 1').timeout(CONNECT_TIMEOUT_MS, { cancel: false });
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    throw new DatabaseOpenError('DATABASE_URL', postgresProblem(err), { cause: err });
  }
  // A schema of its own (tests, benchmarks) gets a job schema of its own.
  return { knex, kind: 'postgres', jobSchema: searchPath === undefined ? JOB_SCHEMA : `${searchPath}_jobs`, close: () => knex.destroy() };
}

export interface OpenExtras {
  /** PostgreSQL schema to work in (tests, benchmarks). */
  searchPath?: string;
  log?: DatabaseLog;
  /**
   * `stock`: PGlite's own settings, initdb in this process: the memory baseline
   * `npm run bench` compares against. Charter always runs `tuned`.
   */
  pglite?: 'tuned' | 'stock';
}

export async function openDatabase(options: OpenOptions, extras: OpenExtras = {}): Promise<Database> {
  const { searchPath, log } = extras;
  const stock = extras.pglite === 'stock';
  if (options.kind === 'postgres') return openPostgres(options.url.reveal(), log, searchPath);
  let unlock = () => undefined as void;
  if (options.kind === 'pglite') {
    ensureDataDir(options.dataDir);
    try {
      unlock = lockDataDir(options.dataDir);
    } catch (err) {
      throw new DatabaseOpenError('CHARTER_DATA_DIR', err instanceof Error ? err.message : String(err), { cause: err });
    }
  }
  let pglite: PGlite;
  try {
    if (!stock && options.kind === 'pglite' && !existsSync(join(options.dataDir, 'PG_VERSION'))) await initDataDir(options.dataDir);
    // Options must be the only argument: PGlite ignores them after a data directory.
    pglite = new PGlite({
      ...(options.kind === 'pglite' ? { dataDir: options.dataDir } : {}),
      ...(options.kind === 'pglite-memory' && options.image !== undefined ? { loadDataDir: options.image } : {}),
      ...(stock ? {} : { startParams: options.kind === 'pglite-memory' ? PGLITE_MEMORY_PARAMS : PGLITE_START_PARAMS }),
      parsers: { [DATE_OID]: (v: string) => v },
    });
    await pglite.waitReady;
  } catch (err) {
    unlock();
    const problem = err instanceof Error ? err.message.split('\n')[0] ?? err.name : String(err);
    throw new DatabaseOpenError('CHARTER_DATA_DIR', `the embedded database cannot start: ${problem}`, { cause: err });
  }
  const knex = knexFactory({ client: ClientPgLite, connection: { pglite } as unknown as Knex.StaticConnectionConfig, log: knexLog(log) });
  return {
    knex,
    kind: 'pglite',
    jobSchema: JOB_SCHEMA,
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
    // A checkpoint first: the image then holds every committed change in its data files
    // (with synchronous_commit off, the last commits may not be in the WAL yet).
    image: async () => {
      await pglite.exec('CHECKPOINT');
      return pglite.dumpDataDir('none');
    },
  };
}

/**
 * Creates the directory (and missing parents) one level at a time. Node's
 * `mkdir -p` loops forever on some paths (`/proc/nope`); this fails with a line.
 */
export function ensureDataDir(dataDir: string): void {
  const target = resolve(dataDir);
  const missing: string[] = [];
  let at = target;
  for (;;) {
    let st;
    try {
      st = statSync(at);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw new DatabaseOpenError('CHARTER_DATA_DIR', `cannot use ${at} (${code ?? 'error'})`, { cause: err });
      const parent = dirname(at);
      if (parent === at || missing.length > 64) throw new DatabaseOpenError('CHARTER_DATA_DIR', `cannot create ${target}`);
      missing.push(at);
      at = parent;
      continue;
    }
    if (!st.isDirectory()) throw new DatabaseOpenError('CHARTER_DATA_DIR', `${at} is not a directory`);
    break;
  }
  for (const dir of missing.reverse()) {
    try {
      mkdirSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EEXIST') throw new DatabaseOpenError('CHARTER_DATA_DIR', `cannot create ${dir} (${code ?? 'error'})`, { cause: err });
    }
  }
  try {
    accessSync(target, constants.R_OK | constants.W_OK);
  } catch (err) {
    throw new DatabaseOpenError('CHARTER_DATA_DIR', `${target} is not readable and writable by this user`, { cause: err });
  }
}

const INIT_SCRIPT = `
const { PGlite } = require(process.argv[1]);
(async () => {
  const db = new PGlite({ dataDir: process.argv[2] });
  await db.waitReady;
  await db.close();
})().catch((err) => {
  process.stderr.write(String((err && err.message) || err).split('\\n')[0]);
  process.exit(1);
});`;

/**
 * A new data directory is initialised (initdb) in a short-lived child process:
 * initdb's own WebAssembly instance would otherwise stay in this process's memory
 * for its lifetime (hundreds of MB, see bench/).
 */
function initDataDir(dataDir: string): Promise<void> {
  const entry = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['-e', INIT_SCRIPT, entry, dataDir], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolvePromise();
      else reject(new Error(stderr.trim() || `initdb exited with ${code}`));
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * PGlite is a single-process database: a second Charter on the same directory
 * would corrupt it. A lock file with the owner's pid keeps it to one; a lock left
 * by a process that died is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'charter.lock');
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && alive(owner)) {
        throw new Error(`the data directory ${dataDir} is in use by another Charter (pid ${owner})`, { cause: err });
      }
      rmSync(path, { force: true });
    }
  }
  throw new Error(`cannot lock the data directory ${dataDir}`);
}

class ListMigrationSource implements Knex.MigrationSource<NamedMigration> {
  constructor(private readonly list: readonly NamedMigration[]) {}
  getMigrations(): Promise<NamedMigration[]> {
    return Promise.resolve([...this.list]);
  }
  getMigrationName(m: NamedMigration): string {
    return m.name;
  }
  getMigration(m: NamedMigration): Promise<Knex.Migration> {
    return Promise.resolve(m.migration);
  }
}

/** The kernel's migrations and every feature's, in name (timestamp) order. */
export function allMigrations(features: readonly AnyFeature[] = FEATURES): NamedMigration[] {
  const list = [...MIGRATIONS, ...features.flatMap((f) => (f.migrations ?? []) as unknown as readonly NamedMigration[])];
  return list.sort((a, b) => a.name.localeCompare(b.name));
}

/** Applies pending migrations; returns the names applied. */
export async function migrateLatest(knex: Knex, features?: readonly AnyFeature[]): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource: new ListMigrationSource(allMigrations(features)) })) as [number, string[]];
  return applied;
}

/** Reverts every migration (tests of `down`). */
export async function migrateDownAll(knex: Knex, features?: readonly AnyFeature[]): Promise<void> {
  await knex.migrate.rollback({ migrationSource: new ListMigrationSource(allMigrations(features)) }, true);
}
