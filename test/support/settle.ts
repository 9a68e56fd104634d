// Waiting until Charter is idle: no deferred task and no job due (waiting or running).
// The core harness and the end-to-end Charter share it.
import type { JobRunner } from '../../src/jobs/queue.js';
import type { TaskTracker } from '../../src/jobs/tasks.js';

/** Waits until nothing runs and no job is due, twice in a row; fails after limitMs instead of hanging. */
export async function settle(parts: { jobs: JobRunner; tasks: TaskTracker }, limitMs = 20_000): Promise<void> {
  const until = Date.now() + limitMs;
  let quiet = 0;
  while (quiet < 2) {
    await parts.tasks.idle();
    // While the database is away (outage tests) no job can run: only tasks count.
    const due = await parts.jobs.pendingDue().catch(() => ({ total: 0, queues: [] as string[] }));
    if (due.total === 0 && parts.tasks.size === 0) quiet += 1;
    else {
      quiet = 0;
      // Only queues with waiting jobs are woken: a running job needs no worker (they would all fetch again at once).
      parts.jobs.wake(due.queues);
    }
    if (Date.now() > until) {
      const jobs = await parts.jobs.describeDue().catch(() => []);
      throw new Error(`Charter did not settle within ${limitMs} ms (${due.total} due: ${jobs.join(', ')}; ${parts.tasks.size} tasks)`);
    }
    await new Promise((r) => setTimeout(r, 2));
  }
}
