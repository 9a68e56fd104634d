// Durable jobs on pg-boss 10, in the same database as everything else (PostgreSQL
// or PGlite). pg-boss runs its SQL through Knex's own connections (db.executeSql),
// so on PGlite it waits its turn for the one connection, and a job sent inside a
// transaction is enqueued on that transaction: it exists if and only if the
// state change commits. Jobs are named `<feature>.<job>` and registered by the
// features (src/core/registry.ts). A keyed job has an id derived from its name
// and key, so sending it twice enqueues it once. pg-boss fetches with SKIP LOCKED:
// several Charter processes on one database run each job once; handlers still
// make their effects exactly-once with conditional updates (jobs are at least
// once: a run cut short by a crash is retried).
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import PgBoss from 'pg-boss';
import type { GlobalDeps } from '../core/feature.js';
import type { Clock, CoreDeps, JobQueue, Logger, SendJobOptions, Store } from '../core/ports.js';
import type { AnyJob, Registry } from '../core/registry.js';
import { sqlOf } from '../store/index.js';

/** A raw connection as Knex hands it out: a pg Client or the PGlite instance. */
interface RawConnection {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
  exec?(text: string): Promise<{ rows: unknown[] }[]>;
}

/** pg-boss's SQL, on a connection Knex lends (the transaction's own, inside one). */
export function executorFor(db: Knex): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const client = db.client as { acquireConnection(): Promise<RawConnection>; releaseConnection(c: RawConnection): Promise<void> };
      const conn = await client.acquireConnection();
      try {
        // PGlite runs several statements only through exec (pg-boss's schema plans).
        if (values.length === 0 && typeof conn.exec === 'function') {
          const results = await conn.exec(text);
          return { rows: results.at(-1)?.rows ?? [] };
        }
        return await conn.query(text, values);
      } finally {
        await client.releaseConnection(conn);
      }
    },
  };
}

/** A UUID that is the same for the same job name and key. */
export function jobId(name: string, key: string): string {
  const h = createHash('sha256').update(`${name}\u0000${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 17), 16) & 3) | 8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface JobRunnerOptions {
  db: Knex;
  /** pg-boss's schema; tests give each test database its own. */
  schema: string;
  registry: Registry;
  /** The core for a workspace's platform; null when that platform is not configured. */
  coreFor(workspaceId: string): Promise<CoreDeps | null>;
  /** What global jobs get; the runner adds itself as their job queue. */
  global: Omit<GlobalDeps<unknown>, 'jobs'>;
  clock: Clock;
  log: Logger;
  /** How often idle workers look for due jobs. */
  pollingIntervalSeconds?: number;
  /** false: only send (a command-line tool); the server's workers run the jobs. */
  workers?: boolean;
}

export class JobRunner implements JobQueue {
  private readonly boss: PgBoss;
  private readonly workers = new Map<string, string>();
  private started = false;
  private running = 0;

  constructor(private readonly options: JobRunnerOptions) {
    this.boss = new PgBoss({
      db: executorFor(options.db),
      schema: options.schema,
      migrate: true,
      supervise: options.workers !== false,
      schedule: options.workers !== false && options.registry.schedules.length > 0,
      // Completed jobs hold only ids (never message text): keep them a week for inspection.
      archiveCompletedAfterSeconds: 12 * 3600,
      deleteAfterDays: 7,
    });
    this.boss.on('error', (err) => options.log.warn({ err }, 'job queue maintenance failed; it will try again'));
  }

  async start(): Promise<void> {
    const { registry, log } = this.options;
    await this.boss.start();
    // Each queue is created once and updated only when its retry policy changed: one
    // read at start instead of two statements per queue.
    const existing = new Map((await this.boss.getQueues()).map((q) => [q.name, q]));
    for (const { name, def } of registry.jobs) {
      const retry = def.retry ?? { limit: 2, delaySeconds: 30, backoff: true };
      const queue = { name, policy: 'standard' as const, retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: retry.backoff };
      const now = existing.get(name);
      if (now === undefined) await this.boss.createQueue(name, queue);
      else if (now.policy !== queue.policy || now.retryLimit !== queue.retryLimit || now.retryDelay !== queue.retryDelay || now.retryBackoff !== queue.retryBackoff) {
        await this.boss.updateQueue(name, queue);
      }
    }
    this.started = true;
    if (this.options.workers === false) return;
    for (const s of registry.schedules) await this.boss.schedule(s.job, s.cron, {}, { tz: 'UTC' });
    for (const { name, def } of registry.jobs) {
      const id = await this.boss.work<Record<string, unknown>>(name, { batchSize: 1, pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2 }, async (jobs) => {
        for (const j of jobs) await this.run(name, def, j.data, j.id);
        // Look for the next due job at once instead of after the polling interval.
        this.boss.notifyWorker(this.workers.get(name) ?? '');
      });
      this.workers.set(name, id);
    }
    log.info({ jobs: registry.jobs.length, schedules: registry.schedules.length }, 'job runner started');
  }

  private async run(name: string, def: AnyJob, data: unknown, id: string): Promise<void> {
    const { log } = this.options;
    const payload = def.payload.safeParse(data);
    if (!payload.success) {
      // Retrying a malformed payload cannot help: complete it, loudly.
      log.error({ job: name, id, problems: payload.error.issues.length }, 'a job carried a payload of the wrong shape; dropped');
      return;
    }
    this.running += 1;
    try {
      if (def.scope === 'global') {
        await def.handle({ ...this.options.global, jobs: this }, payload.data);
        return;
      }
      const workspaceId = (payload.data as { workspaceId: string }).workspaceId;
      const core = await this.options.coreFor(workspaceId);
      if (core === null) {
        // Its platform is not configured in this process (now): failing lets pg-boss try again
        // later, here or in a process that has it, instead of dropping the work.
        throw new Error(`no platform configured for the workspace ${workspaceId}`);
      }
      await def.handle(core, payload.data);
    } catch (err) {
      log.warn({ err, job: name, id }, 'a job failed; pg-boss retries it as its queue says');
      throw err;
    } finally {
      this.running -= 1;
    }
  }

  async send(name: string, payload: Record<string, unknown>, options: SendJobOptions = {}): Promise<void> {
    const def = this.options.registry.job(name);
    if (def === undefined) throw new Error(`no job named "${name}"`);
    const db = options.in === undefined ? this.options.db : sqlOf(options.in);
    const delayMs = options.at === undefined ? 0 : options.at.getTime() - this.options.clock.now().getTime();
    await this.boss.send(name, payload, {
      ...(options.key !== undefined ? { id: jobId(name, options.key) } : {}),
      ...(delayMs > 0 ? { startAfter: Math.ceil(delayMs / 1000) } : {}),
      db: executorFor(db),
    });
    if (delayMs <= 0) this.wakeAfter(db, name);
  }

  async cancel(name: string, key: string, options: { in?: Store } = {}): Promise<void> {
    const db = options.in === undefined ? this.options.db : sqlOf(options.in);
    await this.boss.cancel(name, jobId(name, key), { db: executorFor(db) });
  }

  /** A job due now is picked up at once: after the transaction that sent it commits. */
  private wakeAfter(db: Knex, name: string): void {
    const wake = () => this.wake([name]);
    const trx = db as unknown as Partial<Knex.Transaction>;
    if (trx.isTransaction === true && trx.executionPromise !== undefined) trx.executionPromise.then(wake, () => undefined);
    else wake();
  }

  /** Wakes every worker (tests, after moving the clock). */
  wakeAll(): void {
    this.wake([...this.workers.keys()]);
  }

  /** Wakes the workers of these queues only (tests: the queues pendingDue names). */
  wake(names: readonly string[]): void {
    for (const name of names) {
      const id = this.workers.get(name);
      if (id !== undefined) this.boss.notifyWorker(id);
    }
  }

  /**
   * Jobs due now, waiting (created or retrying, due) or running (active here or
   * anywhere), and the queues with waiting jobs: only those are worth waking, since
   * waking every worker while a job merely runs makes all of them fetch again at once.
   */
  async pendingDue(): Promise<{ total: number; queues: string[] }> {
    const names = new Set(this.options.registry.jobs.map((j) => j.name));
    // One plain scan of the unfinished jobs: with a partition per queue, counting per
    // name in SQL costs more than the rows it reads.
    const { rows } = await executorFor(this.options.db).executeSql(
      `select name, state, start_after <= now() as due from ${this.options.schema}.job where state < 'completed'`,
      [],
    );
    let total = this.running;
    const queues = new Set<string>();
    for (const row of rows as { name: string; state: string; due: boolean }[]) {
      if (!names.has(row.name) || (row.state !== 'active' && !row.due)) continue;
      total += 1;
      if (row.state !== 'active') queues.add(row.name);
    }
    return { total, queues: [...queues] };
  }

  /** The jobs due now, waiting or running, by name and state (for diagnostics). */
  async describeDue(): Promise<string[]> {
    const names = this.options.registry.jobs.map((j) => j.name);
    const { rows } = await executorFor(this.options.db).executeSql(
      `select name, state, retry_count from ${this.options.schema}.job
        where name = any($1::text[]) and (state = 'active' or (state in ('created', 'retry') and start_after <= now()))`,
      [names],
    );
    return (rows as { name: string; state: string; retry_count: number }[]).map((r) => `${r.name}:${r.state}:${r.retry_count}`);
  }

  /**
   * Moves every waiting job earlier by ms, as if that much time had passed
   * (tests, with a clock moved by the same amount).
   */
  async advance(ms: number): Promise<void> {
    const { rows } = await executorFor(this.options.db).executeSql(
      `update ${this.options.schema}.job set start_after = start_after - ($1::bigint * interval '1 millisecond')
        where state in ('created', 'retry')
        returning name, start_after <= now() as due`,
      [Math.round(ms)],
    );
    this.wake([...new Set((rows as { name: string; due: boolean }[]).filter((r) => r.due).map((r) => r.name))]);
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, close: false, wait: true, timeout: 10_000 });
  }
}
