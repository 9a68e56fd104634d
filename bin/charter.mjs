#!/usr/bin/env node
// `npm start`, `npm run migrate`, `npm run roster` and `npm run build`. Runs the compiled code in
// dist/, building it first only when dist/ is missing or older than the sources:
// a restart starts at once. Plain JavaScript, so it runs before anything is built.
// Like the server, it writes one JSON object per line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['src', 'adapters', 'cards', 'migrations', 'tsconfig.json', 'package.json'];
const STAMP = join(root, 'dist', '.build-stamp');
const ENTRIES = { start: 'dist/adapters/main.js', migrate: 'dist/adapters/migrate.js', roster: 'dist/adapters/roster.js' };

function line(level, msg, extra = {}) {
  process.stdout.write(`${JSON.stringify({ level, time: Date.now(), app: 'charter', ...extra, msg })}\n`);
}

/** Newest modification time of the TypeScript and JSON files under path. */
function newest(path) {
  let st;
  try {
    st = statSync(path);
  } catch {
    return 0;
  }
  if (!st.isDirectory()) return /\.(ts|json)$/.test(path) ? st.mtimeMs : 0;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newest(join(path, entry)));
  return max;
}

function stale(entry) {
  if (!existsSync(join(root, entry))) return true;
  const sources = Math.max(...SOURCES.map((s) => newest(join(root, s))));
  if (sources === 0) return false; // an installation that ships dist/ only
  if (!existsSync(STAMP)) return true;
  return sources > statSync(STAMP).mtimeMs;
}

function build() {
  let tsc;
  try {
    tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  } catch {
    line(60, 'cannot build Charter: TypeScript is not installed (run npm install)');
    process.exit(1);
  }
  const started = new Date();
  line(30, 'building Charter');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.json')], { cwd: root, encoding: 'utf8' });
  if (result.status !== 0) {
    for (const l of `${result.stdout ?? ''}${result.stderr ?? ''}`.split('\n').filter(Boolean)) line(60, l, { source: 'tsc' });
    line(60, 'the build failed');
    process.exit(1);
  }
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  // Dated to the start of the build: a source saved while it ran still counts as newer.
  utimesSync(STAMP, started, started);
  line(30, 'built', { ms: Date.now() - started.getTime() });
}

const command = process.argv[2] ?? 'start';
if (command === 'build') {
  build();
} else if (command in ENTRIES) {
  const entry = ENTRIES[command];
  if (stale(entry)) build();
  // The entry reads its own arguments (`roster import <file>`) from argv[2] on.
  process.argv.splice(2, 1);
  await import(pathToFileURL(join(root, entry)).href);
} else {
  line(60, `unknown command ${JSON.stringify(command)}; use start, migrate, roster or build`);
  process.exitCode = 1;
}
