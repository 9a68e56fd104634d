// `npm run package:teams`: builds the Teams app package (manifest.json, the zh-CN
// localization and the two icons, zipped at the root) for upload to Teams.
// MICROSOFT_APP_ID and CHARTER_PUBLIC_URL fill in the manifest's placeholders.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync } from 'fflate';
import { PROJECT_ROOT } from '../src/paths.js';

const SOURCE = join(PROJECT_ROOT, 'manifest', 'teams');
const FILES = ['manifest.json', 'zh-cn.json', 'color.png', 'outline.png'] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export class PackageError extends Error {}

export function buildTeamsPackage(env: Record<string, string | undefined>, sourceDir = SOURCE): { zip: Uint8Array; manifest: Record<string, unknown> } {
  const appId = env['MICROSOFT_APP_ID']?.trim() ?? '';
  if (!GUID.test(appId)) throw new PackageError('MICROSOFT_APP_ID must be the bot’s app id (a GUID)');
  let url: URL;
  try {
    url = new URL(env['CHARTER_PUBLIC_URL']?.trim() ?? '');
  } catch {
    throw new PackageError('CHARTER_PUBLIC_URL must be the https URL that serves Charter');
  }
  if (url.protocol !== 'https:') throw new PackageError('CHARTER_PUBLIC_URL must be the https URL that serves Charter');
  const values: Record<string, string> = {
    MICROSOFT_APP_ID: appId.toLowerCase(),
    CHARTER_PUBLIC_URL: url.origin,
    CHARTER_PUBLIC_HOST: url.host,
  };
  const fill = (text: string) =>
    text.replace(/\{\{(\w+)\}\}/g, (_m, name: string) => {
      const v = values[name];
      if (v === undefined) throw new PackageError(`unknown placeholder {{${name}}} in the manifest`);
      return v;
    });
  const entries: Record<string, Uint8Array> = {};
  for (const file of FILES) {
    const bytes = readFileSync(join(sourceDir, file));
    entries[file] = file.endsWith('.json') ? new TextEncoder().encode(fill(bytes.toString('utf8'))) : new Uint8Array(bytes);
  }
  const manifest = JSON.parse(new TextDecoder().decode(entries['manifest.json'])) as Record<string, unknown>;
  return { zip: zipSync(entries, { level: 9 }), manifest };
}

function main(): void {
  const out = process.argv[2] ?? join(process.cwd(), 'dist', 'charter-teams.zip');
  try {
    const { zip } = buildTeamsPackage(process.env);
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, zip);
    process.stdout.write(`Teams app package: ${out}\n`);
  } catch (err) {
    if (!(err instanceof PackageError)) throw err;
    process.stderr.write(`Charter: cannot build the Teams package: ${err.message}\n`);
    process.exit(1);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) main();
