// Sensitive values for tests: made-up numbers that pass their checks, computed
// here independently of the engine, and a dump of every table to search for them.
import type { Database } from '../../src/store/db.js';

/** A resident ID number with its GB 11643 check character (ISO 7064 MOD 11-2). */
export function residentId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * (weights[i] as number), 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Every row of every table of the test database, as one JSON text. */
export async function dumpAllTables(db: Database): Promise<string> {
  const tables = (await db.knex.raw("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")) as { rows: { table_name: string }[] };
  const all: unknown[] = [];
  for (const { table_name } of tables.rows) all.push(await db.knex(table_name).select());
  return JSON.stringify(all);
}
