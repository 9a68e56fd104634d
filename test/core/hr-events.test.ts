// HR events in the core: a roster row is a replay only while it is still what the
// record last took — a person who left, came back by webhook and left again with
// the same row is a leaver again (and offboarded), while the same file imported
// twice changes nothing.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import { startOffboarding } from '../../src/features/hr/offboard.js';
import { importRoster } from '../../src/features/hr/roster.js';
import type { JobQueue } from '../../src/core/ports.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from '../support/clock.js';
import { startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform } from '../support/platform.js';

const HEADER = 'employeeId,email,realName,department,title,managerEmail,locale,status';
const ACTIVE = 'E1,ada@example.com,Ada,Research,Analyst,,en,active';
const LEFT = 'E1,ada@example.com,Ada,Research,Analyst,,en,left';

async function* linesOf(...rows: string[]): AsyncIterable<string> {
  for (const r of [HEADER, ...rows]) yield r;
}

describe.each(DATABASES)('HR events and roster rows ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  const clock = new TestClock();
  const logs = memoryLogger();
  const deps = () => core.deps as unknown as HrDeps;
  const roster = async (...rows: string[]) => importRoster(deps(), linesOf(...rows), { importedAt: clock.now() });
  const status = async () => ((await db.knex('hr_people').where({ employee_id: 'E1' }).first('status')) as { status: string }).status;
  const leaveJobs = async () => Number(((await db.knex('hr_events').where({ type: 'leave', employee_id: 'E1' }).whereIn('outcome', ['created', 'updated']).count({ n: '*' }).first()) as { n: number | string }).n);

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-12-01T02:00:00Z');
    await resetDatabase(db);
    core = await startCore(db, new RecordingPlatform(), clock, logs);
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error|ada@example\.com/);
  });

  it('imports the same file twice as one change, and a leave, rehire and second leave as three', async () => {
    expect(await roster(ACTIVE)).toMatchObject({ created: 1, unchanged: 0 });
    expect(await roster(ACTIVE)).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    clock.advance(86_400_000);
    expect(await roster(LEFT)).toMatchObject({ updated: 1 });
    expect(await status()).toBe('left');
    expect(await roster(LEFT)).toMatchObject({ updated: 0, unchanged: 1 });
    // Back by webhook, then the same `left` row again: a second leave, not a replay.
    clock.advance(86_400_000);
    const rehire = await applyHrEvent(deps(), { id: 'evt-rehire', type: 'hire', occurredAt: clock.now().toISOString(), person: { employeeId: 'E1', email: 'ada@example.com', realName: 'Ada', department: 'Research', title: 'Analyst' } }, 'webhook');
    expect(rehire).toMatchObject({ outcome: 'updated' });
    expect(await status()).toBe('active');
    clock.advance(86_400_000);
    expect(await roster(LEFT)).toMatchObject({ updated: 1 });
    expect(await status()).toBe('left');
    expect(await leaveJobs()).toBe(2);
    // And that file again is a replay.
    expect(await roster(LEFT)).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await leaveJobs()).toBe(2);
  });

  it('offboards nobody when HR took the leave back before the offboarding started', async () => {
    // The jobs are held (a queue that only records) so the order is certain: leave, then a newer change, then hr.leave runs.
    const held: string[] = [];
    const holding: JobQueue = { send: async (name) => void held.push(name), cancel: async () => undefined };
    const heldDeps = { ...deps(), jobs: holding };
    const person = { employeeId: 'E1', email: 'ada@example.com', realName: 'Ada', department: 'Research', title: 'Analyst' };
    await applyHrEvent(heldDeps, { id: 'evt-hire', type: 'hire', occurredAt: '2026-11-01T00:00:00Z', person }, 'webhook');
    await core.deps.store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1' });
    const account = await core.deps.store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: 'UADA', address: 'UADA', displayName: 'ada' });
    await db.knex('people').where({ id: account.id }).update({ email: 'ada@example.com' });
    await applyHrEvent(heldDeps, { id: 'evt-leave', type: 'leave', occurredAt: '2026-11-20T00:00:00Z', person: { employeeId: 'E1', email: 'ada@example.com' } }, 'webhook');
    await applyHrEvent(heldDeps, { id: 'evt-undo', type: 'change', occurredAt: '2026-11-20T01:00:00Z', person }, 'webhook');
    expect(held).toContain('hr.leave');
    await startOffboarding(core.deps as unknown as Parameters<typeof startOffboarding>[0], 'evt-leave');
    expect(await db.knex('hr_offboardings').where({ event_id: 'evt-leave' })).toEqual([]);
    const audit = (await db.knex('audit_log').where({ action: 'hr.offboard.start' }).first('details')) as { details: Record<string, unknown> };
    expect(audit.details).toMatchObject({ eventId: 'evt-leave', accounts: 0, withdrawn: true });
    // Without the correction the same leave would have offboarded the account (the control).
    await applyHrEvent(heldDeps, { id: 'evt-leave-2', type: 'leave', occurredAt: '2026-11-21T00:00:00Z', person: { employeeId: 'E1', email: 'ada@example.com' } }, 'webhook');
    await startOffboarding(core.deps as unknown as Parameters<typeof startOffboarding>[0], 'evt-leave-2');
    expect(await db.knex('hr_offboardings').where({ event_id: 'evt-leave-2' }).pluck('person_id')).toEqual([account.id]);
    // The offboarding it started runs to its end before the database goes.
    await core.settle();
  });
});
