// HR events in the core: a roster row is a replay only while it is still what the
// record last took — a person who left, came back by webhook and left again with
// the same row is a leaver again (and offboarded), while the same file imported
// twice changes nothing. Rows are dated at the roster's export time when given, so
// an older file does not undo a later leave.
import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/core/ports.js';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import { linesOf } from '../../src/features/hr/csv.js';
import { startOffboarding } from '../../src/features/hr/offboard.js';
import { importRoster } from '../../src/features/hr/roster.js';
import { coreSuite } from '../support/core.js';
import { DATABASES } from '../support/db.js';

const HEADER = 'employeeId,email,realName,department,title,managerEmail,locale,status';
const ACTIVE = 'E1,ada@example.com,Ada,Research,Analyst,,en,active';
const LEFT = 'E1,ada@example.com,Ada,Research,Analyst,,en,left';

describe.each(DATABASES)('HR events and roster rows ($name)', (target) => {
  const suite = coreSuite(target, { at: '2026-12-01T02:00:00Z', forbidden: ['ada@example.com'] });
  const deps = () => suite.core.deps as unknown as HrDeps;
  // Undated, as an import without --as-of (the rows carry the import's time).
  const roster = async (...rows: string[]) => importRoster(deps(), linesOf([HEADER, ...rows].join('\n')), {});
  const status = async () => ((await suite.db.knex('hr_people').where({ employee_id: 'E1' }).first('status')) as { status: string }).status;
  const leaveJobs = async () => Number(((await suite.db.knex('hr_events').where({ type: 'leave', employee_id: 'E1' }).whereIn('outcome', ['created', 'updated']).count({ n: '*' }).first()) as { n: number | string }).n);

  it('imports the same file twice as one change, and a leave, rehire and second leave as three', async () => {
    expect(await roster(ACTIVE)).toMatchObject({ created: 1, unchanged: 0 });
    expect(await roster(ACTIVE)).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    suite.clock.advance(86_400_000);
    expect(await roster(LEFT)).toMatchObject({ updated: 1 });
    expect(await status()).toBe('left');
    expect(await roster(LEFT)).toMatchObject({ updated: 0, unchanged: 1 });
    // Back by webhook, then the same `left` row again: a second leave, not a replay.
    suite.clock.advance(86_400_000);
    const rehire = await applyHrEvent(deps(), { id: 'evt-rehire', type: 'hire', occurredAt: suite.clock.now().toISOString(), person: { employeeId: 'E1', email: 'ada@example.com', realName: 'Ada', department: 'Research', title: 'Analyst' } }, 'webhook');
    expect(rehire).toMatchObject({ outcome: 'updated' });
    expect(await status()).toBe('active');
    suite.clock.advance(86_400_000);
    expect(await roster(LEFT)).toMatchObject({ updated: 1 });
    expect(await status()).toBe('left');
    expect(await leaveJobs()).toBe(2);
    // And that file again is a replay.
    expect(await roster(LEFT)).toMatchObject({ updated: 0, unchanged: 1 });
    expect(await leaveJobs()).toBe(2);
  });

  it('dates a roster at its export (asOf): an older file imported after a webhook leave does not bring the leaver back', async () => {
    const BO = 'E2,bo@example.com,Bo,Ops,Clerk,,,active';
    expect(await roster(ACTIVE, BO)).toMatchObject({ created: 2 });
    const exported = suite.clock.now(); // HR exports the roster: both active
    suite.clock.advance(3600_000);
    for (const [id, employeeId, email] of [['evt-leave-e1', 'E1', 'ada@example.com'], ['evt-leave-e2', 'E2', 'bo@example.com']] as const) {
      await applyHrEvent(deps(), { id, type: 'leave', occurredAt: suite.clock.now().toISOString(), person: { employeeId, email } }, 'webhook');
    }
    suite.clock.advance(3600_000);
    // E1's row from the file exported before the leave, dated at its export: older than the directory, counted so.
    const older = await importRoster(deps(), linesOf([HEADER, ACTIVE].join('\n')), { asOf: exported });
    expect(older).toEqual({ rows: 1, created: 0, updated: 0, unchanged: 0, stale: 1, rejected: [] });
    expect(await status()).toBe('left');
    expect(await suite.db.knex('hr_events').where({ employee_id: 'E1', source: 'roster', outcome: 'stale' }).pluck('occurred_at')).toEqual([exported]);
    // The same file with the same export time again: a replay, nothing recorded twice.
    expect(await importRoster(deps(), linesOf([HEADER, ACTIVE].join('\n')), { asOf: exported })).toMatchObject({ unchanged: 1, stale: 0 });
    expect(Number((await suite.db.knex('hr_events').where({ employee_id: 'E1', source: 'roster', outcome: 'stale' }).count({ n: '*' }).first())?.['n'])).toBe(1);
    // And imported again without its date (someone retrying the old file): still a replay, the leaver stays gone.
    expect(await roster(ACTIVE)).toMatchObject({ updated: 0, unchanged: 1, stale: 0 });
    expect(await status()).toBe('left');
    // Dated at the import (the default), the same kind of row brings E2 back: the time given is what tells them apart.
    expect(await roster(BO)).toMatchObject({ updated: 1, stale: 0 });
    expect(await suite.db.knex('hr_people').where({ employee_id: 'E2' }).first('status')).toEqual({ status: 'active' });
    // E1's very row, once stale, imported again dated after the leave (HR re-exported it: they are back) is applied, not a replay.
    suite.clock.advance(60_000);
    expect(await importRoster(deps(), linesOf([HEADER, ACTIVE].join('\n')), { asOf: suite.clock.now() })).toEqual({ rows: 1, created: 0, updated: 1, unchanged: 0, stale: 0, rejected: [] });
    expect(await status()).toBe('active');
  });

  it('records an undated row older than a record dated ahead of the clock once, however often the file comes again', async () => {
    // A leave dated six hours ahead (the webhook takes up to a day, for effective dates and clocks).
    await applyHrEvent(deps(), { id: 'evt-leave-ahead', type: 'leave', occurredAt: new Date(suite.clock.now().getTime() + 6 * 3600_000).toISOString(), person: { employeeId: 'E1', email: 'ada@example.com' } }, 'webhook');
    expect(await roster(ACTIVE)).toMatchObject({ stale: 1 });
    for (let i = 0; i < 2; i += 1) {
      suite.clock.advance(60_000);
      expect(await roster(ACTIVE)).toMatchObject({ stale: 0, unchanged: 1 });
    }
    expect(Number((await suite.db.knex('hr_events').where({ employee_id: 'E1', source: 'roster' }).count({ n: '*' }).first())?.['n'])).toBe(1);
    expect(Number((await suite.db.knex('audit_log').where({ action: 'hr.change', outcome: 'refused' }).count({ n: '*' }).first())?.['n'])).toBe(1);
    expect(await status()).toBe('left');
  });

  it('rejects every row of a roster dated more than a day ahead of the clock, by line, and applies none', async () => {
    const ahead = new Date(suite.clock.now().getTime() + 24 * 3600_000 + 60_000);
    const summary = await importRoster(deps(), linesOf([HEADER, ACTIVE, 'E2,bo@example.com,Bo,Ops,Clerk,,,active'].join('\n')), { asOf: ahead });
    const reason = "the rows' time: must not be more than 24 hours ahead of Charter's clock";
    const problem = { key: 'hr.import.problem.field', params: { field: { key: 'hr.import.problem.rowsTime' }, what: { key: 'hr.import.problem.kind.future' } } };
    expect(summary).toEqual({ rows: 2, created: 0, updated: 0, unchanged: 0, stale: 0, rejected: [{ line: 2, reason, problem }, { line: 3, reason, problem }] });
    expect(Number((await suite.db.knex('hr_events').count({ n: '*' }).first())?.['n'])).toBe(0);
  });

  it('offboards nobody when HR took the leave back before the offboarding started', async () => {
    // The jobs are held (a queue that only records) so the order is certain: leave, then a newer change, then hr.leave runs.
    const held: string[] = [];
    const holding: JobQueue = { send: async (name) => void held.push(name), cancel: async () => undefined };
    const heldDeps = { ...deps(), jobs: holding };
    const person = { employeeId: 'E1', email: 'ada@example.com', realName: 'Ada', department: 'Research', title: 'Analyst' };
    await applyHrEvent(heldDeps, { id: 'evt-hire', type: 'hire', occurredAt: '2026-11-01T00:00:00Z', person }, 'webhook');
    await suite.core.deps.store.workspaces.upsert({ id: 'slack:T1', platform: 'slack', externalId: 'T1' });
    const account = await suite.core.deps.store.people.upsertIdentity({ workspaceId: 'slack:T1', platform: 'slack', platformUserId: 'UADA', address: 'UADA', displayName: 'ada' });
    await suite.db.knex('people').where({ id: account.id }).update({ email: 'ada@example.com' });
    await applyHrEvent(heldDeps, { id: 'evt-leave', type: 'leave', occurredAt: '2026-11-20T00:00:00Z', person: { employeeId: 'E1', email: 'ada@example.com' } }, 'webhook');
    await applyHrEvent(heldDeps, { id: 'evt-undo', type: 'change', occurredAt: '2026-11-20T01:00:00Z', person }, 'webhook');
    expect(held).toContain('hr.leave');
    await startOffboarding(suite.core.deps as unknown as Parameters<typeof startOffboarding>[0], 'evt-leave');
    expect(await suite.db.knex('hr_offboardings').where({ event_id: 'evt-leave' })).toEqual([]);
    const audit = (await suite.db.knex('audit_log').where({ action: 'hr.offboard.start' }).first('details')) as { details: Record<string, unknown> };
    expect(audit.details).toMatchObject({ eventId: 'evt-leave', accounts: 0, withdrawn: true });
    // Without the correction the same leave would have offboarded the account (the control).
    await applyHrEvent(heldDeps, { id: 'evt-leave-2', type: 'leave', occurredAt: '2026-11-21T00:00:00Z', person: { employeeId: 'E1', email: 'ada@example.com' } }, 'webhook');
    await startOffboarding(suite.core.deps as unknown as Parameters<typeof startOffboarding>[0], 'evt-leave-2');
    expect(await suite.db.knex('hr_offboardings').where({ event_id: 'evt-leave-2' }).pluck('person_id')).toEqual([account.id]);
    // The offboarding it started runs to its end before the database goes.
    await suite.core.settle();
  });
});
