// LIFE-1 onboarding in the core with the real store and job runner: a hire from HR
// adds the new employee to the default groups of their department (and `*`), each
// group welcomes them as an approved join does, and they get the welcome pack in
// their language; a retried event or a repeated job adds nobody twice; an addition
// that fails for now is retried; where the platform cannot add, the owners are asked.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handlePlatformEvent } from '../../src/core/dispatch.js';
import type { Group, Person, Workspace } from '../../src/core/model.js';
import { RateLimited } from '../../src/core/fanout.js';
import type { AddMemberResult } from '../../src/core/ports.js';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import type { WelcomePackCard } from '../../src/features/hr/cards.js';
import { formatOnboardingGroups, groupsFor, parseOnboardingGroups } from '../../src/features/hr/settings.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from '../support/clock.js';
import { coreDriver, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform, SLACK_LIKE } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const conv = (id: string, name: string): Conv => ({ id, kind: 'channel', name, teamId: null });
const HOME = conv('CHOME', 'home');
const RESEARCH = conv('CRES', 'research-team');
const ALL = conv('CALL', 'all-hands');
const SALES = conv('CSALES', 'sales');
const DM: Conv = { id: 'DADA', kind: 'direct', name: null, teamId: null };

describe('the onboarding.groups format', () => {
  it('reads departments and titles to registered group names, and refuses what it cannot read', () => {
    const parsed = parseOnboardingGroups('Research: research-team, #all-hands ;  *: all-hands\nStaff Engineer: arch');
    expect(parsed).toEqual([
      { who: 'Research', groups: ['research-team', 'all-hands'] },
      { who: '*', groups: ['all-hands'] },
      { who: 'Staff Engineer', groups: ['arch'] },
    ]);
    expect(formatOnboardingGroups(parsed!)).toBe('Research: research-team, all-hands; *: all-hands; Staff Engineer: arch');
    expect(parseOnboardingGroups('研发部：研发群，全员群')).toEqual([{ who: '研发部', groups: ['研发群', '全员群'] }]);
    expect(parseOnboardingGroups('none')).toEqual([]);
    for (const bad of ['research-team', 'Research:', ': g', 'A: g; a: h', 'A: <!channel>', '']) expect(parseOnboardingGroups(bad)).toBeNull();
    expect(groupsFor(parsed!, { department: 'research', title: null })).toEqual(['research-team', 'all-hands']);
    expect(groupsFor(parsed!, { department: 'Sales', title: 'Staff engineer' })).toEqual(['all-hands', 'arch']);
  });
});

describe.each(DATABASES)('onboarding ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  const clock = new TestClock();
  const logs = memoryLogger();
  const { run } = coreDriver(() => core, HOME);

  const hire = (id: string, department = 'Research', locale: string | null = null) =>
    applyHrEvent(
      core.deps as unknown as HrDeps,
      { id, type: 'hire', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-NEW', email: 'New.Hire@Example.com', realName: 'Nia New', department, title: 'Scientist', locale } },
      'webhook',
    );
  const packs = () => platform.of('sendPrivate').flatMap((c) => ('card' in c.message && c.message.card.kind === 'hr.welcome' ? [{ to: c.to, locale: c.message.locale, card: c.message.card as unknown as WelcomePackCard }] : []));
  const adds = () => platform.of('addMember').filter((c) => c.user === 'UNEW').map((c) => c.channel).sort();
  const drain = async () => {
    for (let i = 0; i < 6; i += 1) {
      await core.advance(10_000);
      await core.settle();
    }
  };
  const start = async (capabilities = SLACK_LIKE) => {
    platform = new RecordingPlatform(capabilities);
    for (const u of ['UADA', 'UOWN', 'UNEW']) platform.profiles.set(u, { realName: u, email: `${u.toLowerCase()}@example.com` });
    platform.profiles.set('UNEW', { realName: 'Nia New', email: 'new.hire@example.com' });
    for (const c of [HOME, RESEARCH, ALL, SALES]) platform.members.set(c.id, new Set(['UADA', 'UOWN']));
    core = await startCore(db, platform, clock, logs);
  };

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-12-23T02:00:00Z');
    await resetDatabase(db);
    await start();
    await run('UADA', 'group register project The home team', HOME);
    await run('UADA', 'group register community Research papers and lab news', RESEARCH);
    await run('UADA', 'group register community Company-wide announcements', ALL);
    await run('UADA', 'group register community Deals', SALES);
    await run('UADA', 'role grant <@UOWN> owner runs research', RESEARCH);
    await run('UADA', 'policy default onboarding.groups Research: research-team, all-hands, no-such-group; *: all-hands', DM);
    await run('UNEW', 'help', DM); // the new employee's account exists in the workspace
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error|new\.hire@example\.com|Nia New/i);
  });

  it('adds a new employee to their default groups once, welcomes them in each, and sends the welcome pack in their language', async () => {
    expect(await hire('evt-hire-1', 'Research', 'zh_CN')).toMatchObject({ outcome: 'created', accounts: 1 });
    await core.settle();
    expect(adds()).toEqual([ALL.id, RESEARCH.id].sort());
    expect(platform.members.get(RESEARCH.id)?.has('UNEW')).toBe(true);
    // Each group welcomes them (ADM-4's welcome, mentioning them).
    const welcomes = platform.of('postToGroup').filter((c) => 'text' in c.message && c.message.text.key === 'join.welcome');
    expect(welcomes.map((c) => c.channel).sort()).toEqual([ALL.id, RESEARCH.id].sort());
    const [pack] = packs();
    expect(packs()).toHaveLength(1);
    expect(pack!.to).toBe('UNEW');
    expect(pack!.locale).toBe('zh-CN');
    expect(pack!.card.groups.map((g) => [g.name, g.purpose, g.state])).toEqual(
      expect.arrayContaining([
        ['research-team', 'Research papers and lab news', 'added'],
        ['all-hands', 'Company-wide announcements', 'added'],
      ]),
    );
    expect(pack!.card.groups.find((g) => g.name === 'research-team')!.owners.map((o) => o.address).sort()).toEqual(['UADA', 'UOWN']); // the registrar owns each group too
    // Audited: each addition, the unknown group name, the pack.
    const audit = (await db.knex('audit_log').select('action', 'outcome', 'details')) as { action: string; outcome: string; details: Record<string, unknown> }[];
    expect(audit.filter((a) => a.action === 'member.add')).toHaveLength(2);
    expect(audit.find((a) => a.action === 'hr.onboard.groups')).toMatchObject({ outcome: 'fallback', details: { unknownGroups: ['no-such-group'] } });
    expect(audit.map((a) => a.action)).toEqual(expect.arrayContaining(['hr.hire', 'hr.onboard.start', 'hr.onboard.welcome']));

    // The same event again, the jobs run again, or a change from HR: nobody is added twice, no second pack.
    expect(await hire('evt-hire-1')).toEqual({ outcome: 'duplicate' });
    const person = (await db.knex('people').where({ address: 'UNEW' }).first('id')) as { id: string };
    await core.deps.jobs.send('hr.hire', { eventId: 'evt-hire-1' });
    await core.deps.jobs.send('hr.onboard', { workspaceId: 'slack:T1', eventId: 'evt-hire-1', personId: person.id });
    await core.settle();
    clock.advance(60_000);
    await applyHrEvent(core.deps as unknown as HrDeps, { id: 'evt-change-1', type: 'change', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-NEW', email: 'new.hire@example.com', realName: 'Nia New', department: 'Sales', title: 'Scientist' } }, 'webhook');
    await drain();
    expect(adds()).toHaveLength(2);
    expect(packs()).toHaveLength(1);
  });

  it('a department with no entry of its own gets the `*` groups; an addition that fails for now is retried, each group added once', async () => {
    const real = platform.addMember.bind(platform);
    let failures = 2;
    platform.addMember = async (w: Workspace, g: Group, p: Person): Promise<AddMemberResult> => {
      if (g.channelId === ALL.id && failures-- > 0) {
        platform.calls.push({ op: 'addMember', channel: g.channelId, user: p.address });
        throw new Error('connect ETIMEDOUT');
      }
      return real(w, g, p);
    };
    await hire('evt-hire-2', 'Sales');
    await core.settle();
    expect(packs()).toHaveLength(0);
    await drain();
    expect(platform.members.get(ALL.id)?.has('UNEW')).toBe(true);
    expect(adds()).toEqual([ALL.id, ALL.id, ALL.id]); // two failures, then added; nothing else
    expect(packs()).toHaveLength(1);
    expect(packs()[0]!.card.groups).toEqual([{ name: 'all-hands', purpose: 'Company-wide announcements', owners: [{ type: 'mention', address: 'UADA', name: 'UADA' }], state: 'added' }]);
    expect(packs()[0]!.locale).toBe('en');
  });

  it('adds within the platform\'s shared rate limits: ten at once on Slack, the rest as the bucket refills, each once', async () => {
    const many = Array.from({ length: 12 }, (_, i) => conv(`CMANY${i}`, `many-${i}`));
    for (const c of many) {
      platform.members.set(c.id, new Set(['UADA']));
      await run('UADA', 'group register community Many groups', c);
    }
    await run('UADA', `policy default onboarding.groups *: ${many.map((c) => c.name).join(', ')}`, DM);
    platform.calls.length = 0;
    await hire('evt-hire-many', 'Sales');
    await core.settle();
    // The test clock does not move while the job waits: it reschedules itself for when a token is free.
    expect(adds()).toHaveLength(10);
    expect(packs()).toHaveLength(0);
    await drain();
    expect(adds()).toEqual(many.map((c) => c.id).sort());
    expect(packs()).toHaveLength(1);
  });

  it('pauses additions for a 429 Retry-After (the invite bucket blocked for every instance), then adds, each group once', async () => {
    const real = platform.addMember.bind(platform);
    let limited = 1;
    platform.addMember = async (w: Workspace, g: Group, p: Person): Promise<AddMemberResult> => {
      if (limited-- > 0) throw new RateLimited(30_000);
      return real(w, g, p);
    };
    await hire('evt-hire-429', 'Sales');
    await core.settle();
    expect(adds()).toEqual([]);
    const bucket = (await db.knex('rate_buckets').where({ key: 'slack:T1:invite' }).first('blocked_until')) as { blocked_until: Date | string };
    expect(new Date(bucket.blocked_until).getTime()).toBe(clock.now().getTime() + 30_000);
    await core.advance(20_000);
    await core.settle();
    expect(adds()).toEqual([]); // still paused
    await drain();
    expect(adds()).toEqual([ALL.id]);
    expect(packs()).toHaveLength(1);
  });

  it('where the platform cannot add (ask-owner), tells each group\'s owners, and the pack says an owner will add them', async () => {
    await core.stop();
    await start({ ...SLACK_LIKE, addMember: 'ask-owner' });
    platform.calls.length = 0;
    await hire('evt-hire-3');
    await core.settle();
    expect(platform.of('addMember')).toEqual([]);
    const asked = platform.texts().filter(([, key]) => key === 'hr.onboard.pleaseAdd');
    // The registrar owns both groups; UOWN research-team too: each owner once per group.
    expect(asked.map(([to]) => to).sort()).toEqual(['UADA', 'UADA', 'UOWN']);
    const [pack] = packs();
    expect(pack!.card.groups.map((g) => g.state)).toEqual(['owner-asked', 'owner-asked']);
    const audit = (await db.knex('audit_log').where({ action: 'member.add' }).select('outcome')) as { outcome: string }[];
    expect(audit.map((a) => a.outcome)).toEqual(['fallback', 'fallback']);
  });

  it('no platform account with the e-mail yet: nothing happens now, and the start says 0 accounts; the account is onboarded once when it appears', async () => {
    await applyHrEvent(core.deps as unknown as HrDeps, { id: 'evt-hire-4', type: 'hire', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-ELSE', email: 'elsewhere@example.com', realName: 'Else', department: 'Research', title: 'Intern' } }, 'roster');
    await core.settle();
    expect(platform.of('addMember')).toEqual([]);
    const start = (await db.knex('audit_log').where({ action: 'hr.onboard.start' }).first('details')) as { details: Record<string, unknown> };
    expect(start.details).toMatchObject({ eventId: 'evt-hire-4', accounts: 0 });

    // Three days later the account joins the workspace (Slack team_join): onboarded under the hire.
    clock.advance(3 * 86_400_000);
    platform.profiles.set('UELSE', { realName: 'Else', email: 'Elsewhere@Example.com' });
    const joined = { type: 'account.joined' as const, workspace: { externalId: 'T1' }, user: { platformUserId: 'UELSE', address: 'UELSE', displayName: '' } };
    await handlePlatformEvent(core.deps, joined);
    await core.settle();
    const added = () => platform.of('addMember').filter((c) => c.user === 'UELSE').map((c) => c.channel).sort();
    expect(added()).toEqual([ALL.id, RESEARCH.id].sort());
    expect(packs().map((p) => p.to)).toEqual(['UELSE']);
    const late = (await db.knex('audit_log').where({ action: 'hr.onboard.start', workspace_id: 'slack:T1' }).select('details')) as { details: Record<string, unknown> }[];
    expect(late.map((r) => r.details)).toEqual([{ eventId: 'evt-hire-4', accounts: 1, late: true }]);

    // The event again, and the sweep: nobody twice.
    await handlePlatformEvent(core.deps, joined);
    await core.deps.jobs.send('hr.late-onboard', {});
    await drain();
    expect(added()).toHaveLength(2);
    expect(packs()).toHaveLength(1);
  });

  it('the sweep onboards an account whose e-mail Charter learned another way, within 30 days of the hire; not a leaver, not an old hire', async () => {
    await applyHrEvent(core.deps as unknown as HrDeps, { id: 'evt-hire-5', type: 'hire', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-LATE', email: 'late@example.com', realName: 'Lou Late', department: 'Sales', title: 'Rep' } }, 'webhook');
    await applyHrEvent(core.deps as unknown as HrDeps, { id: 'evt-hire-6', type: 'hire', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-GONE', email: 'gone@example.com', realName: 'Gil Gone', department: 'Sales', title: 'Rep' } }, 'webhook');
    await applyHrEvent(core.deps as unknown as HrDeps, { id: 'evt-hire-7', type: 'hire', occurredAt: new Date(clock.now().getTime() - 40 * 86_400_000).toISOString(), person: { employeeId: 'E-OLD', email: 'old@example.com', realName: 'Ola Old', department: 'Sales', title: 'Rep' } }, 'webhook');
    await core.settle();
    clock.advance(60_000);
    await applyHrEvent(core.deps as unknown as HrDeps, { id: 'evt-leave-6', type: 'leave', occurredAt: clock.now().toISOString(), person: { employeeId: 'E-GONE', email: 'gone@example.com' } }, 'webhook');
    await core.settle();
    // Each writes to Charter: their accounts (and e-mails) become known.
    for (const [u, email] of [['ULATE', 'late@example.com'], ['UGONE', 'gone@example.com'], ['UOLD', 'old@example.com']] as const) {
      platform.profiles.set(u, { realName: u, email });
      await run(u, 'help', DM);
    }
    platform.calls.length = 0;
    await core.deps.jobs.send('hr.late-onboard', {});
    await drain();
    expect(platform.of('addMember').map((c) => [c.user, c.channel])).toEqual([['ULATE', ALL.id]]);
    expect(packs().map((p) => p.to)).toEqual(['ULATE']);
    await core.deps.jobs.send('hr.late-onboard', {}, { key: 'again' });
    await drain();
    expect(platform.of('addMember')).toHaveLength(1);
  });
});
