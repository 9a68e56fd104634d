// Starting Charter with a setting that cannot work: one JSON line naming the
// variable, a non-zero exit, within seconds; nothing on stderr, no stack trace
// spread over lines.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../src/paths.js';

interface Run {
  code: number | null;
  stdout: string[];
  stderr: string;
}

function startWith(env: Record<string, string>, whileRunning?: (port: number) => Promise<void>): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'adapters/main.ts'], {
      cwd: PROJECT_ROOT,
      env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '39999', LOG_LEVEL: 'debug', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let started = false;
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString('utf8');
      if (!started && whileRunning !== undefined && stdout.includes('Charter is listening')) {
        started = true;
        void whileRunning(Number(env['PORT'])).then(
          () => child.kill('SIGTERM'),
          (err: unknown) => {
            child.kill('SIGKILL');
            reject(err as Error);
          },
        );
      }
    });
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString('utf8')));
    // A hang guard, not a time limit: a loaded machine may take a while to load Charter.
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`still running after 90 s; output so far: ${stdout}${stderr}`));
    }, 90_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout: stdout.split('\n').filter(Boolean), stderr });
    });
  });
}

function expectOneFatalLine(run: Run, variable: string, message: RegExp): void {
  expect(run.code).toBe(1);
  expect(run.stderr).toBe('');
  const lines = run.stdout.map((l) => JSON.parse(l) as { level: number; variable?: string; msg: string });
  const fatal = lines.filter((l) => l.level === 60);
  expect(fatal).toHaveLength(1);
  expect(fatal[0]!.variable).toBe(variable);
  expect(fatal[0]!.msg).toMatch(message);
  expect(fatal[0]!.msg.startsWith(`${variable}: `)).toBe(true);
  expect(run.stdout.join('\n')).not.toMatch(/\\n\s+at /);
}

describe('a start that cannot work', { timeout: 120_000 }, () => {
  const scratch = mkdtempSync(join(tmpdir(), 'charter-startup-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('names DATABASE_URL when PostgreSQL cannot be reached, without the URL or its password', async () => {
    const run = await startWith({ DATABASE_URL: 'postgres://charter:hunter2@127.0.0.1:1/charter' });
    expectOneFatalLine(run, 'DATABASE_URL', /^DATABASE_URL: connect ECONNREFUSED 127\.0\.0\.1:1$/);
    expect(run.stdout.join('\n')).not.toContain('hunter2');
  });

  it.runIf(process.env['TEST_DATABASE_URL'] !== undefined)('names DATABASE_URL when the database does not exist', async () => {
    const url = new URL(process.env['TEST_DATABASE_URL']!);
    url.pathname = '/charter_no_such_database';
    const run = await startWith({ DATABASE_URL: url.href });
    expectOneFatalLine(run, 'DATABASE_URL', /^DATABASE_URL: database "charter_no_such_database" does not exist$/);
  });

  it('names CHARTER_DATA_DIR when the directory cannot be created, instead of hanging', async () => {
    const run = await startWith({ CHARTER_DATA_DIR: '/proc/nope' });
    expectOneFatalLine(run, 'CHARTER_DATA_DIR', /^CHARTER_DATA_DIR: cannot create \/proc\/nope/);
  });

  it('names CHARTER_DATA_DIR when it is a file', async () => {
    const file = join(scratch, 'a-file');
    writeFileSync(file, 'x');
    const run = await startWith({ CHARTER_DATA_DIR: file });
    expectOneFatalLine(run, 'CHARTER_DATA_DIR', /is not a directory$/);
  });

  it('says in one line that another Charter holds the data directory', async () => {
    const dir = join(scratch, 'taken');
    mkdirSync(dir);
    writeFileSync(join(dir, 'charter.lock'), String(process.pid));
    const run = await startWith({ CHARTER_DATA_DIR: dir });
    expectOneFatalLine(run, 'CHARTER_DATA_DIR', new RegExp(`in use by another Charter \\(pid ${process.pid}\\)$`));
  });

  it('names a malformed variable before touching anything', async () => {
    const run = await startWith({ PORT: 'eighty' });
    expectOneFatalLine(run, 'PORT', /^PORT: must be a port number/);
  });
});

describe.runIf(process.env['TEST_DATABASE_URL'] !== undefined)('a database outage under the running server', { timeout: 120_000 }, () => {
  it('keeps every line one JSON object, stack traces included', async () => {
    const admin = new URL(process.env['TEST_DATABASE_URL']!);
    const name = `charter_outage_${process.pid}`;
    const knex = (await import('knex')).default({ client: 'pg', connection: admin.href, pool: { min: 0, max: 1 } });
    await knex.raw(`create database "${name}"`);
    const url = new URL(admin.href);
    url.pathname = `/${name}`;
    try {
      const run = await startWith({ DATABASE_URL: url.href, PORT: '39998' }, async (port) => {
        expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
        await knex.raw(`drop database "${name}" with (force)`);
        for (let i = 0; i < 3; i += 1) expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(503);
      });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      const lines = run.stdout.map((l) => JSON.parse(l) as { level: number; msg: string });
      expect(lines.filter((l) => l.msg === 'health check: database unavailable')).toHaveLength(3);
    } finally {
      await knex.raw(`drop database if exists "${name}" with (force)`);
      await knex.destroy();
    }
  });
});
