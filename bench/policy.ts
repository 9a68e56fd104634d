// Group message policy (the tag-template issue): the cost of the rules on one
// message event, in the core on the real store, against the same pipeline without
// the rules feature, measured in the same run on the same database:
//   - a message that keeps every rule (tagged, in the working window and a
//     discussion window, no file, no mention of everyone) with every rule on: the
//     policy read and the evaluation;
//   - a message that breaks several rules (untagged, @channel, outside the working
//     window, a file): evaluation, the private reminder, the audit entry.
// Samples of the three kinds are interleaved so drift affects them alike.
import type { MessageEvent } from '../src/core/inputs.js';
import { handleCommand, handlePlatformEvent } from '../src/core/dispatch.js';
import { FEATURES } from '../src/features/index.js';
import { migrateLatest, type Database } from '../src/store/db.js';
import { TestClock } from '../test/support/clock.js';
import { startCore, type CoreHarness } from '../test/support/core.js';
import { memoryLogger } from '../test/support/log.js';
import { messageEvent } from '../test/support/messages.js';
import { RecordingPlatform } from '../test/support/platform.js';
import { ms, stats, timed } from './stats.js';

const MESSAGES = Number(process.env['BENCH_POLICY_MESSAGES'] ?? 400);
/** Tuesday 2026-11-24 11:00 in Shanghai. */
const INSIDE = new Date('2026-11-24T03:00:00Z');
/** The same Tuesday at 23:30 in Shanghai. */
const OUTSIDE = new Date('2026-11-24T15:30:00Z');

let seq = 0;
function message(channel: string, text: string, at: Date, extra: Partial<MessageEvent> = {}): MessageEvent & { type: 'message' } {
  seq += 1;
  return messageEvent({ workspace: 'TB', channel, user: 'UMEMBER', messageId: `b${seq}`, text, at }, extra);
}

const actor = (user: string) => ({ workspace: { externalId: 'TB', name: 'bench' }, user: { platformUserId: user, address: user, displayName: user }, locale: null });

async function setUp(core: CoreHarness, channel: string, policy: string[]): Promise<void> {
  const conv = { id: channel, kind: 'channel' as const, name: channel.toLowerCase(), teamId: null };
  const run = async (text: string) => {
    const { reply } = await handleCommand(core.deps, { actor: actor('UADA'), conversation: conv, text });
    if (reply.kind === 'error') throw new Error(`${text}: ${JSON.stringify(reply.text)}`);
  };
  await run('group register core Benchmarks');
  for (const p of policy) await run(`policy set ${p}`);
}

export async function benchPolicy(db: Database): Promise<void> {
  await migrateLatest(db.knex, FEATURES);
  const clock = new TestClock(INSIDE);
  const logs = memoryLogger();
  const platform = new RecordingPlatform();
  platform.members.set('CRULES', new Set(['UADA', 'UMEMBER']));
  platform.members.set('CPLAIN', new Set(['UADA', 'UMEMBER']));
  const withRules = await startCore(db, platform, clock, logs);
  const without = await startCore(db, platform, clock, logs, { features: FEATURES.filter((f) => f.name !== 'rules') });
  try {
    await setUp(withRules, 'CRULES', [
      'tags.required all',
      'class.notices admins',
      'broadcast.who admins',
      'files.allowed off',
      'quiet_hours.enabled on',
      'quiet_hours.timezone Asia/Shanghai',
      'quiet_hours.window 08:00-22:00',
      'quiet_hours.holidays 2026-10-01,2026-10-02',
      'quiet_hours.workdays 2026-09-27',
      'quiet_hours.discussion 09:00-12:00,14:00-18:00',
    ]);
    await setUp(without, 'CPLAIN', []);
    await withRules.settle();

    const plain: number[] = [];
    const kept: number[] = [];
    const broken: number[] = [];
    for (let i = 0; i < MESSAGES + 20; i += 1) {
      const warm = i < 20;
      const a = await timed(() => handlePlatformEvent(without.deps, message('CPLAIN', `[Report] status ${i} is green`, INSIDE)));
      const b = await timed(() => handlePlatformEvent(withRules.deps, message('CRULES', `[Report] status ${i} is green`, INSIDE)));
      const c = await timed(() =>
        handlePlatformEvent(withRules.deps, message('CRULES', `status ${i} <!channel>`, OUTSIDE, { mentions: { users: [], broadcast: ['channel'] }, files: [{ id: `F${i}`, name: 'a.pdf', mimeType: 'application/pdf', size: 10 }] })),
      );
      if (!warm) {
        plain.push(a);
        kept.push(b);
        broken.push(c);
      }
    }
    await withRules.settle();
    const reminders = platform.of('remindPrivately').length;
    if (reminders !== MESSAGES + 20) throw new Error(`expected ${MESSAGES + 20} reminders, saw ${reminders}`);
    if (platform.of('remindPrivately').some((r) => r.channel !== 'CRULES')) throw new Error('a kept message was reminded');

    const p = stats(plain);
    const k = stats(kept);
    const x = stats(broken);
    const row = (s: typeof p) => ({ p50: ms(s.p50), p99: ms(s.p99), 'ratio p50': (s.p50 / p.p50).toFixed(2), 'ratio p99': (s.p99 / p.p99).toFixed(2) });
    console.log(`\nGroup message policy on one message event (core, real store; ${MESSAGES} of each, interleaved):`);
    console.table({
      'pipeline without the rules feature (baseline)': row(p),
      'every rule on, message keeps them': row(k),
      'every rule on, message breaks four (reminder + audit)': row(x),
    });
  } finally {
    await without.stop();
    await withRules.stop();
  }
}
