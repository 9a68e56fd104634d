import type { Locale } from './locale.js';
// Neutral message text: a locale key with parameters. Adapters localize it per
// recipient through cards/. String parameters are user content and are escaped by
// the renderers; mentions and dates are rendered in each platform's own syntax.

export interface Mention {
  type: 'mention';
  address: string;
  name: string;
}

export interface DateParam {
  type: 'date';
  at: Date;
}

export interface Text {
  key: string;
  params?: Record<string, Param>;
}

/** User content that exists in each language (a tag's English and Chinese name): the reader's is shown. */
export interface LocalizedParam {
  type: 'localized';
  values: Readonly<Record<Locale, string>>;
}

export type Param = string | number | Mention | DateParam | LocalizedParam | Text | Param[];

export function text(key: string, params?: Record<string, Param>): Text {
  return params === undefined ? { key } : { key, params };
}

export function mention(address: string, name: string): Mention {
  return { type: 'mention', address, name };
}

export function localized(values: Readonly<Record<Locale, string>>): LocalizedParam {
  return { type: 'localized', values };
}

export function date(at: Date): DateParam {
  return { type: 'date', at };
}
