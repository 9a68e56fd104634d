// A production install starts: in a copy of the committed tree with
// `npm ci --omit=dev` done (by .ci/run), `npm start` builds once and serves; a
// restart does not build again and is ready quickly. Every line Charter writes is
// JSON (npm's own banner is silenced with --silent).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node .ci/prod-start.mjs <installed copy>');
const dataDir = mkdtempSync(join(tmpdir(), 'charter-prod-'));
const port = 38000 + Math.floor(Math.random() * 1000);

async function start(label) {
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], {
    cwd: dir,
    env: { ...process.env, PORT: String(port), CHARTER_DATA_DIR: dataDir, DATABASE_URL: '', LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: the signal goes to npm and Charter alike, as a service manager sends it.
    detached: true,
  });
  let out = '';
  let err = '';
  child.stdout.on('data', (c) => (out += c));
  child.stderr.on('data', (c) => (err += c));
  // 'close': npm may exit on the signal before Charter has finished; wait for every writer of the pipes.
  const exited = new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal })));
  let ready = false;
  for (let i = 0; i < 240 && !ready; i += 1) {
    ready = await fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.ok, () => false);
    if (!ready) await new Promise((r) => setTimeout(r, 250));
  }
  const readyMs = Date.now() - started;
  process.kill(-child.pid, 'SIGTERM');
  const { code, signal } = await exited;
  if (!ready) throw new Error(`${label}: not ready after 60 s\n${out}${err}`);
  if (code !== 0 && signal !== 'SIGTERM') throw new Error(`${label}: exit code ${code} after SIGTERM\n${out}${err}`);
  if (existsSync(join(dataDir, 'charter.lock'))) throw new Error(`${label}: Charter did not shut down cleanly (the data directory is still locked)\n${out}`);
  if (err !== '') throw new Error(`${label}: wrote to stderr: ${err}`);
  const lines = out.split('\n').filter(Boolean);
  for (const l of lines) {
    try {
      JSON.parse(l);
    } catch {
      throw new Error(`${label}: a line that is not JSON: ${l}`);
    }
  }
  return { readyMs, built: lines.some((l) => JSON.parse(l).msg === 'building Charter') };
}

try {
  const first = await start('first start');
  if (!first.built) throw new Error('the first start of a fresh install did not build');
  const second = await start('restart');
  if (second.built) throw new Error('the restart built again');
  console.log(`prod-start: npm ci --omit=dev && npm start works; first start ready in ${first.readyMs} ms (build + new database), restart in ${second.readyMs} ms without a build`);
} catch (e) {
  console.error(`prod-start: ${e.message}`);
  process.exitCode = 1;
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
