// The project root, found from this file whether it runs from src/ (tests) or
// dist/src/ (production), so data files (locales) load the same way in both.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'locales'))) {
      const { name } = JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string };
      if (name === 'charter') return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the Charter project root (package.json with locales/)');
    dir = parent;
  }
}

export const PROJECT_ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const LOCALES_DIR = join(PROJECT_ROOT, 'locales');
