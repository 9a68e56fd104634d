import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/core/registry.js';
import { BUILT_IN, CLASSES, CUSTOM_FIELDS } from '../../src/features/post/catalog.js';
import { FEATURES } from '../../src/features/index.js';
import { LOCALES } from '../../src/core/locale.js';
import { GROUP_TYPES, ROLE_NAMES, TIERS } from '../../src/core/model.js';
import { loadResources } from '../../src/i18n.js';
import { PROJECT_ROOT } from '../../src/paths.js';

const registry = buildRegistry(FEATURES);

function flatten(obj: Record<string, unknown>, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(obj)) {
    if (v !== null && typeof v === 'object') for (const [kk, vv] of flatten(v as Record<string, unknown>, `${prefix}${k}.`)) out.set(kk, vv);
    else out.set(`${prefix}${k}`, String(v));
  }
  return out;
}

const catalogs = Object.fromEntries(LOCALES.map((l) => [l, flatten(loadResources(l))])) as Record<(typeof LOCALES)[number], Map<string, string>>;
const en = catalogs.en;

/** A key as code asks for it: plural forms (`_one`, `_other`) count as their base. */
const hasKey = (key: string) => en.has(key) || en.has(`${key}_other`);
const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

describe('locales', () => {
  it('have the same files and keys in en and zh-CN', () => {
    expect(readdirSync(join(PROJECT_ROOT, 'locales/zh-CN')).sort()).toEqual(readdirSync(join(PROJECT_ROOT, 'locales/en')).sort());
    expect([...catalogs['zh-CN'].keys()].sort()).toEqual([...en.keys()].sort());
  });

  it('use the same placeholders in both languages, and no empty strings', () => {
    for (const [key, value] of en) {
      const zh = catalogs['zh-CN'].get(key) ?? '';
      expect(value.trim(), key).not.toBe('');
      expect(zh.trim(), key).not.toBe('');
      expect(placeholders(zh), key).toEqual(placeholders(value));
    }
  });

  it('hold every key the code names literally', () => {
    // Message keys appear as text('…'), { key: '…' }, the parsers' fail(usage, '…') and usage/label keys,
    // and as bad('…') for `command.…` in the grammars.
    const patterns = [/\btext\(\s*'([^'$]+)'/g, /\bkey:\s*'([^'$.]+\.[^'$]+)'/g, /\bfail(?:<\w+>)?\([^,()]+,\s*'([a-z][\w.]+)'/g, /\b(?:usage|details|label|describe|valid):\s*'([a-z][\w.-]+\.[\w.-]+)'/g];
    const parserKey = /\bbad\('(\w+)'/g;
    const missing: string[] = [];
    let seen = 0;
    for (const dir of ['src', 'cards', 'adapters']) {
      // Migrations name columns (t.text('reason')), not messages.
      for (const file of sourceFiles(join(PROJECT_ROOT, dir)).filter((f) => !f.includes('/migrations/'))) {
        const code = readFileSync(file, 'utf8');
        const keys = [
          ...patterns.flatMap((re) => [...code.matchAll(re)].map((m) => m[1] as string)),
          ...[...code.matchAll(parserKey)].map((m) => `command.${m[1]}`),
        ];
        seen += keys.length;
        const settingKeys = new Set(registry.settings.map((x) => x.key));
        for (const key of keys) if (!hasKey(key) && !settingKeys.has(key)) missing.push(`${file.replace(PROJECT_ROOT, '')}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
    expect(seen).toBeGreaterThan(100);
  });

  it('hold every key the code builds from a value list', () => {
    const built = [
      ...GROUP_TYPES.map((t) => `group.types.${t}`),
      ...TIERS.map((t) => `group.tiers.${t}`),
      ...ROLE_NAMES.map((r) => `role.names.${r}`),
      ...registry.verbs.flatMap((v) => [v.usage, v.details]),
      ...registry.settings.flatMap((s) => [s.describe, s.valid]),
      ...['flagged', 'kept', 'removed', 'auto-removed'].map((s) => `join.bypass.status.${s}`),
      ...BUILT_IN.flatMap((t) => t.fields.map((f) => `post.fields.${t.key}.${f.id}`)),
      ...CUSTOM_FIELDS.map((f) => `post.fields.custom.${f.id}`),
      ...CLASSES.map((c) => `post.classes.${c}`),
      ...['group', 'workspace', 'tier', 'type', 'default'].map((s) => `policy.source.${s}`),
      ...['kept', 'removed', 'not-removed'].map((o) => `rules.outcome.${o}`),
      ...['kept', 'removed', 'auto-removed'].map((s) => `join.bypass.already.${s}`),
      ...['approved', 'denied', 'expired', 'cancelled'].map((s) => `join.alreadyDecided.${s}`),
      ...['pending', 'approved', 'denied', 'expired', 'cancelled'].map((s) => `join.card.status.${s}`),
      ...['pending', 'running', 'done', 'owner-asked', 'failed'].map((s) => `join.card.fulfilment.${s}`),
      ...['active', 'inactive', 'unknown'].map((s) => `join.card.employmentStatus.${s}`),
      ...['internal', 'external'].map((s) => `join.card.accountKind.${s}`),
    ];
    expect(built.filter((k) => !hasKey(k))).toEqual([]);
  });
});
