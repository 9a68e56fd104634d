// Offboarding (issue 11, P3): a leaver removed from every governed group, against
// fake platforms that enforce the documented limits and answer 429 beyond them:
//   - Slack `conversations.kick`, Tier 3: 50 a minute per workspace (sliding window);
//   - Teams through Graph: "other API calls" 30 a second per app per tenant and 4 a
//     second on one team, a removal being two calls (find the membership, delete it).
// Time is simulated: an API call takes 150 ms, a wait for the limits jumps the
// clock; the real offboarding runs (src/features/hr/offboard.ts: roles, groups,
// token buckets in the database, each removal recorded once).
// Printed for one person in 25 groups: the time to the last removal (goal ≤ 30 s) and
// the share of it the rate limits force; for 100 and 1,000 people leaving at once:
// the total time against the floor the limits set (removals ÷ allowed rate, after
// the burst), and duplicates (must be 0).
import { RateLimited } from '../src/core/fanout.js';
import type { Group, Person, Workspace } from '../src/core/model.js';
import type { JobQueue, RemoveMemberResult } from '../src/core/ports.js';
import { applyHrEvent, type HrDeps } from '../src/features/hr/apply.js';
import { offboard, startOffboarding } from '../src/features/hr/offboard.js';
import type { HrStore } from '../src/features/hr/store.js';
import { FEATURES } from '../src/features/index.js';
import { migrateLatest, openDatabase, type Database } from '../src/store/db.js';
import { TestClock } from '../test/support/clock.js';
import { startCore } from '../test/support/core.js';
import { memoryLogger } from '../test/support/log.js';
import { RecordingPlatform, SLACK_LIKE } from '../test/support/platform.js';

const GROUPS = 25;
const CALL_MS = 150;
const LAYOFFS = (process.env['BENCH_LAYOFF'] ?? '100,1000').split(',').map(Number);

type Platform = 'slack' | 'teams';

/** The platform as documented, on the simulated clock: sliding windows, 429 beyond. */
class LimitedPlatform extends RecordingPlatform {
  readonly calls_: number[] = [];
  readonly perTeam = new Map<string, number[]>();
  readonly removed = new Map<string, number>();
  rejected = 0;
  constructor(
    private readonly clock: TestClock,
    private readonly kind: Platform,
  ) {
    super({ ...SLACK_LIKE, removeMember: true });
  }
  private count(times: number[], windowMs: number, now: number): number {
    let n = 0;
    for (let i = times.length - 1; i >= 0 && (times[i] as number) > now - windowMs; i -= 1) n += 1;
    return n;
  }
  override async removeMember(_w: Workspace, group: Group, person: Person): Promise<RemoveMemberResult> {
    const calls = this.kind === 'slack' ? 1 : 2;
    for (let c = 0; c < calls; c += 1) {
      this.clock.advance(CALL_MS);
      const now = this.clock.now().getTime();
      const team = this.perTeam.get(group.channelId) ?? [];
      const ok = this.kind === 'slack' ? this.count(this.calls_, 60_000, now) < 50 : this.count(this.calls_, 1_000, now) < 30 && this.count(team, 1_000, now) < 4;
      if (!ok) {
        this.rejected += 1;
        throw new RateLimited(this.kind === 'slack' ? 30_000 : 1_000);
      }
      this.calls_.push(now);
      if (this.calls_.length > 5_000) this.calls_.splice(0, this.calls_.length - 5_000);
      team.push(now);
      this.perTeam.set(group.channelId, team);
    }
    const key = `${group.channelId}/${person.address}`;
    this.removed.set(key, (this.removed.get(key) ?? 0) + 1);
    return { outcome: 'removed' };
  }
}

/** What the jobs would do, in order, on the simulated clock: the queue only records. */
class Recorder implements JobQueue {
  readonly sent: { name: string; payload: Record<string, unknown> }[] = [];
  async send(name: string, payload: Record<string, unknown>): Promise<void> {
    this.sent.push({ name, payload });
  }
  async cancel(): Promise<void> {}
}

async function scenario(db: Database, kind: Platform, people: number): Promise<{ seconds: number; floor: number; waitShare: number; rejected: number; duplicates: number; removals: number; wallMsPerRemoval: number }> {
  const clock = new TestClock(new Date('2026-12-21T02:00:00Z'));
  const platform = new LimitedPlatform(clock, kind);
  const core = await startCore(db, platform, clock, memoryLogger());
  await core.stop(); // the bench drives the steps itself
  const jobs = new Recorder();
  const deps = { ...core.deps, jobs, store: core.store as typeof core.store & HrStore };
  const external = `${kind}-${people}`;
  const workspace = await core.store.workspaces.upsert({ id: `${kind}:${external}`, platform: kind, externalId: external });
  const owner = await core.store.people.upsertIdentity({ workspaceId: workspace.id, platform: kind, platformUserId: 'owner', address: 'owner', displayName: 'Owner' });
  const groups: Group[] = [];
  for (let g = 0; g < GROUPS; g += 1) {
    groups.push(await core.store.groups.create({ workspaceId: workspace.id, channelId: `C${external}-${g}`, channelName: `g${g}`, conversationKind: 'channel', teamId: kind === 'teams' ? `team-${g}` : null, name: `${external}-g${g}`, type: 'community', purpose: 'bench', tier: 'core-team', expiresOn: null, createdBy: owner.id }));
  }
  const leavers: Person[] = [];
  for (let i = 0; i < people; i += 1) {
    const p = await core.store.people.upsertIdentity({ workspaceId: workspace.id, platform: kind, platformUserId: `u${i}`, address: `u${i}`, displayName: `u${i}` });
    await db.knex('people').where({ id: p.id }).update({ email: `u${i}@${external}.example` });
    leavers.push(p);
    for (const g of groups) {
      const set = platform.members.get(g.channelId) ?? new Set<string>();
      set.add(p.address);
      platform.members.set(g.channelId, set);
    }
  }
  // Everyone leaves at once: each leave applied, each offboarding started.
  for (let i = 0; i < people; i += 1) {
    const id = `evt-${external}-${i}`;
    await applyHrEvent({ store: deps.store, jobs, clock, log: deps.log } as unknown as HrDeps, { id, type: 'leave', occurredAt: clock.now().toISOString(), person: { employeeId: `E${i}`, email: `u${i}@${external}.example` } }, 'webhook');
    await startOffboarding({ store: deps.store, jobs, clock, log: deps.log }, id);
  }
  const start = clock.now().getTime();
  const wall = performance.now();
  let waited = 0;
  const wait = async (ms: number) => {
    waited += ms;
    clock.advance(ms);
  };
  // Each offboarding, as its job (and its resumptions) would run it.
  for (;;) {
    const next = jobs.sent.findIndex((j) => j.name === 'hr.offboard');
    if (next < 0) break;
    const [job] = jobs.sent.splice(next, 1);
    const p = job!.payload as { eventId: string; personId: string };
    await offboard(deps, p.eventId, p.personId, wait);
  }
  const seconds = (clock.now().getTime() - start) / 1000;
  const wallMs = performance.now() - wall;
  const removals = [...platform.removed.values()].length;
  const duplicates = [...platform.removed.values()].filter((n) => n > 1).length;
  // The floor: past the burst, removals at the allowed sustained rate.
  const total = people * GROUPS;
  const floor = kind === 'slack' ? Math.max(0, total - 10) / (40 / 60) : Math.max(0, total - 5) / 12.5;
  return { seconds, floor, waitShare: seconds === 0 ? 0 : waited / 1000 / seconds, rejected: platform.rejected, duplicates, removals, wallMsPerRemoval: wallMs / Math.max(1, removals) };
}

export async function benchOffboarding(open: () => Promise<Database>): Promise<void> {
  const rows: Record<string, Record<string, string | number>> = {};
  let single: Record<Platform, number> = { slack: 0, teams: 0 };
  for (const kind of ['slack', 'teams'] as const) {
    for (const people of [1, ...LAYOFFS]) {
      const db = await open();
      await migrateLatest(db.knex, FEATURES);
      try {
        const r = await scenario(db, kind, people);
        if (people === 1) single = { ...single, [kind]: r.seconds };
        rows[`${kind}: ${people} ${people === 1 ? 'person' : 'people'} × ${GROUPS} groups`] = {
          'time to last removal': `${r.seconds.toFixed(1)} s`,
          'forced by the limits': `${(r.waitShare * 100).toFixed(0)} %`,
          'limit floor': `${r.floor.toFixed(1)} s`,
          'ratio to floor': r.floor === 0 ? '-' : (r.seconds / r.floor).toFixed(2),
          removals: r.removals,
          '429s': r.rejected,
          duplicates: r.duplicates,
          'work per removal': `${r.wallMsPerRemoval.toFixed(1)} ms`,
        };
      } finally {
        await db.close();
      }
    }
  }
  console.log(`\n## Offboarding against the platforms' documented limits (simulated time; an API call takes ${CALL_MS} ms)`);
  console.table(rows);
  console.log(`Goal: one person out of ${GROUPS} groups within 30 s: Slack ${single.slack.toFixed(1)} s, Teams ${single.teams.toFixed(1)} s (from the job's start; add the queue's pick-up, about 0.5–2 s).`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchOffboarding(() => openDatabase({ kind: 'pglite-memory' }));
}
