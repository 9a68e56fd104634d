// User text is cleaned at the core's edge, before it is stored or shown to anyone
// else: NUL and other control characters are dropped (PostgreSQL refuses NUL; the
// rest can hide or garble text), bidirectional overrides and isolates are removed
// (U+202E can make "txt.exe" read "exe.txt" inside a denial reason), as are
// invisible separators. Chinese, emoji (with their joiners and variation
// selectors) and ordinary punctuation stay exactly as typed.

// C0 controls but tab and line feed, DEL, C1 controls.
// eslint-disable-next-line no-control-regex -- matching control characters is this pattern's job
const CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
// Bidi embeddings, overrides and isolates; the Arabic letter mark; LRM and RLM.
const BIDI = /[\u202A-\u202E\u2066-\u2069\u061C\u200E\u200F]/g;
// Zero-width space, word joiner and invisible operators, BOM, interlinear annotation, noncharacters.
const INVISIBLE = /[\u200B\u2060-\u2064\uFEFF\uFFF9-\uFFFB\uFFFE\uFFFF]/g;
const LINE_BREAKS = /\r\n?|[\u2028\u2029\u0085]/g;
// Half of a surrogate pair on its own (not text; PostgreSQL's UTF-8 refuses it).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Multi-line text (reasons, purposes, form fields): line breaks kept, tabs as spaces. */
export function cleanText(value: string): string {
  return value
    .replace(LONE_SURROGATE, '\uFFFD')
    .replace(LINE_BREAKS, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(BIDI, '')
    .replace(INVISIBLE, '');
}

/** One line (names, titles, labels): line breaks become spaces. */
export function cleanLine(value: string): string {
  return cleanText(value).replace(/\n+/g, ' ');
}

/** Command words typed in full-width or compatibility forms (`ｊｏｉｎ`) read as their plain forms. */
export function commandWord(value: string): string {
  return value.normalize('NFKC').toLowerCase();
}
