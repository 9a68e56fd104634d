// The shared sender (issue 10's fan-out): within the platform's limits as token
// buckets every instance shares, a 429 honoured for its Retry-After by everyone, and
// nobody sent the same message twice across runs, restarts and two instances.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fanOut, RateLimited, type FanOut } from '../../src/core/fanout.js';
import type { Person, Workspace } from '../../src/core/model.js';
import type { Outbound, Posted } from '../../src/core/ports.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from '../support/clock.js';
import { startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform } from '../support/platform.js';

/** A platform that refuses one send with a 429 when told to. */
class LimitedPlatform extends RecordingPlatform {
  refuseAt: number | null = null;
  retryAfterMs = 5_000;
  attempts = 0;
  override async sendPrivate(w: Workspace, person: Person, message: Outbound): Promise<Posted> {
    this.attempts += 1;
    if (this.refuseAt === this.attempts) throw new RateLimited(this.retryAfterMs);
    return super.sendPrivate(w, person, message);
  }
}

describe.each(DATABASES)('the shared sender ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: LimitedPlatform;
  const clock = new TestClock();
  const logs = memoryLogger();
  let workspace: Workspace;
  let people: Person[];

  const job = (recipients: Person[] = people): FanOut => ({ workspace, subjectType: 'test', subjectId: 'batch-1', cardSubject: null, recipients, message: (_p, locale) => ({ locale, text: { key: 'help.notYet' } }) });
  const sentTo = () => platform.of('sendPrivate').map((c) => c.to);

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-24T03:00:00Z');
    await resetDatabase(db);
    platform = new LimitedPlatform();
    core = await startCore(db, platform, clock, logs);
    workspace = await core.store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1' });
    people = [];
    for (let i = 0; i < 45; i += 1) people.push(await core.store.people.upsertIdentity({ workspaceId: workspace.id, platform: 'slack', platformUserId: `U${i}`, address: `U${i}`, displayName: `u${i}` }));
  });
  afterEach(async () => {
    await core.stop();
  });

  it('sends a burst within the workspace bucket, then as it refills, each person once', async () => {
    const start = clock.now().getTime();
    const waits: number[] = [];
    const r = await fanOut(core.deps, job(), async (ms) => {
      waits.push(ms);
      clock.advance(ms);
    });
    expect(r).toMatchObject({ sent: 45, failed: 0, resumeAt: null });
    // 10 at once (the workspace bucket's burst), then 10 a second: 35 waits of 100 ms.
    expect(waits).toEqual(Array(35).fill(100));
    expect(clock.now().getTime() - start).toBe(3_500);
    expect(new Set(sentTo()).size).toBe(45);
    expect(sentTo()).toHaveLength(45);
    // Run again: nobody twice.
    expect(await fanOut(core.deps, job())).toMatchObject({ sent: 0, resumeAt: null });
  });

  it('honours a 429 for its Retry-After, for every instance, and resumes without a duplicate', async () => {
    const waits: number[] = [];
    const virtual = async (ms: number) => {
      waits.push(ms);
      clock.advance(ms);
    };
    platform.refuseAt = 5;
    const first = await fanOut(core.deps, job(people.slice(0, 10)), virtual);
    expect(first).toMatchObject({ sent: 4 });
    // Retry-After 5 s is longer than a job waits in place: it asks to run again then.
    expect(first.resumeAt!.getTime() - clock.now().getTime()).toBe(5_000);
    // Another instance (another harness on the same database) finds the bucket blocked too,
    // waits out the last second in place, and sends the rest — the refused person once.
    const other = await startCore(db, platform, clock, logs);
    try {
      clock.advance(4_000);
      expect(await fanOut(other.deps, job(people.slice(0, 10)), virtual)).toMatchObject({ sent: 6, resumeAt: null });
      expect(waits).toContain(1_000); // the rest of the Retry-After, waited in place
    } finally {
      await other.stop();
    }
    expect(sentTo()).toEqual(people.slice(0, 10).map((p) => p.address));
    // A restart sends nobody again.
    await core.restartJobs();
    expect(await fanOut(core.deps, job(people.slice(0, 10)), virtual)).toMatchObject({ sent: 0 });
    expect(sentTo()).toHaveLength(10);
  });
});
