// One Charter server on a fresh embedded database, as `npm start` runs it (the
// compiled code in dist/), reporting its resident memory: after start (and the
// peak so far) and steady after a load of requests. Run by bench/memory.ts.
//   node bench/memory-child.mjs <tuned|stock> <data dir> [postgres url]
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

const [mode, dataDir, pgUrl] = process.argv.slice(2);
const { loadConfig, Secret } = await import('../dist/src/config.js');
const { openDatabase } = await import('../dist/src/store/db.js');
const { startCharter } = await import('../dist/adapters/charter.js');
const { createLogger } = await import('../dist/src/logger.js');

function status() {
  const s = readFileSync('/proc/self/status', 'utf8');
  const kb = (name) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(s)?.[1] ?? 0);
  return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
}

const database = pgUrl ? { kind: 'postgres', url: new Secret(pgUrl) } : { kind: 'pglite', dataDir };
const db = await openDatabase(database, { pglite: mode });
const charter = await startCharter(loadConfig({}), { db, log: createLogger('silent'), port: 0, sweepIntervalMs: 0 });
const afterStart = status();
// A connector on loopback that accepts every reply (a closed port would make the
// connector client retry each reply for seconds).
const connector = createServer((req, res) => {
  req.resume();
  req.on('end', () => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"1"}'));
});
await new Promise((r) => connector.listen(0, '127.0.0.1', r));
const serviceUrl = `http://127.0.0.1:${connector.address().port}/`;
const client = { id: '29:bench', name: 'Bench' };
const activity = (i) => ({
  type: 'message', id: `bench-${i}`, channelId: 'emulator', serviceUrl,
  from: { ...client, aadObjectId: 'aad-bench' }, recipient: { id: 'bot', name: 'Charter' },
  conversation: { id: 'bench-conversation', conversationType: 'personal' }, text: i % 2 ? 'group list' : 'help', locale: i % 3 ? 'en-US' : 'zh-CN',
});
for (let i = 0; i < 300; i += 1) {
  await fetch(`${charter.url}/healthz`).then((r) => r.arrayBuffer());
  await fetch(`${charter.url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity(i)) }).then((r) => r.arrayBuffer());
}
await charter.tasks.idle();
globalThis.gc?.();
await new Promise((r) => setTimeout(r, 500));
const steady = status();
process.stdout.write(`${JSON.stringify({ afterStartMb: afterStart.rssMb, peakMb: steady.peakMb, steadyMb: steady.rssMb })}\n`);
await charter.close();
await db.close();
connector.close();
process.exit(0);
