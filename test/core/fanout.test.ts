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
    const first = await fanOut(core.deps, job());
    expect(first).toMatchObject({ sent: 20, failed: 0 });
    expect(first.resumeAt!.getTime() - clock.now().getTime()).toBe(50); // one token at 20 a second
    // Run again at once: nothing more, the same wait.
    expect(await fanOut(core.deps, job())).toMatchObject({ sent: 0 });
    clock.advance(1_000);
    expect(await fanOut(core.deps, job())).toMatchObject({ sent: 20 });
    clock.advance(1_000);
    expect(await fanOut(core.deps, job())).toMatchObject({ sent: 5, resumeAt: null });
    expect(new Set(sentTo()).size).toBe(45);
    expect(sentTo()).toHaveLength(45);
  });

  it('honours a 429 for its Retry-After, for every instance, and resumes without a duplicate', async () => {
    platform.refuseAt = 5;
    const first = await fanOut(core.deps, job(people.slice(0, 10)));
    expect(first).toMatchObject({ sent: 4 });
    expect(first.resumeAt!.getTime() - clock.now().getTime()).toBe(5_000);
    // Another instance (another harness on the same database) waits too.
    const other = await startCore(db, platform, clock, logs);
    try {
      clock.advance(4_000);
      expect(await fanOut(other.deps, job(people.slice(0, 10)))).toMatchObject({ sent: 0 });
      clock.advance(1_000);
      expect(await fanOut(other.deps, job(people.slice(0, 10)))).toMatchObject({ sent: 6, resumeAt: null });
    } finally {
      await other.stop();
    }
    // The refused person got it once, after the wait; a restart sends nobody again.
    expect(sentTo()).toEqual(people.slice(0, 10).map((p) => p.address));
    await core.restartJobs();
    expect(await fanOut(core.deps, job(people.slice(0, 10)))).toMatchObject({ sent: 0 });
    expect(sentTo()).toHaveLength(10);
  });
});
