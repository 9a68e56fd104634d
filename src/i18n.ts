// i18next over locales/<lng>/<area>.json. A file's keys live under its name:
// locales/en/join.json {"sent": …} is `join.sent`. Both locales must hold the same
// keys (test/unit/locales.test.ts); a key missing at run time is reported to
// onMissing so tests can fail on it.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import i18next, { type i18n as I18nInstance } from 'i18next';
import { LOCALES, type Locale } from './core/locale.js';
import { LOCALES_DIR } from './paths.js';

export interface Translator {
  t(locale: Locale, key: string, params?: Record<string, string | number>): string;
  has(locale: Locale, key: string): boolean;
}

export type Resources = Record<string, Record<string, unknown>>;

export function loadResources(locale: Locale, dir = LOCALES_DIR): Resources {
  const out: Resources = {};
  for (const file of readdirSync(join(dir, locale)).filter((f) => f.endsWith('.json')).sort()) {
    out[file.slice(0, -'.json'.length)] = JSON.parse(readFileSync(join(dir, locale, file), 'utf8')) as Record<string, unknown>;
  }
  return out;
}

export function createTranslator(options: { onMissing?: (locale: string, key: string) => void } = {}): Translator {
  const instance: I18nInstance = i18next.createInstance();
  void instance.init({
    initAsync: false,
    lng: 'en',
    fallbackLng: false,
    supportedLngs: [...LOCALES],
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: loadResources(l) }])),
    interpolation: { escapeValue: false },
    returnNull: false,
    saveMissing: options.onMissing !== undefined,
    missingKeyHandler: (lngs, _ns, key) => {
      for (const lng of lngs) options.onMissing?.(lng, key);
    },
  });
  return {
    t: (locale, key, params) => instance.t(key, { lng: locale, ...(params ?? {}) }),
    has: (locale, key) => instance.exists(key, { lng: locale }),
  };
}
