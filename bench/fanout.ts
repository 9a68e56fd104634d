// Fan-out (issue 10): one batch of private messages to many people against a fake
// Teams that enforces the documented limits — 50 requests a second per app per
// tenant, and per conversation 7 a second, 8 per 2 s, 60 per 30 s, 1,800 an hour —
// and answers 429 (Retry-After 1 s) beyond them. Time is simulated: a send takes
// 5 ms, a wait jumps the clock, so 10,000 messages take seconds, not minutes.
//   - the shared sender (src/core/fanout.ts): token buckets in the database, a 429
//     blocks the bucket for its Retry-After, claims per recipient;
//   - the baseline, measured the same way: send as fast as possible and pause every
//     send for 660 s on a 429, as Company Communicator does.
// Printed: the achieved rate as a share of the allowed 50 a second (goal ≥ 90 %),
// the 429s, duplicates (must be 0), and the wall time the sender took.
import { fanOut, RateLimited } from '../src/core/fanout.js';
import type { Person, Workspace } from '../src/core/model.js';
import type { Outbound, Posted } from '../src/core/ports.js';
import { FEATURES } from '../src/features/index.js';
import { migrateLatest, type Database } from '../src/store/db.js';
import { TestClock } from '../test/support/clock.js';
import { startCore } from '../test/support/core.js';
import { memoryLogger } from '../test/support/log.js';
import { RecordingPlatform } from '../test/support/platform.js';

const MEMBERS = Number(process.env['BENCH_FANOUT'] ?? 10_000);
const ALLOWED_PER_SECOND = 50;
const SEND_MS = 5;

/** Teams as documented, on the simulated clock: a sliding window per limit. */
class LimitedTeams extends RecordingPlatform {
  readonly tenant: number[] = [];
  readonly perConversation = new Map<string, number[]>();
  readonly received = new Map<string, number>();
  rejected = 0;
  constructor(private readonly clock: TestClock) {
    super();
  }
  private within(times: number[], windowMs: number, max: number, now: number): boolean {
    return times.filter((t) => t > now - windowMs).length < max;
  }
  override async sendPrivate(_w: Workspace, person: Person, _message: Outbound): Promise<Posted> {
    this.clock.advance(SEND_MS);
    const now = this.clock.now().getTime();
    const conv = this.perConversation.get(person.address) ?? [];
    const ok = this.within(this.tenant, 1_000, ALLOWED_PER_SECOND, now) && this.within(conv, 1_000, 7, now) && this.within(conv, 2_000, 8, now) && this.within(conv, 30_000, 60, now) && this.within(conv, 3_600_000, 1_800, now);
    if (!ok) {
      this.rejected += 1;
      throw new RateLimited(1_000);
    }
    this.tenant.push(now);
    if (this.tenant.length > 200) this.tenant.splice(0, this.tenant.length - 200);
    conv.push(now);
    this.perConversation.set(person.address, conv);
    this.received.set(person.address, (this.received.get(person.address) ?? 0) + 1);
    return { conversationId: `a:${person.address}`, messageId: String(now) };
  }
}

export async function benchFanOut(db: Database): Promise<void> {
  await migrateLatest(db.knex, FEATURES);
  const clock = new TestClock(new Date('2026-11-24T03:00:00Z'));
  const logs = memoryLogger();
  const platform = new LimitedTeams(clock);
  const core = await startCore(db, platform, clock, logs);
  try {
    const workspace = await core.store.workspaces.upsert({ id: 'teams:tenant-b', platform: 'teams', externalId: 'tenant-b' });
    const rows = Array.from({ length: MEMBERS }, (_, i) => ({ workspace_id: workspace.id, platform: 'teams', platform_user_id: `aad-${i}`, address: `29:${i}`, display_name: `member ${i}` }));
    for (let i = 0; i < rows.length; i += 1000) await db.knex('people').insert(rows.slice(i, i + 1000));
    const people = (await core.store.people.findByPlatformUserIds(workspace.id, rows.map((r) => r.platform_user_id))).sort((a, b) => a.address.localeCompare(b.address));

    // The shared sender, run as its job would be: again at each resume time.
    const start = clock.now().getTime();
    const wall = performance.now();
    let runs = 0;
    for (;;) {
      runs += 1;
      const r = await fanOut(
        core.deps,
        { workspace, subjectType: 'bench', subjectId: 'batch', cardSubject: null, recipients: people, message: (_p, locale) => ({ locale, text: { key: 'help.notYet' } }) },
        async (ms) => clock.advance(ms),
      );
      if (r.resumeAt === null) break;
      if (r.resumeAt.getTime() > clock.now().getTime()) clock.set(r.resumeAt);
    }
    const seconds = (clock.now().getTime() - start) / 1000;
    const wallSeconds = (performance.now() - wall) / 1000;
    const duplicates = [...platform.received.values()].filter((n) => n > 1).length;
    const delivered = platform.received.size;

    // The baseline: as fast as possible, a 660 s pause on every 429.
    const naive = new LimitedTeams(clock);
    const t0 = clock.now().getTime();
    let i = 0;
    while (i < people.length) {
      try {
        await naive.sendPrivate(workspace, people[i] as Person, { locale: 'en', text: { key: 'help.notYet' } });
        i += 1;
      } catch {
        clock.advance(660_000);
      }
    }
    const naiveSeconds = (clock.now().getTime() - t0) / 1000;

    console.log(`\n## Fan-out of ${MEMBERS} private messages against Teams' documented limits (simulated time)`);
    console.table({
      'send fast, pause 660 s on a 429 (baseline)': { 'simulated time': `${naiveSeconds.toFixed(0)} s`, 'messages/s': (MEMBERS / naiveSeconds).toFixed(1), 'share of allowed': `${((MEMBERS / naiveSeconds / ALLOWED_PER_SECOND) * 100).toFixed(0)} %`, '429s': naive.rejected, duplicates: 0 },
      'shared sender (token buckets in the database)': { 'simulated time': `${seconds.toFixed(0)} s`, 'messages/s': (delivered / seconds).toFixed(1), 'share of allowed': `${((delivered / seconds / ALLOWED_PER_SECOND) * 100).toFixed(0)} %`, '429s': platform.rejected, duplicates },
    });
    console.log(
      `Goal: ≥ 90 % of the allowed ${ALLOWED_PER_SECOND}/s with no duplicate: ${((delivered / seconds / ALLOWED_PER_SECOND) * 100).toFixed(1)} %, ${duplicates} duplicates, ${delivered} of ${MEMBERS} delivered. ` +
        `The sender ran ${runs} times (resumed after each wait) and took ${wallSeconds.toFixed(1)} s of wall time on this database (${((wallSeconds / MEMBERS) * 1000).toFixed(2)} ms per message).`,
    );
  } finally {
    await core.stop();
    await db.close();
  }
}
