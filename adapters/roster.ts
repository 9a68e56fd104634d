// `npm run roster -- import <file.csv> [--as-of <time>]`: applies an HR roster to
// the configured database (DATABASE_URL, or PGlite in CHARTER_DATA_DIR: stop the
// server first, one process per data directory), row by row with the webhook's own
// function. The rows are dated at `--as-of`, the time HR exported the file (an
// ISO 8601 time with a zone, not in the future), else at the import: what HR sent
// by webhook after the export stays, and the rows older than it are counted so.
// The file is streamed, and so is each line (csv.ts: a line over 64K characters
// is a rejected row, never held whole); stderr shows progress and Charter's log
// lines, stdout the summary and the rejected rows with their line numbers.
// Exit codes: 0 every row applied; 3 some rows rejected (the others applied);
// 2 the file cannot be read or is no roster (nothing applied), or wrong usage;
// 1 Charter could not start (configuration, database) or failed.
import { createReadStream, type ReadStream } from 'node:fs';
import type { HrDeps } from '../src/features/hr/apply.js';
import { parseAsOf, RosterFileError, type RosterSummary } from '../src/features/hr/roster.js';

const USAGE = 'usage: npm run roster -- import <file.csv> [--as-of <time HR exported it, e.g. 2026-12-21T18:00:00+08:00>] [--progress-every <rows>]';

const AS_OF_PROBLEMS = {
  format: '--as-of must be an ISO 8601 date and time with seconds and a time zone, such as 2026-12-21T18:00:00+08:00 or 2026-12-21T10:00:00Z',
  future: '--as-of is in the future: give the time HR exported the file, which cannot be later than now',
} as const;

const EXIT = { ok: 0, failed: 1, unreadable: 2, rejected: 3 } as const;

interface Args {
  file: string;
  progressEvery: number;
  /** The time HR exported the file, as typed; null: the rows are dated at the import. */
  asOf: string | null;
}

/** `import <file>` then options, each once, in any order; null for anything else. */
function parseArgs(argv: readonly string[]): Args | null {
  const [command, file, ...rest] = argv;
  if (command !== 'import' || file === undefined || file.startsWith('--')) return null;
  const args: Args = { file, progressEvery: 500, asOf: null };
  const seen = new Set<string>();
  for (let i = 0; i < rest.length; i += 2) {
    const [flag, value] = [rest[i] as string, rest[i + 1]];
    if (value === undefined || seen.has(flag)) return null;
    seen.add(flag);
    if (flag === '--progress-every' && /^[1-9]\d{0,6}$/.test(value)) args.progressEvery = Number(value);
    else if (flag === '--as-of') args.asOf = value;
    else return null;
  }
  return args;
}

/** A file-system error while opening or reading the roster. */
function fileProblem(err: unknown): string | null {
  const e = err as NodeJS.ErrnoException | null;
  return typeof e?.code === 'string' && (e.syscall === 'open' || e.syscall === 'read') ? e.code : null;
}

async function opened(path: string): Promise<ReadStream> {
  const stream = createReadStream(path);
  await new Promise<void>((resolve, reject) => {
    stream.once('ready', () => resolve());
    stream.once('error', reject);
  });
  return stream;
}

function report(file: string, s: RosterSummary, asOf: Date | null): string {
  const out = [
    `${file}${asOf === null ? '' : ` (as of ${asOf.toISOString()})`}: ${s.rows} rows: ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.stale} older than the directory, ${s.rejected.length} rejected`,
  ];
  if (s.created + s.updated === 0) out.push('Nothing changed in the directory.');
  if (s.rejected.length > 0) {
    out.push('Rejected rows:');
    for (const r of s.rejected) out.push(`  line ${r.line}: ${r.reason}`);
  }
  return `${out.join('\n')}\n`;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args === null) {
    process.stderr.write(`${USAGE}\n`);
    return EXIT.unreadable;
  }
  let asOf: Date | null = null;
  if (args.asOf !== null) {
    const parsed = parseAsOf(args.asOf, new Date());
    if (!parsed.ok) {
      process.stderr.write(`roster: ${AS_OF_PROBLEMS[parsed.problem]}; nothing was imported\n${USAGE}\n`);
      return EXIT.unreadable;
    }
    asOf = parsed.at;
  }
  let stream: ReadStream;
  try {
    stream = await opened(args.file);
  } catch (err) {
    process.stderr.write(`roster: cannot read ${args.file} (${fileProblem(err) ?? 'error'})\n`);
    return EXIT.unreadable;
  }
  // Charter itself is loaded only now: wrong usage and an unreadable file are answered at once.
  const [{ buildRegistry }, { readLines }, { importRoster }, { FEATURES }, { JobRunner }, { createLogger }, { migrateLatest }, { createStore }, { boot, routeConsole, startFailed }, { noHrReports }] = await Promise.all([
    import('../src/core/registry.js'),
    import('../src/features/hr/csv.js'),
    import('../src/features/hr/roster.js'),
    import('../src/features/index.js'),
    import('../src/jobs/queue.js'),
    import('../src/logger.js'),
    import('../src/store/db.js'),
    import('../src/store/index.js'),
    import('./boot.js'),
    import('./http/hrReports.js'),
  ]);
  // stdout is the report's: Charter's own lines go to stderr.
  const log = createLogger('info', process.stderr);
  routeConsole(log);
  const db = (await boot(log))?.db;
  if (db === undefined) {
    stream.destroy();
    return EXIT.failed;
  }
  try {
    const applied = await migrateLatest(db.knex);
    if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
    const registry = buildRegistry(FEATURES);
    const store = createStore(db.knex);
    const clock = { now: () => new Date() };
    // Sends `hr.leave` for the server's workers; runs no job here.
    const jobs = new JobRunner({ db: db.knex, schema: db.jobSchema, registry, clock, log, global: { store, clock, log, hrReports: noHrReports }, coreFor: async () => null, workers: false });
    await jobs.start();
    try {
      const deps: HrDeps = { store: store as unknown as HrDeps['store'], jobs, clock, log };
      // Line by line, none held past the reader's limit: an over-long line is a rejected row, not a file in memory.
      const lines = readLines(stream.setEncoding('utf8') as AsyncIterable<string>);
      const summary = await importRoster(deps, lines, {
        ...(asOf !== null ? { asOf } : {}),
        progressEvery: args.progressEvery,
        onProgress: (rows) => process.stderr.write(`roster: ${rows} rows processed\n`),
      });
      process.stdout.write(report(args.file, summary, asOf));
      return summary.rejected.length > 0 ? EXIT.rejected : EXIT.ok;
    } catch (err) {
      if (err instanceof RosterFileError) {
        process.stderr.write(`roster: ${args.file}: ${err.message}; nothing was imported\n`);
        return EXIT.unreadable;
      }
      const problem = fileProblem(err);
      if (problem === null) throw err;
      process.stderr.write(`roster: cannot read ${args.file} (${problem}); the rows before the failure were applied\n`);
      return EXIT.unreadable;
    } finally {
      await jobs.stop();
    }
  } catch (err) {
    startFailed(log, err);
    return EXIT.failed;
  } finally {
    stream.destroy();
    await db.close();
  }
}

process.exitCode = await main();
