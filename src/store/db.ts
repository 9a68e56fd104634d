// Opens the database: PostgreSQL when DATABASE_URL is set, embedded PGlite in
// CHARTER_DATA_DIR otherwise. Same SQL, same migrations on both.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import knexFactory, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import pg from 'pg';
import type { DatabaseConfig } from '../config.js';
import { MIGRATIONS, type NamedMigration } from '../../migrations/index.js';

export type DatabaseKind = 'postgres' | 'pglite';

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  close(): Promise<void>;
}

const DATE_OID = 1082;

// Calendar dates stay 'YYYY-MM-DD' strings; as JS Dates they would shift with the time zone.
pg.types.setTypeParser(DATE_OID, (v: string) => v);

export type OpenOptions = DatabaseConfig | { kind: 'pglite-memory' };

export async function openDatabase(options: OpenOptions, searchPath?: string): Promise<Database> {
  if (options.kind === 'postgres') {
    const knex = knexFactory({
      client: 'pg',
      connection: options.url.reveal(),
      pool: { min: 0, max: 10 },
      acquireConnectionTimeout: 10_000,
      ...(searchPath !== undefined ? { searchPath: [searchPath] } : {}),
    });
    return { knex, kind: 'postgres', close: () => knex.destroy() };
  }
  let unlock = () => undefined as void;
  if (options.kind === 'pglite') {
    mkdirSync(options.dataDir, { recursive: true });
    unlock = lockDataDir(options.dataDir);
  }
  // Options must be the only argument: PGlite ignores them after a data directory.
  const pglite = new PGlite({
    ...(options.kind === 'pglite' ? { dataDir: options.dataDir } : {}),
    parsers: { [DATE_OID]: (v: string) => v },
  });
  await pglite.waitReady;
  const knex = knexFactory({ client: ClientPgLite, connection: { pglite } as unknown as Knex.StaticConnectionConfig });
  return {
    knex,
    kind: 'pglite',
    close: async () => {
      await knex.destroy();
      if (!pglite.closed) await pglite.close();
      unlock();
    },
  };
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

export const migrationSource = new ListMigrationSource(MIGRATIONS);

/** Applies pending migrations; returns the names applied. */
export async function migrateLatest(knex: Knex): Promise<string[]> {
  const [, applied] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return applied;
}

/** Reverts every migration (tests of `down`). */
export async function migrateDownAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
