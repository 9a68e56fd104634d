// Runs work after the user has been answered (the core's Defer port) and keeps
// track of it, so shutdown can wait for it and tests can wait until all is done.
// A failed task is logged, never thrown at the caller; durable retries are the
// sweeper's job.
import type { Defer, Logger } from '../core/ports.js';

export class TaskTracker {
  private readonly running = new Set<Promise<void>>();

  constructor(private readonly log: Logger) {}

  readonly defer: Defer = (label, task) => {
    this.track(label, task());
  };

  /** Tracks a promise that is already running. */
  track(label: string, work: Promise<unknown>): void {
    const p: Promise<void> = work.then(
      () => undefined,
      (err: unknown) => this.log.error({ err, task: label }, 'background task failed'),
    );
    this.running.add(p);
    void p.finally(() => this.running.delete(p));
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when no task is running, including tasks started by tasks. */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.all([...this.running]);
  }
}
