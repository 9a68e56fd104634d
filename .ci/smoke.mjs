// Starts the built server the way `npm start` does (node dist/adapters/main.js) on
// a fresh embedded database and checks it from outside: health, Slack's signature
// check, a Teams emulator activity, and a clean shutdown that releases the data
// directory. Catches what tests under vitest cannot: Node's own module loading.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

class SmokeFailure extends Error {}
const fail = (msg) => {
  throw new SmokeFailure(msg);
};

const dataDir = mkdtempSync(join(tmpdir(), 'charter-smoke-'));
const port = 39000 + Math.floor(Math.random() * 1000);
const secret = 'smoke-signing-secret';

// A stand-in Bot Framework connector, to see the reply to a Teams activity.
const replies = [];
const connector = createServer((req, res) => {
  let body = '';
  req.on('data', (c) => (body += c));
  req.on('end', () => {
    replies.push({ url: req.url, body });
    res.setHeader('content-type', 'application/json');
    res.end(req.method === 'GET' ? JSON.stringify({ id: '29:smoke', name: 'Smoke Tester' }) : '{"id":"1"}');
  });
});
await new Promise((r) => connector.listen(0, '127.0.0.1', r));
const connectorUrl = `http://127.0.0.1:${connector.address().port}/`;

const child = spawn(process.execPath, ['dist/adapters/main.js'], {
  env: { ...process.env, PORT: String(port), CHARTER_DATA_DIR: dataDir, SLACK_SIGNING_SECRET: secret, SLACK_BOT_TOKEN: 'xoxb-smoke', LOG_LEVEL: 'warn', DATABASE_URL: '' },
  stdio: ['ignore', 'pipe', 'inherit'],
});
child.stdout.pipe(process.stdout);
const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
const base = `http://127.0.0.1:${port}`;

try {
  let health;
  for (let i = 0; i < 60 && !health; i += 1) {
    health = await fetch(`${base}/healthz`).then((r) => r.json()).catch(() => undefined);
    if (!health) await new Promise((r) => setTimeout(r, 500));
  }
  if (JSON.stringify(health) !== '{"status":"ok","db":"pglite"}') fail(`unexpected health: ${JSON.stringify(health)}`);

  const body = JSON.stringify({ type: 'url_verification', challenge: 'smoke' });
  const ts = Math.floor(Date.now() / 1000);
  const sig = `v0=${createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex')}`;
  const signed = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-slack-request-timestamp': String(ts), 'x-slack-signature': sig }, body });
  if ((await signed.json()).challenge !== 'smoke') fail('Slack url_verification failed');
  const unsigned = await fetch(`${base}/slack/events`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  if (unsigned.status !== 401) fail(`unsigned Slack request got ${unsigned.status}`);

  const activity = {
    type: 'message', id: 'smoke-1', channelId: 'emulator', serviceUrl: connectorUrl,
    from: { id: '29:smoke', name: 'Smoke Tester' }, recipient: { id: 'bot', name: 'Charter' },
    conversation: { id: 'smoke-conversation', conversationType: 'personal' }, text: '帮助', locale: 'zh-CN',
  };
  const teams = await fetch(`${base}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  if (teams.status !== 200) fail(`Teams emulator activity got ${teams.status}`);
  const reply = replies.find((r) => r.url.includes('/activities'));
  if (!reply || !reply.body.includes('负责本工作区各群的规范管理')) fail(`no Chinese help reply reached the connector: ${JSON.stringify(replies)}`);

  child.kill('SIGTERM');
  const code = await exited;
  if (code !== 0) fail(`exit code ${code} after SIGTERM`);
  if (existsSync(join(dataDir, 'charter.lock'))) fail('the data directory lock was not released');
  console.log('smoke: npm start serves health, Slack and Teams, and stops cleanly');
} catch (err) {
  console.error(`smoke: ${err instanceof SmokeFailure ? err.message : err}`);
  process.exitCode = 1;
} finally {
  child.kill('SIGKILL');
  connector.close();
  rmSync(dataDir, { recursive: true, force: true });
}
