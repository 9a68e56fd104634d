// The databases store and end-to-end tests run on: PGlite always, PostgreSQL when
// TEST_DATABASE_URL is set (CI sets it). Each open() gets a fresh schema or
// in-memory database, so test files never depend on each other or on order.
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { Secret } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/store/db.js';

export interface TestDatabase {
  name: 'pglite' | 'postgres';
  open(): Promise<Database>;
}

const url = process.env['TEST_DATABASE_URL'];

export const DATABASES: TestDatabase[] = [
  { name: 'pglite', open: () => openDatabase({ kind: 'pglite-memory' }) },
  ...(url
    ? [
        {
          name: 'postgres' as const,
          async open(): Promise<Database> {
            const schema = `t_${randomBytes(6).toString('hex')}`;
            const admin = knexFactory({ client: 'pg', connection: url, pool: { min: 0, max: 1 } });
            await admin.raw(`create schema "${schema}"`);
            await admin.destroy();
            const db = await openDatabase({ kind: 'postgres', url: new Secret(url) }, { searchPath: schema });
            return {
              ...db,
              async close() {
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
