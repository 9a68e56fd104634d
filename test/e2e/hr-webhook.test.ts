// The HR webhook end to end (LIFE-1/LIFE-2, directory side): signed events over
// real HTTP to the running server; refused requests (an occurredAt more than a day
// ahead of the server's clock among them) change nothing (every table
// the directory touches is compared); a hire, a change and a leave reach every
// platform account with the e-mail, in any case; a replay is a no-op; an older
// event does not overwrite a newer one; a Slack account that appears later gets
// the HR fields, and a daily profile refresh does not bring a leaver back.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hrOpenApiDocument } from '../../src/features/hr/openapi.js';
import type { Database } from '../../src/store/db.js';
import { startTestCharter, type TestCharter } from '../support/charter.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES, openMigratedPglite } from '../support/db.js';
import { slackE2E } from '../support/e2e.js';
import { HR_SECRET, HrClient, hrEvent, hrTables, undocumentedAnswer } from '../support/hr.js';
import type { SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada L', email: 'Ada.Lovelace@Example.com' };
const CHANNEL = 'C0HR';
const TEAMS = 'teams:tenant-hr';

describe.each(DATABASES)('the HR webhook ($name)', (target) => {
  let teamsPersonId: string;
  const clock = new RunningClock(new Date('2026-12-21T02:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA],
    channels: { [CHANNEL]: { name: 'hr', members: [ADA] } },
    channel: CHANNEL,
    env: { CHARTER_HR_SECRET: HR_SECRET },
    clock,
  });
  const { run } = e2e;
  const tables = () => hrTables(e2e.db);
  const person = { employeeId: 'E1001', email: 'ada.lovelace@example.com', realName: '林 Ada\u202E', department: 'Research', title: 'Analyst', managerEmail: 'Boss@Example.com', locale: 'zh_CN' };
  const slackPerson = async () => (await e2e.db.knex('people').where({ workspace_id: 'slack:T0001', platform_user_id: ADA.id }).first()) as Record<string, unknown> | undefined;
  const teamsPerson = async () => (await e2e.db.knex('people').where({ id: teamsPersonId }).first()) as Record<string, unknown>;

  beforeAll(async () => {
    // A Teams account with the same e-mail in another case, known before HR speaks.
    const { store } = e2e.charter;
    await store.workspaces.upsert({ id: TEAMS, platform: 'teams', externalId: 'tenant-hr' });
    const p = await store.people.upsertIdentity({ workspaceId: TEAMS, platform: 'teams', platformUserId: 'aad-ada', address: '29:ada', displayName: 'Ada' });
    const profile = { platformUserId: 'aad-ada', displayName: 'Ada', realName: 'Ada (Teams)', title: null, department: null, email: 'ADA.LOVELACE@example.com', locale: 'en' as const, isExternal: false, employment: 'unknown' as const };
    await store.people.updateProfile(p.id, profile, clock.now());
    teamsPersonId = p.id;
  });

  const at = (minutes: number) => new Date(clock.now().getTime() + minutes * 60_000).toISOString();

  it('serves its OpenAPI document, the same as docs/hr-openapi.json', async () => {
    const r = await fetch(`${e2e.charter.url}/hr/openapi.json`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^application\/json/);
    const served = await r.json();
    expect(served).toEqual(hrOpenApiDocument());
    expect(served).toEqual(JSON.parse(readFileSync('docs/hr-openapi.json', 'utf8')));
  });

  it('refuses unsigned, badly signed, stale, malformed, unknown and oversized requests, changing nothing', async () => {
    const before = await tables();
    const good = hrEvent('evt-refused', 'hire', at(0), person);
    const refusals: [Awaited<ReturnType<HrClient['send']>>, number, unknown][] = [
      [await e2e.hr.send(good, { signature: null }), 401, { error: 'missing_signature' }],
      [await e2e.hr.send(good, { secret: 'not-the-secret-at-all' }), 401, { error: 'invalid_signature' }],
      [await e2e.hr.send(good, { signature: `v0=${'0'.repeat(64)}` }), 401, { error: 'invalid_signature' }],
      [await e2e.hr.send(good, { signedBody: JSON.stringify({ ...good, id: 'evt-other' }) }), 401, { error: 'invalid_signature' }],
      [await e2e.hr.send(good, { skewSeconds: -301 }), 401, { error: 'stale_timestamp' }],
      [await e2e.hr.send(good, { skewSeconds: 301 }), 401, { error: 'stale_timestamp' }],
      [await e2e.hr.send(good, { contentType: 'text/plain' }), 415, { error: 'unsupported_media_type' }],
      [await e2e.hr.send(good, { contentType: 'application/json; charset=latin1' }), 415, { error: 'unsupported_media_type' }],
      [await e2e.hr.send('{"id": "evt-x",'), 400, { error: 'malformed_json', errors: [{ path: '', message: expect.any(String) }] }],
      [await e2e.hr.send(Buffer.from([0x7b, 0xff, 0x7d])), 400, { error: 'malformed_json', errors: [expect.objectContaining({ path: '' })] }],
      [await e2e.hr.send({ ...good, person: { ...person, email: 'not-an-email', department: '' } }), 400, {
        error: 'invalid_body',
        errors: expect.arrayContaining([
          { path: 'person.email', message: expect.stringMatching(/email/i) },
          { path: 'person.department', message: expect.any(String) },
        ]),
      }],
      [await e2e.hr.send({ ...good, type: 'promote' }), 400, { error: 'invalid_body', errors: [{ path: 'type', message: expect.stringContaining('hire') }] }],
      [await e2e.hr.send({ id: 'evt-y', type: 'hire', occurredAt: 'yesterday', person: { employeeId: 'E1' } }), 400, {
        error: 'invalid_body',
        errors: expect.arrayContaining([{ path: 'occurredAt', message: expect.any(String) }, { path: 'person.email', message: expect.any(String) }]),
      }],
      // Far in the future, or just over the day Charter allows ahead of its clock: it would make every later event look stale.
      [await e2e.hr.send({ ...good, occurredAt: '2999-01-01T00:00:00Z' }), 400, { error: 'invalid_body', errors: [{ path: 'occurredAt', message: "must not be more than 24 hours ahead of Charter's clock" }] }],
      [await e2e.hr.send({ ...good, type: 'leave', occurredAt: at(24 * 60 + 1) }), 400, { error: 'invalid_body', errors: [{ path: 'occurredAt', message: expect.stringContaining('24 hours ahead') }] }],
      [await e2e.hr.send([good]), 400, { error: 'invalid_body', errors: [expect.objectContaining({ path: '' })] }],
      [await e2e.hr.send({ ...good, person: { ...person, realName: 'x'.repeat(70_000) } }), 413, { error: 'too_large' }],
      // A body Charter cannot decode is no event at all.
      [await e2e.hr.send(good, { headers: { 'content-encoding': 'compress' } }), 400, { error: 'bad_request' }],
    ];
    for (const [answer, status, json] of refusals) expect(answer).toEqual({ status, json });
    expect(await tables()).toEqual(before);
  });

  it('applies a hire to the record and every account with the e-mail; the same id again is a no-op', async () => {
    const hire = hrEvent('evt-hire-1', 'hire', at(0), person);
    expect(await e2e.hr.send(hire)).toEqual({ status: 202, json: { id: 'evt-hire-1' } });
    await e2e.charter.settle(); // the onboarding the hire starts (LIFE-1) is done before the tables are compared
    const teams = await teamsPerson();
    expect(teams).toMatchObject({ real_name: '林 Ada', department: 'Research', title: 'Analyst', locale: 'zh-CN', employment: 'active' });
    const [record] = (await tables()).directory as Record<string, unknown>[];
    expect(record).toMatchObject({ employee_id: 'E1001', email: 'ada.lovelace@example.com', manager_email: 'boss@example.com', locale: 'zh_CN', status: 'active', last_event_id: 'evt-hire-1' });
    const audit = await e2e.charter.store.audit.list('hr:directory');
    // (The onboarding that a hire starts, LIFE-1, audits its own steps: test/e2e/hr-onboarding.test.ts.)
    const applied = (entries: typeof audit) => entries.filter((a) => a.action === 'hr.hire');
    expect(applied(audit).map((a) => [a.action, a.targetId, a.outcome, a.details?.['result']])).toEqual([['hr.hire', 'E1001', 'ok', 'created']]);
    expect(applied(await e2e.charter.store.audit.list(TEAMS)).map((a) => [a.action, a.targetId])).toEqual([['hr.hire', teamsPersonId]]);

    const before = await tables();
    expect(await e2e.hr.send(hire)).toEqual({ status: 200, json: { id: 'evt-hire-1', duplicate: true } });
    // Another body under the same id changes nothing either: the id decides.
    expect(await e2e.hr.send({ ...hire, person: { ...person, title: 'Director' } })).toEqual({ status: 200, json: { id: 'evt-hire-1', duplicate: true } });
    expect(await tables()).toEqual(before);
  });

  it('gives a Slack account that appears later the HR fields', async () => {
    expect(await slackPerson()).toBeUndefined();
    await run(ADA, 'help');
    expect(await slackPerson()).toMatchObject({ email: ADA.email, real_name: '林 Ada', department: 'Research', title: 'Analyst', employment: 'active' });
  });

  it('applies a change, and keeps a newer change over an older one delivered late', async () => {
    expect(await e2e.hr.send(hrEvent('evt-change-2', 'change', at(10), { ...person, title: 'Senior Analyst', department: 'Research & Dev' }))).toEqual({ status: 202, json: { id: 'evt-change-2' } });
    for (const p of [await teamsPerson(), await slackPerson()]) expect(p).toMatchObject({ title: 'Senior Analyst', department: 'Research & Dev' });

    const before = await tables();
    expect(await e2e.hr.send(hrEvent('evt-change-1', 'change', at(5), { ...person, title: 'Junior Analyst' }))).toEqual({ status: 202, json: { id: 'evt-change-1' } });
    const after = await tables();
    expect(after.directory).toEqual(before.directory);
    expect(after.people).toEqual(before.people);
    expect(after.events).toContainEqual(expect.objectContaining({ id: 'evt-change-1', outcome: 'stale' }));
    const last = (await e2e.charter.store.audit.list('hr:directory')).at(-1);
    expect(last).toMatchObject({ action: 'hr.change', outcome: 'refused', details: expect.objectContaining({ eventId: 'evt-change-1', result: 'stale' }) });
  });

  it('sets a leaver inactive everywhere, enqueues hr.leave once, and a profile refresh does not bring them back', async () => {
    expect(await e2e.hr.send(hrEvent('evt-leave-3', 'leave', at(20), { employeeId: 'E1001', email: 'ada.lovelace@example.com' }))).toEqual({ status: 202, json: { id: 'evt-leave-3' } });
    for (const p of [await teamsPerson(), await slackPerson()]) expect(p).toMatchObject({ employment: 'inactive', department: 'Research & Dev' });
    await e2e.charter.settle();
    const t = await tables();
    expect(t.jobs).toHaveLength(1);
    expect(t.events).toContainEqual(expect.objectContaining({ id: 'evt-leave-3', handled_at: expect.any(Date) }));
    // The leave starts the offboarding of both accounts (test/e2e/hr-offboarding.test.ts follows it through).
    expect((await e2e.charter.store.audit.list('hr:directory')).filter((a) => a.action === 'hr.offboard.start')).toEqual([
      expect.objectContaining({ outcome: 'ok', details: { eventId: 'evt-leave-3', accounts: 2 } }),
    ]);
    // A rehire sent before the leave, delivered after it, does not undo it.
    expect(await e2e.hr.send(hrEvent('evt-hire-late', 'hire', at(15), person))).toEqual({ status: 202, json: { id: 'evt-hire-late' } });
    expect(await teamsPerson()).toMatchObject({ employment: 'inactive' });

    // A day later Slack reports Ada as an active account again; HR's word stands.
    clock.advance(25 * 3600_000);
    await run(ADA, 'help');
    expect(await slackPerson()).toMatchObject({ employment: 'inactive', profile_refreshed_at: expect.any(Date) });
    expect(((await slackPerson())?.['profile_refreshed_at'] as Date).getTime()).toBeGreaterThan(Date.now());
    expect((await tables()).jobs).toHaveLength(1);
  });

  it('answered only as its OpenAPI document says', () => {
    expect(new Set(e2e.hr.answers.map((a) => a.status))).toEqual(new Set([200, 202, 400, 401, 413, 415]));
    expect(e2e.hr.answers.map((a) => undocumentedAnswer(a, a.headers)).filter((p) => p !== null)).toEqual([]);
  });

  it('logs ids and counts, never an e-mail or a name', () => {
    // Bolt's own debug lines included: the adapter leaves Slack's answers out of them and masks e-mails.
    const own = e2e.charter.logs.lines.join('\n');
    expect(own).toContain('evt-hire-1');
    expect(own).not.toMatch(/lovelace|林|Research|Analyst|boss@|hr-e2e-secret/i);
  });
});

describe('the HR webhook without CHARTER_HR_SECRET', () => {
  let db: Database;
  let charter: TestCharter;
  beforeAll(async () => {
    db = await openMigratedPglite();
    charter = await startTestCharter(db, {});
  });
  afterAll(async () => {
    await charter.close();
    await db.close();
  });

  it('answers 404 even to a correctly signed event, and still serves the document', async () => {
    const hr = new HrClient(charter.url, { now: () => new Date() });
    const r = await hr.send(hrEvent('evt-1', 'leave', new Date().toISOString(), { employeeId: 'E1', email: 'a@example.com' }));
    expect(r).toEqual({ status: 404, json: { error: 'hr_not_configured' } });
    expect(undocumentedAnswer(r)).toBeNull();
    expect(Number(((await db.knex('hr_events').count({ n: '*' })) as { n: unknown }[])[0]?.n)).toBe(0);
    expect((await fetch(`${charter.url}/hr/openapi.json`)).status).toBe(200);
  });
});
