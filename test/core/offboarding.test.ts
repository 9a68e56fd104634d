// LIFE-2 offboarding in the core with the real store and job runner: a leave from HR
// revokes the leaver's roles first (alerting where a project group drops below two
// admins), removes them from every governed group they are in, tells the owners, and
// reports to the HR system, signed; a retried event, a repeated job or a removal that
// fails for now removes nobody twice; where the platform cannot remove, the owners
// get the exact list.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hrReportsTo } from '../../adapters/http/hrReports.js';
import { verifyV0 } from '../../adapters/http/signature.js';
import type { Group, Person, Workspace } from '../../src/core/model.js';
import { RateLimited } from '../../src/core/fanout.js';
import type { RemoveMemberResult } from '../../src/core/ports.js';
import type { OffboardedCard } from '../../src/features/hr/cards.js';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from '../support/clock.js';
import { coreDriver, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform, SLACK_LIKE } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const conv = (id: string): Conv => ({ id, kind: 'channel', name: id.toLowerCase(), teamId: null });
const HOME = conv('CHOME');
const GROUPS = Array.from({ length: 25 }, (_, i) => conv(`CG${String(i).padStart(2, '0')}`));
const SECRET = 'offboarding-test-secret-0123';

describe.each(DATABASES)('offboarding ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  let hrServer: Server;
  const received: { body: Record<string, unknown>; signed: boolean; answered: number }[] = [];
  let hrAnswer = 200;
  const clock = new TestClock();
  const logs = memoryLogger();
  const { run } = coreDriver(() => core, HOME);

  const leave = (id: string) =>
    applyHrEvent(core.deps as unknown as HrDeps, { id, type: 'leave', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-LEFT', email: 'Leaver@Example.com' } }, 'webhook');
  const cards = () => platform.of('sendPrivate').flatMap((c) => ('card' in c.message && c.message.card.kind === 'hr.offboarded' ? [{ to: c.to, card: c.message.card as unknown as OffboardedCard }] : []));
  const isIn = (channel: string) => platform.members.get(channel)?.has('ULEFT') === true;
  /** Up to a minute of the clock, five seconds at a time, with the jobs due in it, until every offboarding is finished and reported. */
  const drain = async () => {
    for (let i = 0; i < 12; i += 1) {
      const open = (await db.knex('hr_offboardings').whereNull('finished_at').count({ n: '*' }).first()) as { n: number | string };
      const unreported = (await db.knex('hr_events').where({ type: 'leave' }).whereNull('reported_at').count({ n: '*' }).first()) as { n: number | string };
      if (Number(open.n) === 0 && Number(unreported.n) === 0 && hrAnswer === 200) return;
      await core.advance(5_000);
      await core.settle();
    }
  };

  beforeAll(async () => {
    db = await target.open();
    hrServer = createServer((req: IncomingMessage, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const check = verifyV0({ secret: SECRET, rawBody: raw, timestamp: req.headers['x-charter-timestamp'] as string, signature: req.headers['x-charter-signature'] as string, nowMs: clock.now().getTime() });
        received.push({ body: JSON.parse(raw) as Record<string, unknown>, signed: check.ok, answered: hrAnswer });
        res.statusCode = hrAnswer;
        res.end();
      });
    });
    await new Promise<void>((r) => hrServer.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    await new Promise((r) => hrServer.close(r));
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-12-21T02:00:00Z');
    received.length = 0;
    hrAnswer = 200;
    await resetDatabase(db);
    platform = new RecordingPlatform();
    for (const u of ['UADA', 'UMO', 'ULEFT', 'UB']) platform.profiles.set(u, { realName: u === 'ULEFT' ? 'Lee Left' : u, email: `${u.toLowerCase()}@example.com` });
    platform.profiles.set('ULEFT', { realName: 'Lee Left', email: 'leaver@example.com' });
    platform.members.set(HOME.id, new Set(['UADA', 'UMO', 'ULEFT']));
    for (const g of GROUPS) platform.members.set(g.id, new Set(['UADA', 'ULEFT', 'UB']));
    platform.members.set('CELSEWHERE', new Set(['ULEFT'])); // not governed: left alone
    const url = `http://127.0.0.1:${(hrServer.address() as AddressInfo).port}/charter-reports`;
    core = await startCore(db, platform, clock, logs, { hrReports: hrReportsTo(url, SECRET, clock) });
    await run('UADA', 'group register project The home team', HOME);
    await run('UADA', 'role grant <@UMO> moderator second admin', HOME);
    await run('UADA', 'role grant <@ULEFT> moderator third admin', HOME);
    for (const g of GROUPS) await run('UADA', `group register community Topic ${g.id}`, g);
    // ULEFT owns one group, which keeps UADA as its other owner.
    await run('UADA', `role grant <@ULEFT> owner co-owner`, GROUPS[0]);
    await run('UMO', 'help'); // a profile for everyone involved
    await run('ULEFT', 'help');
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error|leaver@example\.com|Lee Left/);
  });

  it('revokes roles first, removes the leaver from all 25 groups once, tells the owners and reports to HR, signed', async () => {
    expect(await leave('evt-leave-1')).toMatchObject({ outcome: 'created', accounts: 1 });
    await core.settle();
    // Slack lets about 50 removals a minute through: the first 10 at once, the rest as the bucket refills (the job waits and resumes).
    expect(platform.of('removeMember').length).toBeLessThan(26);
    await drain();
    // Roles first: none is left, and the home project group (2 admins left) is not short; see the last test for a shortfall.
    const person = (await db.knex('people').where({ address: 'ULEFT' }).first('id')) as { id: string };
    expect(await core.store.roles.listForPerson(person.id)).toEqual([]);
    const removals = platform.of('removeMember');
    expect(removals.map((r) => r.channel).sort()).toEqual([HOME.id, ...GROUPS.map((g) => g.id)].sort());
    expect(GROUPS.some((g) => isIn(g.id)) || isIn(HOME.id)).toBe(false);
    expect(isIn('CELSEWHERE')).toBe(true);
    // The owner hears once, with every group.
    const told = cards().filter((c) => c.to === 'UADA');
    expect(told).toHaveLength(1);
    expect(told[0]!.card.removed).toHaveLength(26);
    expect(told[0]!.card.toFix).toEqual([]);
    // The report reached HR, signed, with every group.
    expect(received).toHaveLength(1);
    expect(received[0]!.signed).toBe(true);
    expect(received[0]!.body).toMatchObject({ id: 'evt-leave-1', type: 'offboarding.report', employeeId: 'E-LEFT', complete: true, manual: 0, accounts: [{ platform: 'slack', rolesRevoked: 2 }] });
    expect((received[0]!.body['accounts'] as { groups: unknown[] }[])[0]!.groups).toHaveLength(26);
    // Audited: roles revoked with the reason, each removal, the report.
    const actions = ((await db.knex('audit_log').select('action')) as { action: string }[]).map((r) => r.action);
    expect(actions.filter((a) => a === 'member.remove')).toHaveLength(26);
    expect(actions.filter((a) => a === 'role.revoke').length).toBeGreaterThanOrEqual(2);
    expect(actions).toContain('hr.offboard.report');

    // The same event again, or the job run again: nobody is removed twice, HR hears nothing new.
    expect(await leave('evt-leave-1')).toEqual({ outcome: 'duplicate' });
    await core.deps.jobs.send('hr.leave', { eventId: 'evt-leave-1' });
    await core.deps.jobs.send('hr.offboard', { workspaceId: 'slack:T1', eventId: 'evt-leave-1', personId: person.id });
    await core.settle();
    expect(platform.of('removeMember')).toHaveLength(26);
    expect(received).toHaveLength(1);
  });

  it('stops removing when HR takes the leave back while it runs: the rest is withdrawn, owners hear only of what was done, HR gets it in the report', async () => {
    const real = platform.removeMember.bind(platform);
    let made = 0;
    platform.removeMember = async (w: Workspace, g: Group, p: Person): Promise<RemoveMemberResult> => {
      made += 1;
      // The third removal is under way when HR sends a correction: still employed.
      if (made === 3) {
        clock.advance(1_000);
        await applyHrEvent(core.deps as unknown as HrDeps, { id: 'evt-undo', type: 'change', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-LEFT', email: 'leaver@example.com', realName: 'Lee Left', department: 'Ops', title: 'Clerk' } }, 'webhook');
      }
      return real(w, g, p);
    };
    await leave('evt-leave-undone');
    await core.settle();
    await drain();
    expect(platform.of('removeMember')).toHaveLength(3);
    const states = (await db.knex('hr_offboard_groups').where({ event_id: 'evt-leave-undone' }).pluck('state')) as string[];
    expect(states.filter((x) => x === 'removed')).toHaveLength(3);
    expect(states.filter((x) => x === 'withdrawn')).toHaveLength(23);
    const told = cards().filter((c) => c.to === 'UADA');
    expect(told).toHaveLength(1);
    expect(told[0]!.card.removed).toHaveLength(3);
    expect(told[0]!.card.toFix).toEqual([]);
    expect(received.at(-1)!.body).toMatchObject({ id: 'evt-leave-undone', complete: true, manual: 0 });
    const results = (received.at(-1)!.body['accounts'] as { groups: { result: string }[] }[])[0]!.groups.map((g) => g.result);
    expect(results.filter((r) => r === 'withdrawn')).toHaveLength(23);
    const refused = (await db.knex('audit_log').where({ action: 'member.remove', outcome: 'refused' }).pluck('reason')) as string[];
    expect(refused).toHaveLength(23);
    expect(new Set(refused)).toEqual(new Set(['HR took the leave back']));
  });

  it('pauses every removal of the workspace for a 429 Retry-After, then goes on, removing nobody twice', async () => {
    const real = platform.removeMember.bind(platform);
    let made = 0;
    platform.removeMember = async (w: Workspace, g: Group, p: Person): Promise<RemoveMemberResult> => {
      made += 1;
      if (made === 4) throw new RateLimited(30_000);
      return real(w, g, p);
    };
    await leave('evt-leave-429');
    await core.settle();
    // Three removals went through; the fourth met the 429: Slack's kick bucket is blocked for everyone for 30 s.
    expect(made).toBe(4);
    expect(platform.of('removeMember')).toHaveLength(3);
    const bucket = (await db.knex('rate_buckets').where({ key: 'slack:T1:kick' }).first('blocked_until')) as { blocked_until: Date | string };
    expect(new Date(bucket.blocked_until).getTime()).toBe(clock.now().getTime() + 30_000);
    await core.advance(20_000);
    await core.settle();
    expect(made).toBe(4); // still paused
    await drain();
    await drain();
    expect(made).toBe(27); // 26 groups, the one that met the 429 tried again
    const removed = platform.of('removeMember').map((r) => r.channel);
    expect(removed).toHaveLength(26);
    expect(new Set(removed).size).toBe(26);
    expect(GROUPS.some((g) => isIn(g.id)) || isIn(HOME.id)).toBe(false);
    expect(received.at(-1)!.body).toMatchObject({ id: 'evt-leave-429', complete: true, manual: 0 });
  });

  it('resumes after removals that fail for now, without removing anyone twice, and retries the report until HR answers', async () => {
    const real = platform.removeMember.bind(platform);
    let failures = 2; // fewer than the 3 tries after which a removal is given up (and reported for an owner to do)
    platform.removeMember = async (w: Workspace, g: Group, p: Person): Promise<RemoveMemberResult> => {
      if (g.channelId.endsWith('3') && failures-- > 0) throw new Error('connect ETIMEDOUT');
      return real(w, g, p);
    };
    hrAnswer = 503;
    await leave('evt-leave-2');
    await core.settle();
    // The job is retried (2 s, then more) until every removal is through.
    await drain();
    await drain();
    const calls = platform.of('removeMember').map((r) => r.channel);
    const once = calls.filter((c) => !c.endsWith('3'));
    expect(new Set(once).size).toBe(once.length); // no group but the failing ones is tried twice
    expect(GROUPS.some((g) => isIn(g.id))).toBe(false);
    expect(received.length).toBeGreaterThanOrEqual(1);
    hrAnswer = 200;
    await core.advance(5 * 60_000);
    await core.settle();
    await core.advance(10 * 60_000);
    await core.settle();
    expect(received.at(-1)!.body).toMatchObject({ id: 'evt-leave-2', complete: true });
    // Sent again while HR answered 503, once it answered 200, and never after.
    expect(received.filter((r) => r.answered === 200)).toHaveLength(1);
    expect(received.every((r) => r.signed)).toBe(true);
  });

  it('where the platform cannot remove (Teams without Graph), gives each owner the exact list and says so to HR; a shortfall of admins is alerted', async () => {
    await core.stop();
    platform = Object.assign(platform, {}) as RecordingPlatform;
    (platform as unknown as { capabilities: typeof SLACK_LIKE }).capabilities = { ...SLACK_LIKE, removeMember: false };
    const url = `http://127.0.0.1:${(hrServer.address() as AddressInfo).port}/charter-reports`;
    core = await startCore(db, platform, clock, logs, { hrReports: hrReportsTo(url, SECRET, clock) });
    // The home group keeps one admin besides the leaver once UMO goes too.
    await run('UADA', 'role revoke <@UMO> moderator rotation', HOME);
    platform.calls.length = 0;
    await leave('evt-leave-3');
    await core.settle();
    expect(platform.of('removeMember')).toEqual([]);
    const [card] = cards().filter((c) => c.to === 'UADA');
    expect(card!.card.toFix).toHaveLength(26);
    expect(card!.card.toFix[0]!.why.key).toBe('hr.offboard.whyUnsupported');
    // The stewardship feature hears of the revoked role and alerts: the home group is down to one admin.
    const alerts = platform.of('sendPrivate').filter((c) => 'card' in c.message && c.message.card.kind === 'stewardship.admins');
    expect(alerts.map((c) => c.to)).toContain('UADA');
    expect(received[0]!.body).toMatchObject({ complete: false, manual: 26 });
  });
});

