// Resident memory of the server process (P7 of the hardening issue): Charter on the
// embedded database as it runs now ("tuned": PGlite's shared buffers sized to
// Charter, initdb of a new data directory in a short-lived child process) against
// PGlite's stock settings in the same run, and against PostgreSQL (database outside
// the process) where a URL is given. Each configuration runs in its own fresh
// process on a fresh data directory, and is measured from /proc.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Memory {
  afterStartMb: number;
  peakMb: number;
  steadyMb: number;
}

function measure(mode: 'tuned' | 'stock', pgUrl?: string): Memory {
  const dir = mkdtempSync(join(tmpdir(), 'charter-bench-mem-'));
  try {
    const out = execFileSync(process.execPath, ['--expose-gc', 'bench/memory-child.mjs', mode, dir, ...(pgUrl ? [pgUrl] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    return JSON.parse(out.trim().split('\n').at(-1) as string) as Memory;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function benchMemory(pgUrl: string | undefined): void {
  execFileSync(process.execPath, ['bin/charter.mjs', 'build'], { stdio: ['ignore', 'ignore', 'inherit'] });
  const stock = measure('stock');
  const tuned = measure('tuned');
  const mb = (v: number) => `${v.toFixed(0)} MB`;
  const row = (m: Memory) => ({ 'after start': mb(m.afterStartMb), 'peak': mb(m.peakMb), 'steady (300 requests)': mb(m.steadyMb), 'steady vs stock': (m.steadyMb / stock.steadyMb).toFixed(2), 'peak vs stock': (m.peakMb / stock.peakMb).toFixed(2) });
  console.log('\n## Memory of the server process (resident set, fresh data directory)');
  const table: Record<string, ReturnType<typeof row>> = {
    'PGlite, stock settings (baseline)': row(stock),
    'PGlite, as Charter runs it': row(tuned),
  };
  if (pgUrl) table['PostgreSQL (database in its own process)'] = row(measure('tuned', pgUrl));
  console.table(table);
}
