export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export function isLocale(value: string): value is Locale {
  return (LOCALES as readonly string[]).includes(value);
}

/** Maps a platform locale (`en-US`, `zh-cn`, `zh_CN`, `zh-Hans`) to a supported one. */
export function matchLocale(raw: string | null | undefined): Locale | undefined {
  if (!raw) return undefined;
  const tag = raw.trim().toLowerCase().replace('_', '-');
  if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  return undefined;
}
