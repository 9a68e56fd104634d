// Renders a neutral Text into one platform's markup. The template comes from the
// locale files (trusted); parameters are user content (escaped per platform),
// mentions and dates (platform syntax), nested texts and lists.
import type { Locale } from '../src/core/locale.js';
import type { Mention, Param, Text } from '../src/core/messages.js';
import type { Translator } from '../src/i18n.js';

export interface RenderContext {
  i18n: Translator;
  locale: Locale;
  /** How commands are typed on this platform: `/charter` (Slack), `@Charter` (Teams). */
  command: string;
}

export interface Style {
  /** Makes user content inert in this markup. */
  escape(value: string): string;
  /** Makes user content inert inside a `code span` of the template (which it must not close). */
  code(value: string): string;
  mention(m: Mention, collected: Mention[]): string;
  date(at: Date, locale: Locale): string;
  /** Converts the locale files' neutral markup (`**bold**`) to this platform's. */
  markup(template: string): string;
  lines(items: string[]): string;
}

export interface Rendered {
  text: string;
  mentions: Mention[];
}

// Parameter slots use private-use characters, which no locale text contains.
const OPEN = '\uE000';
const CLOSE = '\uE001';
const SLOT = /\uE000(\d+)\uE001/g;

/** Whether offset falls inside a `code span` of text (an odd number of backticks before it). */
function insideCode(text: string, offset: number): boolean {
  let ticks = 0;
  for (let i = 0; i < offset; i += 1) if (text.charCodeAt(i) === 96) ticks += 1;
  return ticks % 2 === 1;
}

/** Applies fn to the parts of text outside `code spans`, leaving the spans as written. */
export function outsideCode(text: string, fn: (part: string) => string): string {
  return text
    .split(/(`[^`]*`)/)
    .map((part) => (part.startsWith('`') && part.endsWith('`') && part.length > 1 ? part : fn(part)))
    .join('');
}

function renderInto(ctx: RenderContext, t: Text, style: Style, mentions: Mention[]): string {
  const slots: Param[] = [];
  const params: Record<string, string | number> = { cmd: ctx.command };
  const param = (value: Param, inCode: boolean): string => {
    if (typeof value === 'string') return inCode ? style.code(value) : style.escape(value);
    if (typeof value === 'number') return String(value);
    if (Array.isArray(value)) return style.lines(value.map((v) => param(v, inCode)));
    if ('key' in value) return renderInto(ctx, value, style, mentions);
    if (value.type === 'mention') return style.mention(value, mentions);
    if (value.type === 'localized') return inCode ? style.code(value.values[ctx.locale]) : style.escape(value.values[ctx.locale]);
    return style.date(value.at, ctx.locale);
  };
  for (const [name, value] of Object.entries(t.params ?? {})) {
    if (typeof value === 'number') {
      params[name] = value; // kept a number so plural forms work
      continue;
    }
    params[name] = `${OPEN}${slots.length}${CLOSE}`;
    slots.push(value);
  }
  const template = style.markup(ctx.i18n.t(ctx.locale, t.key, params));
  return template.replace(SLOT, (_m, i: string, offset: number) => {
    const value = slots[Number(i)];
    return value === undefined ? '' : param(value, insideCode(template, offset));
  });
}

export function render(ctx: RenderContext, t: Text, style: Style): Rendered {
  const mentions: Mention[] = [];
  return { text: renderInto(ctx, t, style, mentions), mentions };
}

export function isoSeconds(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function plainDate(at: Date, locale: Locale): string {
  const formatted = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(at);
  return `${formatted} UTC`;
}

/** Plain text (a Teams dialog's closing message, an e-mail, a download's answer): nothing is interpreted, so nothing is escaped. */
export const plainStyle: Style = {
  escape: (value) => value,
  code: (value) => value,
  mention: (m) => m.name,
  date: (at, locale) => plainDate(at, locale),
  markup: (template) => template.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`/g, ''),
  lines: (items) => items.join('\n'),
};

/** A text as plain text in one locale. */
export function plainText(i18n: Translator, locale: Locale, t: Text): string {
  return render({ i18n, locale, command: '' }, t, plainStyle).text;
}

/** Cuts user content to a platform limit, marking the cut. */
export function clip(value: string, max: number): string {
  return value.length <= max ? value : `${value.slice(0, Math.max(0, max - 1))}…`;
}
