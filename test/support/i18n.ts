// A translator that records every key it could not find, so a test fails on it.
import { createTranslator, type Translator } from '../../src/i18n.js';

export interface StrictTranslator extends Translator {
  missing: string[];
}

export function strictTranslator(): StrictTranslator {
  const missing: string[] = [];
  const t = createTranslator({ onMissing: (locale, key) => missing.push(`${locale}:${key}`) });
  return { ...t, missing };
}
