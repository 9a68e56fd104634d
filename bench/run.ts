// `npm run bench`: speed and memory of the join-approval path, each figure with a
// baseline measured in the same run on the same machine, server and database:
//   1. Slack acknowledgement latency of a signed slash command (Slack's limit: 3 s)
//      against GET /healthz on the same server;
//   2. one whole journey (join command → approval cards → approve click → invite,
//      welcome, notices, card updates) against a single database round trip;
//   3. heap growth per journey.
//   4. message ingest (bench/ingest.ts), with the group's defaults and with every
//      rule of the group policy on;
//   5. the rules on one message event against the pipeline without them (bench/policy.ts);
//   6. resident memory of the server process (bench/memory.ts);
//   7. the keyword and sensitive-data engine on one message, against one RegExp per
//      keyword (bench/keywords.ts; pure CPU, no database);
//   8. fan-out of private messages against Teams' documented limits (bench/fanout.ts);
//   9. offboarding (one leaver in 25 groups; 100 and 1,000 at once) against Slack's and
//      Teams' documented removal limits (bench/offboarding.ts).
// PGlite always; PostgreSQL too when BENCH_DATABASE_URL (or TEST_DATABASE_URL) is set.
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import nock from 'nock';
import { startCharter, type RunningCharter } from '../adapters/charter.js';
import { loadConfig, Secret } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { migrateLatest, openDatabase, type Database } from '../src/store/db.js';
import { benchFanOut } from './fanout.js';
import { benchOffboarding } from './offboarding.js';
import { benchIngest } from './ingest.js';
import { benchKeywords } from './keywords.js';
import { benchMemory } from './memory.js';
import { benchPolicy } from './policy.js';
import { ms, stats, timed } from './stats.js';
import { settle } from '../test/support/settle.js';
import { blockAction, FakeSlack, HOOKS, newTrigger, SIGNING_SECRET, SLACK_API, SlackClient, type SlackUser } from '../test/support/slack.js';

const ACKS = Number(process.env['BENCH_ACKS'] ?? 300);
const JOURNEYS = Number(process.env['BENCH_JOURNEYS'] ?? 60);


function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1024 / 1024;
}

/** Waits (polling every millisecond) until cond holds; gives up after 10 s. */
async function until(cond: () => boolean): Promise<void> {
  const limit = Date.now() + 10_000;
  while (!cond()) {
    if (Date.now() > limit) throw new Error('the journey did not finish within 10 s');
    await new Promise((r) => setTimeout(r, 1));
  }
}

async function openPostgres(url: string): Promise<Database> {
  const schema = `bench_${randomBytes(4).toString('hex')}`;
  const admin = knexFactory({ client: 'pg', connection: url });
  await admin.raw(`create schema "${schema}"`);
  await admin.destroy();
  const db = await openDatabase({ kind: 'postgres', url: new Secret(url) }, { searchPath: schema });
  return {
    ...db,
    close: async () => {
      await db.knex.raw(`drop schema if exists "${db.jobSchema}" cascade`);
      await db.knex.raw(`drop schema "${schema}" cascade`);
      await db.close();
    },
  };
}

async function benchOne(name: string, db: Database): Promise<void> {
  await migrateLatest(db.knex);
  const fake = new FakeSlack();
  const admin: SlackUser = { id: 'U0ADMIN', name: 'admin', real_name: 'Ada Admin' };
  fake.users.set(admin.id, admin);
  fake.channels.set('C0SHIP', { name: 'ship-v2', members: new Set([admin.id]) });
  const users: SlackUser[] = Array.from({ length: JOURNEYS }, (_, i) => ({ id: `U0B${i}`, name: `u${i}`, real_name: `User ${i}` }));
  for (const u of users) fake.users.set(u.id, u);
  fake.install();

  const config = loadConfig({
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_BOT_TOKEN: 'xoxb-bench',
    SLACK_API_URL: `${SLACK_API}/api/`,
    CHARTER_SUPER_ADMINS: `slack:${admin.id}`,
  });
  const charter: RunningCharter = await startCharter(config, { db, log: createLogger('silent'), port: 0 });
  const slack = new SlackClient(charter.url);
  const command = (user: SlackUser, text: string) =>
    slack.command({ user_id: user.id, user_name: user.name, text, trigger_id: newTrigger(), response_url: `${HOOKS}/commands/T0001/${randomBytes(4).toString('hex')}` });

  try {
    await command(admin, 'group register project Benchmarks');
    await settle(charter);

    // 1. Acknowledgement latency against the health check (same server, same database).
    for (let i = 0; i < 20; i += 1) await fetch(`${charter.url}/healthz`); // warm up
    const health: number[] = [];
    const acks: number[] = [];
    for (let i = 0; i < ACKS; i += 1) {
      health.push(await timed(() => fetch(`${charter.url}/healthz`).then((r) => r.arrayBuffer())));
      acks.push(await timed(() => command(admin, 'help').then((r) => r.arrayBuffer())));
    }
    await settle(charter);

    // 2. Whole journeys against one database round trip.
    const roundTrips: number[] = [];
    for (let i = 0; i < 200; i += 1) roundTrips.push(await timed(() => db.knex.raw('select 1')));
    const heapBefore = heapMb();
    const journeys: number[] = [];
    for (const user of users) {
      journeys.push(
        await timed(async () => {
          // Timed until what the person sees: the approval card, then the updated card after the invite.
          const cards = fake.posts.length;
          await command(user, 'join #ship-v2 benchmark');
          await until(() => fake.posts.length > cards);
          const row = (await db.knex('join_requests as r').join('people as p', 'p.id', 'r.requester_id').where('p.platform_user_id', user.id).first('r.id')) as { id: string };
          const card = fake.posts.filter((p) => p.channel === 'D0ADMIN').at(-1)!;
          const updates = fake.of('chat.update').length;
          await slack.interact(blockAction(admin, 'join.approve', row.id, { channel: card.channel, ts: card.ts }));
          await until(() => fake.of('chat.update').length > updates);
        }),
      );
      await settle(charter);
    }
    const heapAfter = heapMb();
    const invites = fake.of('conversations.invite').length;
    if (invites !== JOURNEYS) throw new Error(`expected ${JOURNEYS} invites, saw ${invites}`);

    const h = stats(health);
    const a = stats(acks);
    const rt = stats(roundTrips);
    const j = stats(journeys);
    console.log(`\n## ${name}`);
    console.table({
      'GET /healthz (baseline)': { p50: ms(h.p50), p95: ms(h.p95), max: ms(h.max), 'ratio p50': '1.00' },
      'slash command ack': { p50: ms(a.p50), p95: ms(a.p95), max: ms(a.max), 'ratio p50': (a.p50 / h.p50).toFixed(2) },
    });
    console.log(`Slack ack limit 3000 ms: worst ack used ${((a.max / 3000) * 100).toFixed(2)}% of it (${ACKS} commands).`);
    console.table({
      'select 1 (baseline)': { p50: ms(rt.p50), p95: ms(rt.p95), 'ratio p50': '1.00' },
      'join → approve → invite': { p50: ms(j.p50), p95: ms(j.p95), 'ratio p50': (j.p50 / rt.p50).toFixed(1) },
    });
    console.log(`${JOURNEYS} journeys: ${(JOURNEYS / (j.mean * JOURNEYS / 1000)).toFixed(1)} per second serially; heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB (${(((heapAfter - heapBefore) * 1024) / JOURNEYS).toFixed(1)} KB per journey, including the fake Slack's record of every call${(globalThis as { gc?: unknown }).gc ? '' : '; without --expose-gc'}).`);
    await benchIngest(charter, slack, db, 'project group defaults');
    // The same with every rule of the group policy on (messages tagged, so they keep them).
    for (const p of ['tags.required all', 'class.notices admins', 'broadcast.who admins', 'files.allowed off', 'quiet_hours.enabled on', 'quiet_hours.timezone Asia/Shanghai', 'quiet_hours.holidays 2026-10-01', 'quiet_hours.workdays 2026-09-27']) {
      await command(admin, `policy set ${p}`);
    }
    await settle(charter);
    await benchIngest(charter, slack, db, 'every group rule on', '[Report] ');
    if (fake.of('chat.postEphemeral').length > 0) throw new Error('a message that keeps the rules was reminded');
    await benchPolicy(db);
  } finally {
    await charter.close();
    await db.close();
    nock.cleanAll();
  }
}

nock.disableNetConnect();
nock.enableNetConnect((host) => host.startsWith('127.0.0.1') || host.startsWith('localhost'));
console.log(`Charter bench — node ${process.version}, ${ACKS} acks, ${JOURNEYS} journeys per database`);
await benchKeywords();
await benchFanOut(await openDatabase({ kind: 'pglite-memory' }));
await benchOffboarding(() => openDatabase({ kind: 'pglite-memory' }));
await benchOne('PGlite (embedded)', await openDatabase({ kind: 'pglite-memory' }));
const pgUrl = process.env['BENCH_DATABASE_URL'] ?? process.env['TEST_DATABASE_URL'];
if (pgUrl) await benchOne('PostgreSQL', await openPostgres(pgUrl));
else console.log('\n(PostgreSQL skipped: set BENCH_DATABASE_URL to include it.)');
benchMemory(pgUrl);
