// Message ingest (the feature-module issue): signed Slack `message.channels`
// events into the running server — signature check, retry dedupe, the message
// pipeline and the metadata write — measured three ways against a baseline in
// the same run:
//   1. acknowledgement latency (p50/p99) at a steady rate, as a ratio to a bare
//      GET /healthz sent at the same rate;
//   2. events per second sustained on one process (sent as fast as 32
//      connections allow, counted until every event's metadata is written);
//   3. events lost: sent and acknowledged but never recorded (must be 0).
import type { RunningCharter } from '../adapters/charter.js';
import type { Database } from '../src/store/db.js';
import { settle } from '../test/support/settle.js';
import { eventFixture, type SlackClient } from '../test/support/slack.js';
import { ms, stats, timed } from './stats.js';

const RATE = Number(process.env['BENCH_INGEST_RATE'] ?? 100);
const STEADY = Number(process.env['BENCH_INGEST_EVENTS'] ?? 1000);
const BURST = Number(process.env['BENCH_INGEST_BURST'] ?? 2000);
const CONCURRENCY = 32;

let seq = 0;
/** Monday 2026-11-30, 12:53 in Shanghai onwards: inside the default working window. */
function nextEvent(prefix: string): { body: Record<string, unknown>; ts: string } {
  seq += 1;
  const ts = `${1796000000 + seq}.${String(seq).padStart(6, '0')}`;
  const body = eventFixture('message-channels', { ts, event_ts: ts, channel: 'C0SHIP', text: `${prefix}${seq % 3 === 0 ? `Who owns item ${seq}?` : `Status of item ${seq} is green`}` }, { event_id: `Ev0BENCH${seq}` });
  return { body, ts };
}

async function recorded(db: Database, ids: string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < ids.length; i += 500) {
    const row = (await db.knex('message_meta').whereIn('message_id', ids.slice(i, i + 500)).count({ n: '*' }).first()) as { n: unknown };
    n += Number(row.n);
  }
  return n;
}

/** Sends `count` requests at `rate` per second (open loop: a slow answer does not slow the sending). */
async function atRate(count: number, rate: number, send: () => Promise<Response>): Promise<number[]> {
  const latencies: Promise<number>[] = [];
  const start = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    latencies.push(
      timed(async () => {
        const r = await send();
        if (r.status !== 200) throw new Error(`answered ${r.status}`);
        await r.arrayBuffer();
      }),
    );
  }
  return Promise.all(latencies);
}

/**
 * @param label what the group's policy is during this run
 * @param prefix put before every message's text (a tag, so messages keep a policy that requires one)
 */
export async function benchIngest(charter: RunningCharter, slack: SlackClient, db: Database, label: string, prefix = ''): Promise<void> {
  // Warm up (not measured): the first events of a run pay for compilation and caches.
  await atRate(50, RATE, () => slack.event(nextEvent(prefix).body));
  await settle(charter, 120_000);

  // 1. Latency at a steady rate, against /healthz at the same rate.
  const health = await atRate(STEADY, RATE, () => fetch(`${charter.url}/healthz`));
  const steadyIds: string[] = [];
  const acks = await atRate(STEADY, RATE, () => {
    const e = nextEvent(prefix);
    steadyIds.push(e.ts);
    return slack.event(e.body);
  });
  await settle(charter, 120_000);

  // 2. Sustained throughput: as fast as CONCURRENCY connections go, until every event is recorded.
  const burstIds: string[] = [];
  const t0 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < BURST) {
        next += 1;
        const e = nextEvent(prefix);
        burstIds.push(e.ts);
        const r = await slack.event(e.body);
        if (r.status !== 200) throw new Error(`answered ${r.status}`);
        await r.arrayBuffer();
      }
    }),
  );
  await settle(charter, 120_000);
  const seconds = (performance.now() - t0) / 1000;

  // 3. Lost: acknowledged, never recorded.
  const sent = steadyIds.length + burstIds.length;
  const kept = (await recorded(db, steadyIds)) + (await recorded(db, burstIds));

  const h = stats(health);
  const a = stats(acks);
  console.log(`\nMessage ingest, ${label} (signed message.channels events → verify → dedupe → pipeline → metadata write):`);
  console.table({
    [`GET /healthz at ${RATE}/s (baseline)`]: { p50: ms(h.p50), p99: ms(h.p99), max: ms(h.max), 'ratio p50': '1.00', 'ratio p99': '1.00' },
    [`message event ack at ${RATE}/s`]: { p50: ms(a.p50), p99: ms(a.p99), max: ms(a.max), 'ratio p50': (a.p50 / h.p50).toFixed(2), 'ratio p99': (a.p99 / h.p99).toFixed(2) },
  });
  console.log(`${BURST} events with ${CONCURRENCY} connections: ${(BURST / seconds).toFixed(0)} events/s sustained, acknowledged and recorded. Lost: ${sent - kept} of ${sent}.`);
}
