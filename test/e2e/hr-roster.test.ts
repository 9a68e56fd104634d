// `npm run roster -- import <file>` as an operator runs it: a child process on the
// embedded database (a PGlite data directory) and on PostgreSQL (DATABASE_URL,
// in a schema of its own). Rejected rows come back with their line numbers,
// progress goes to stderr, a second import of the same file changes nothing and
// says so, a `left` row makes the accounts inactive and enqueues `hr.leave`, and
// an unreadable file or no roster at all is exit code 2 with nothing applied. A
// line too long (generated here, megabytes on one line) is a rejected row. Rows
// are dated at `--as-of` (when HR exported the file): an older file counts as older
// than the directory and undoes nothing; a bad or future `--as-of` is exit code 2.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Secret } from '../../src/config.js';
import { migrateLatest, openDatabase, type Database } from '../../src/store/db.js';
import { createStore } from '../../src/store/index.js';
import { hrTables } from '../support/hr.js';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const HEADER = 'employeeId,email,realName,department,title,managerEmail,locale,status';

interface Target {
  name: string;
  env(): Record<string, string>;
  open(): Promise<Database>;
  setUp(): Promise<void>;
  tearDown(): Promise<void>;
}

const dir = mkdtempSync(join(tmpdir(), 'charter-roster-'));
const pgUrl = process.env['TEST_DATABASE_URL'];
const schema = `t_roster_${randomBytes(4).toString('hex')}`;

const TARGETS: Target[] = [
  {
    name: 'pglite',
    env: () => ({ CHARTER_DATA_DIR: join(dir, 'data') }),
    open: () => openDatabase({ kind: 'pglite', dataDir: join(dir, 'data') }),
    async setUp() {},
    async tearDown() {},
  },
  ...(pgUrl === undefined
    ? []
    : [
        {
          name: 'postgres',
          env: () => {
            const url = new URL(pgUrl);
            url.searchParams.set('options', `-c search_path=${schema}`);
            return { DATABASE_URL: url.href };
          },
          // The command's job queue is PostgreSQL's default one (pgboss), whatever the search path.
          open: async () => ({ ...(await openDatabase({ kind: 'postgres', url: new Secret(pgUrl) }, { searchPath: schema })), jobSchema: 'pgboss' }),
          async setUp() {
            const admin = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
            await admin.raw(`create schema "${schema}"`);
            await admin.destroy();
          },
          async tearDown() {
            const admin = knexFactory({ client: 'pg', connection: pgUrl, pool: { min: 0, max: 1 } });
            await admin.raw(`drop schema if exists "${schema}" cascade`);
            await admin.destroy();
          },
        },
      ]),
];

function roster(env: Record<string, string>, ...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/roster.ts', ...args], {
      cwd: process.cwd(),
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function file(name: string, text: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

/** Runs fn on the database while no roster process holds it (PGlite: one process per directory). */
async function withDb<T>(target: Target, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await target.open();
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Each test spawns the command (a Node process loading Charter) up to four times: a generous hang guard.
describe.each(TARGETS)('npm run roster -- import ($name)', { timeout: 120_000 }, (target) => {
  const first = file(
    `first-${target.name}.csv`,
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from(
        [
          HEADER,
          'E1,Ada@Example.com,"Lovelace, Ada",Research,Analyst,boss@example.com,en,active',
          'E2,li@example.com,李雷,研发部,"工程师 ""高级""",,zh-CN,active',
          'E3,not-an-email,X,Y,Z,,,active',
          'E4,mo@example.com,Mo,Ops,"Lead',
          'Operations",,,active',
          'E5,gone@example.com,,,,,,left',
          'E6,x@example.com,a"b,c,d,,,active',
          'E7,too,few',
          'E8,y@example.com,Y,Ops,Lead,,,retired',
        ].join('\r\n'),
        'utf8',
      ),
      Buffer.from('\r\nE9,z@example.com,', 'utf8'),
      Buffer.from([0xc0, 0xc1]), // no UTF-8: a file saved in another encoding
      Buffer.from(',Ops,Lead,,,active\r\n', 'utf8'),
    ]),
  );

  beforeAll(async () => {
    await target.setUp();
    // Accounts known before the import: the roster reaches them by e-mail, in any case.
    await withDb(target, async (db) => {
      await migrateLatest(db.knex);
      const store = createStore(db.knex);
      await store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1' });
      for (const [uid, email] of [['U1', 'ada@example.com'], ['U5', 'GONE@example.com']] as const) {
        const p = await store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: uid, address: uid, displayName: uid });
        await store.people.updateProfile(p.id, { platformUserId: uid, displayName: uid, realName: null, title: null, department: null, email, locale: null, isExternal: false, employment: 'active' }, new Date());
      }
    });
  });
  afterAll(() => target.tearDown());

  it('applies the good rows, reports the bad ones by line, and shows progress on stderr', async () => {
    const run = await roster(target.env(), 'import', first, '--progress-every', '3');
    expect(run.stdout).toBe(
      [
        `${first}: 9 rows: 4 created, 0 updated, 0 unchanged, 0 older than the directory, 5 rejected`,
        'Rejected rows:',
        '  line 4: email: Invalid email address',
        '  line 8: a quote inside an unquoted field (quote the whole field and double the quote)',
        '  line 9: expected 8 fields, found 3',
        '  line 10: status: must be active or left',
        '  line 11: the line is not valid UTF-8 (save the file as UTF-8)',
        '',
      ].join('\n'),
    );
    expect(run.code).toBe(3);
    expect(run.stderr.split('\n').filter((l) => l.startsWith('roster:'))).toEqual([
      'roster: 3 rows processed',
      'roster: 6 rows processed',
      'roster: 9 rows processed',
    ]);
    // Charter's own lines (stderr) carry no personal data.
    expect(run.stderr).not.toMatch(/example\.com|Lovelace|李雷/);
    await withDb(target, async (db) => {
      const t = await hrTables(db);
      expect((t.directory as { employee_id: string; status: string }[]).map((r) => [r.employee_id, r.status])).toEqual([
        ['E1', 'active'],
        ['E2', 'active'],
        ['E4', 'active'],
        ['E5', 'left'],
      ]);
      expect(t.directory).toContainEqual(expect.objectContaining({ employee_id: 'E2', real_name: '李雷', title: '工程师 "高级"', department: '研发部' }));
      expect(t.directory).toContainEqual(expect.objectContaining({ employee_id: 'E4', title: 'Lead Operations' }));
      const people = t.people as { email: string; real_name: string | null; department: string | null; employment: string }[];
      expect(people.find((p) => p.email === 'ada@example.com')).toMatchObject({ real_name: 'Lovelace, Ada', department: 'Research', employment: 'active' });
      expect(people.find((p) => p.email === 'GONE@example.com')).toMatchObject({ employment: 'inactive' });
      expect(t.jobs).toHaveLength(1);
      expect(t.events).toHaveLength(4);
    });
  });

  // Applying is the same code on either database (the core tests run it on both): the command's PostgreSQL path is the first test's.
  it.runIf(target.name === 'pglite')('changes nothing when the same file is imported again, and says so', async () => {
    const before = await withDb(target, hrTables);
    const run = await roster(target.env(), 'import', first);
    expect(run.stdout.split('\n').slice(0, 2)).toEqual([
      `${first}: 9 rows: 0 created, 0 updated, 4 unchanged, 0 older than the directory, 5 rejected`,
      'Nothing changed in the directory.',
    ]);
    expect(run.code).toBe(3);
    expect(await withDb(target, hrTables)).toEqual(before);
  });

  // Applying is the same code on either database (the core tests run it on both): the command's PostgreSQL path is the first test's.
  it.runIf(target.name === 'pglite')('updates what a newer roster changes, with exit code 0 when every row is good', async () => {
    const next = file(`next-${target.name}.csv`, `${HEADER}\nE1,ada@example.com,"Lovelace, Ada",Research,Lead Analyst,boss@example.com,en,active\nE2,li@example.com,李雷,研发部,"工程师 ""高级""",,zh-CN,active\n`);
    const run = await roster(target.env(), 'import', next);
    expect(run.stdout).toBe(`${next}: 2 rows: 0 created, 1 updated, 1 unchanged, 0 older than the directory, 0 rejected\n`);
    expect(run.code).toBe(0);
    await withDb(target, async (db) => {
      expect(await db.knex('people').where({ email: 'ada@example.com' }).first()).toMatchObject({ title: 'Lead Analyst' });
    });
  });

  // The same whatever the database (the CSV reader, the arguments, the file): once, on PGlite.
  it.runIf(target.name === 'pglite')('rejects a line too long by its number, without reading it whole, and imports the rest', async () => {
    // Eight million characters on one line (a runaway export), made here: no big file in the repository.
    const long = file(`long-${target.name}.csv`, `${HEADER}\nE10,ten@example.com,Ten,Ops,Clerk,,,active\n"${'x'.repeat(8_000_000)}\nE11,eleven@example.com,Eleven,Ops,Clerk,,,active\n`);
    const run = await roster(target.env(), 'import', long);
    expect(run.stdout).toBe(
      [`${long}: 3 rows: 2 created, 0 updated, 0 unchanged, 0 older than the directory, 1 rejected`, 'Rejected rows:', '  line 3: line too long: more than 65536 characters', ''].join('\n'),
    );
    expect(run.code).toBe(3);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace
    // A header too long is no roster: nothing imported.
    const before = await withDb(target, hrTables);
    const header = await roster(target.env(), 'import', file(`long-header-${target.name}.csv`, `${HEADER},${'y'.repeat(100_000)}\nE12,twelve@example.com,T,Ops,Clerk,,,active\n`));
    expect(header).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('the header (line 1) cannot be read: line too long: more than 65536 characters; nothing was imported') });
    expect(header.stderr).not.toMatch(/\n\s+at /);
    expect(await withDb(target, hrTables)).toEqual(before);
  });

  // The same whatever the database (the CSV reader, the arguments, the file): once, on PGlite.
  it.runIf(target.name === 'pglite')('refuses a bad or future --as-of before reading anything, with exit code 2', async () => {
    const before = await withDb(target, hrTables);
    const future = new Date(Date.now() + 3600_000).toISOString();
    for (const [args, message] of [
      [['--as-of', 'yesterday'], '--as-of must be an ISO 8601 date and time with seconds and a time zone'],
      [['--as-of', '2026-12-21T10:00:00'], '--as-of must be an ISO 8601'], // no zone
      [['--as-of', '2026-02-30T10:00:00Z'], '--as-of must be an ISO 8601'],
      [['--progress-every', '5', '--as-of', future], '--as-of is in the future'],
      [['--as-of'], 'usage: npm run roster -- import <file.csv> [--as-of'],
      [['--as-of', '2026-12-01T10:00:00Z', '--as-of', '2026-12-01T11:00:00Z'], 'usage:'],
      [['--as-of=2026-12-01T10:00:00Z'], 'usage:'],
    ] as const) {
      const run = await roster(target.env(), 'import', first, ...args);
      expect(run, args.join(' ')).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining(message) });
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
    expect(await withDb(target, hrTables)).toEqual(before);
  });

  // Applying is the same code on either database (the core tests run it on both): the command's PostgreSQL path is the first test's.
  it.runIf(target.name === 'pglite')('dates the rows at --as-of: an older file does not undo what HR said since, and is counted as older', async () => {
    // E2 leaves now (a newer roster, dated now); the file exported an hour ago still says active.
    const now = new Date().toISOString();
    const leave = await roster(target.env(), 'import', file(`leave-${target.name}.csv`, `${HEADER}\nE2,li@example.com,,,,,,left\n`), '--as-of', now);
    expect(leave.stdout).toContain(`(as of ${now}): 1 rows: 0 created, 1 updated`);
    const hourAgo = new Date(Date.now() - 3600_000).toISOString();
    const old = file(`old-${target.name}.csv`, `${HEADER}\nE2,li@example.com,李雷,研发部,工程师,,zh-CN,active\n`);
    const run = await roster(target.env(), 'import', old, '--progress-every', '10', '--as-of', hourAgo);
    expect(run.stdout).toBe(`${old} (as of ${hourAgo}): 1 rows: 0 created, 0 updated, 0 unchanged, 1 older than the directory, 0 rejected\nNothing changed in the directory.\n`);
    expect(run.code).toBe(0);
    await withDb(target, async (db) => {
      expect(await db.knex('hr_people').where({ employee_id: 'E2' }).first('status', 'title')).toEqual({ status: 'left', title: '工程师 "高级"' });
      expect(await db.knex('hr_events').where({ employee_id: 'E2', outcome: 'stale' }).pluck('occurred_at')).toEqual([new Date(hourAgo)]);
    });
  });

  // The same whatever the database (the CSV reader, the arguments, the file): once, on PGlite.
  it.runIf(target.name === 'pglite')('exits 2 without touching anything when the file cannot be read or is no roster', async () => {
    const before = await withDb(target, hrTables);
    const missing = await roster(target.env(), 'import', join(dir, 'missing.csv'));
    expect(missing).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('cannot read') });
    const headerless = await roster(target.env(), 'import', file(`nohead-${target.name}.csv`, 'E1,a@example.com,A,B,C,,,active\n'));
    expect(headerless).toMatchObject({ code: 2, stdout: '', stderr: expect.stringContaining('lacks the columns') });
    const empty = await roster(target.env(), 'import', file(`empty-${target.name}.csv`, ''));
    expect(empty).toMatchObject({ code: 2, stderr: expect.stringContaining('empty') });
    expect(await roster(target.env(), 'export', first)).toMatchObject({ code: 2, stderr: expect.stringContaining('usage: npm run roster -- import') });
    expect(await withDb(target, hrTables)).toEqual(before);
  });
});
