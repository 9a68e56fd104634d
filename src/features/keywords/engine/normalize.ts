// Folding a message so that evasions still match, with a map back to the original.
//
// `fold(text)` produces a folded string and, for every folded UTF-16 unit, the span
// [start, end) of the original text it came from, so a hit found in the folded text
// is reported in the original's offsets. Three linear passes:
//
//   1. Per code point (a base character together with the combining marks after it):
//      invisible characters are dropped (zero-width space/joiners, word joiner, BOM,
//      soft hyphen, variation selectors, bidi controls, tag characters, Hangul
//      fillers); the rest goes through NFKC (full-width letters and digits, circled
//      digits ①, ligatures, Kangxi radicals ⼈ → 人, ideographic space), loses its
//      combining accents (`café` → `cafe`, `wēixìn` → `weixin`, and marks stacked on
//      a Chinese character to break a match) and goes through `toLowerCase`; dingbat
//      circled digits (❶ ➀ ➊ ⓵ ⓿), which NFKC keeps, become digits.
//   2. Separators between Han characters are dropped: a run of whitespace,
//      punctuation or symbols (emoji included) with a Han character on both sides
//      (`加 微 信`, `加.微.信`, `加-微-信` → `加微信`). Any other run of whitespace
//      becomes one space (`work   from\nhome` → `work from home`).
//   3. Look-alike digits, only inside a run of digits: in a maximal run made of
//      ASCII digits, Chinese numerals and the letters o / l / i,
//        - Chinese numerals 〇零一二三四五六七八九, 幺 (read "1" in phone numbers) and
//          the financial forms 壹贰貳叁參肆伍陆陸柒捌玖 become digits when the run
//          holds at least 4 digits and numerals (`微信号一三八…` → `微信号138…`, while
//          `三八`, `一二三` and `六合彩` stay words);
//        - o → 0 and l / i (also from O / I) → 1 when a digit lies before and after
//          them in the run (`138o0l2` → `1380012`, `hello`, `1st`, `v1.0` unchanged).
//      These replace one unit by one unit.
//
// Per code point work is O(1): a BMP unit that folds on its own (ASCII, ideographs,
// CJK punctuation, full-width forms…) is looked up in a table filled on first sight;
// anything else is normalised as one short cluster (memoised). The whole fold is
// linear in the length of the text. Known limits: normalisation is per cluster, so
// conjoining Hangul jamo are not composed; `toLowerCase` is not full case folding
// (ß stays ß); traditional and simplified Chinese are not unified; homophones and
// pinyin spellings of Chinese words are not matched.

/** A folded text and the original span of each of its UTF-16 units. */
export interface Folded {
  readonly original: string;
  readonly text: string;
  /** starts[i]: where the source of folded unit i begins in the original. */
  readonly starts: Int32Array;
  /** ends[i]: where the source of folded unit i ends (exclusive) in the original. */
  readonly ends: Int32Array;
  /** Character class bits of each folded unit (the CLASS_* constants). */
  readonly classes: Uint8Array;
}

/** A Han (CJK ideograph) unit; for surrogate pairs both units carry it. */
export const CLASS_HAN = 1;
/** Whitespace, punctuation, symbol or control. */
export const CLASS_SEP = 2;
/** An ASCII digit (after folding). */
export const CLASS_DIGIT = 4;
/** A letter or number that makes words with spaces (Latin, Cyrillic, digits…), for whole-word boundaries. */
export const CLASS_WORD = 8;
/** A Chinese numeral (also CLASS_HAN). */
const CLASS_NUMERAL = 16;
/** o / l / i: may stand for 0 / 1 between digits. */
const CLASS_LOOK = 32;
/** Whitespace (also CLASS_SEP). */
const CLASS_SPACE = 64;

/** Invisible code points dropped before anything else. */
export function isInvisible(cp: number): boolean {
  if (cp < 0xad) return false;
  return (
    cp === 0xad || // soft hyphen
    cp === 0x34f || // combining grapheme joiner
    cp === 0x61c || // Arabic letter mark
    cp === 0x115f ||
    cp === 0x1160 || // Hangul fillers
    cp === 0x180e || // Mongolian vowel separator
    (cp >= 0x200b && cp <= 0x200f) || // zero-width space, ZWNJ, ZWJ, LRM, RLM
    (cp >= 0x202a && cp <= 0x202e) || // bidi embeddings and overrides
    (cp >= 0x2060 && cp <= 0x2064) || // word joiner, invisible operators
    (cp >= 0x2066 && cp <= 0x206f) || // bidi isolates, deprecated format characters
    cp === 0x3164 || // Hangul filler
    (cp >= 0xfe00 && cp <= 0xfe0f) || // variation selectors
    cp === 0xfeff || // zero-width no-break space (BOM)
    cp === 0xffa0 || // half-width Hangul filler
    (cp >= 0xe0000 && cp <= 0xe007f) || // tag characters
    (cp >= 0xe0100 && cp <= 0xe01ef) // variation selectors supplement
  );
}

/** CJK ideographs (unified, extensions A–H, compatibility) and 〇. */
export function isHan(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    cp === 0x3007 ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x20000 && cp <= 0x323af)
  );
}

/** Chinese numerals → digit (0–9), only applied inside runs of digits (pass 3). */
const NUMERALS = new Map<number, number>(
  [
    ['〇零', 0],
    ['一幺壹', 1],
    ['二贰貳', 2],
    ['三叁參', 3],
    ['四肆', 4],
    ['五伍', 5],
    ['六陆陸', 6],
    ['七柒', 7],
    ['八捌', 8],
    ['九玖', 9],
  ].flatMap(([chars, d]) => [...(chars as string)].map((c) => [c.codePointAt(0) as number, d as number] as const)),
);

/** Dingbat and enclosed digits that NFKC leaves alone → their value (may be 10). */
function dingbatDigit(cp: number): number {
  if (cp >= 0x2776 && cp <= 0x277f) return cp - 0x2776 + 1; // ❶–❿
  if (cp >= 0x2780 && cp <= 0x2789) return cp - 0x2780 + 1; // ➀–➉
  if (cp >= 0x278a && cp <= 0x2793) return cp - 0x278a + 1; // ➊–➓
  if (cp >= 0x24f5 && cp <= 0x24fe) return cp - 0x24f5 + 1; // ⓵–⓾
  if (cp === 0x24ea || cp === 0x24ff || cp === 0x1f10b || cp === 0x1f10c) return 0; // ⓪ ⓿ 🄋 🄌
  return -1;
}

const MARK = /^\p{M}$/u;
const SEPARATOR = /^[\p{P}\p{S}\p{Z}\p{Cc}\p{Cf}\s]$/u;
const SPACE = /^\s$/u;
const WORDISH = /^[\p{L}\p{N}]$/u;

function isMark(cp: number): boolean {
  if (cp < 0x300 || isHan(cp)) return false;
  return MARK.test(String.fromCodePoint(cp));
}

/** Class bits of one folded code point. */
function classify(cp: number): number {
  if (cp < 0x80) return ASCII_CLASS[cp] as number;
  if (isHan(cp)) return NUMERALS.has(cp) ? CLASS_HAN | CLASS_NUMERAL : CLASS_HAN;
  const ch = String.fromCodePoint(cp);
  if (SEPARATOR.test(ch)) return SPACE.test(ch) ? CLASS_SEP | CLASS_SPACE : CLASS_SEP;
  // Kana and Hangul letters do not make words with spaces either, but are not Han:
  // treat them as neither, so no boundary rule applies inside them.
  if ((cp >= 0x3040 && cp <= 0x30ff) || (cp >= 0xac00 && cp <= 0xd7af)) return 0;
  return WORDISH.test(ch) ? CLASS_WORD : 0;
}

const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c += 1) {
  if (c >= 0x30 && c <= 0x39) ASCII_CLASS[c] = CLASS_DIGIT | CLASS_WORD;
  // (Upper-case letters are lowered before they are classified.)
  else if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) ASCII_CLASS[c] = c === 0x6f || c === 0x6c || c === 0x69 ? CLASS_WORD | CLASS_LOOK : CLASS_WORD;
  else if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) ASCII_CLASS[c] = CLASS_SEP | CLASS_SPACE;
  else ASCII_CLASS[c] = CLASS_SEP;
}

const NONSPACING_MARKS = /[\p{Mn}\p{Me}]/gu;

/**
 * NFKC, combining accents removed, lower case: NFKD, drop nonspacing and enclosing
 * marks, NFC (so `é`, `e` + U+0301 and `ｅ` all become `e`, `微` + U+0301 becomes `微`,
 * the keycap `1️⃣` becomes `1`), then `toLowerCase`. Memoised: the same few hundred
 * clusters recur.
 */
const clusterCache = new Map<string, string>();
function foldedCluster(cluster: string): string {
  let out = clusterCache.get(cluster);
  if (out === undefined) {
    out = cluster.normalize('NFKD').replace(NONSPACING_MARKS, '').normalize('NFC').toLowerCase();
    if (clusterCache.size >= 8192) clusterCache.clear();
    clusterCache.set(cluster, out);
  }
  return out;
}

/**
 * Parallel arrays the three passes work in, reused from call to call (fold is
 * synchronous; the result is copied out at the end). Grown when a text is longer, or
 * when NFKC expands (U+FDFA is 18 characters).
 */
class Units {
  codes = new Uint16Array(1024);
  starts = new Int32Array(1024);
  ends = new Int32Array(1024);
  classes = new Uint8Array(1024);
  length = 0;
  /** Makes room for `more` units after the current length. */
  reserve(more: number): void {
    const need = this.length + more;
    if (need <= this.codes.length) return;
    const cap = Math.max(need, this.codes.length * 2);
    const codes = new Uint16Array(cap);
    codes.set(this.codes);
    const starts = new Int32Array(cap);
    starts.set(this.starts);
    const ends = new Int32Array(cap);
    ends.set(this.ends);
    const classes = new Uint8Array(cap);
    classes.set(this.classes);
    this.codes = codes;
    this.starts = starts;
    this.ends = ends;
    this.classes = classes;
  }
  push(code: number, start: number, end: number, cls: number): void {
    this.reserve(1);
    const i = this.length;
    this.codes[i] = code;
    this.starts[i] = start;
    this.ends[i] = end;
    this.classes[i] = cls;
    this.length = i + 1;
  }
}
const scratch = new Units();

function codePointAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
    const d = text.charCodeAt(i + 1);
    if (d >= 0xdc00 && d <= 0xdfff) return ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
  }
  return c;
}

/** Appends the folded form of one cluster (its output code points) spanning [start, end). */
function pushFolded(units: Units, folded: string, start: number, end: number): void {
  for (let k = 0; k < folded.length; ) {
    const cp = codePointAt(folded, k);
    const width = cp > 0xffff ? 2 : 1;
    const dingbat = dingbatDigit(cp);
    if (dingbat >= 10) {
      units.push(0x31, start, end, CLASS_DIGIT | CLASS_WORD);
      units.push(0x30 + dingbat - 10, start, end, CLASS_DIGIT | CLASS_WORD);
    } else if (dingbat >= 0) {
      units.push(0x30 + dingbat, start, end, CLASS_DIGIT | CLASS_WORD);
    } else if (!isInvisible(cp)) {
      const cls = classify(cp);
      units.push(folded.charCodeAt(k), start, end, cls);
      if (width === 2) units.push(folded.charCodeAt(k + 1), start, end, cls);
    }
    k += width;
  }
}

// What pass 1 does with each BMP code unit, computed on first sight (at most 65,536
// entries, 256 KB): bits 0–15 the folded unit, 16–23 its class, and flags.
const INFO_KNOWN = 1 << 30;
/** Folds to one BMP unit with no context: the fast path. */
const INFO_SIMPLE = 1 << 29;
const INFO_MARK = 1 << 28;
const INFO = new Int32Array(0x10000);

function unitInfo(c: number): number {
  let info = INFO[c] as number;
  if (info !== 0) return info;
  info = INFO_KNOWN;
  if (c < 0xd800 || c > 0xdfff) {
    if (isMark(c)) info |= INFO_MARK;
    else if (!isInvisible(c) && dingbatDigit(c) < 0) {
      const f = foldedCluster(String.fromCharCode(c));
      const u = f.charCodeAt(0);
      if (f.length === 1 && (u < 0xd800 || u > 0xdfff) && !isInvisible(u) && dingbatDigit(u) < 0) info |= INFO_SIMPLE | u | (classify(u) << 16);
    }
  }
  INFO[c] = info;
  return info;
}

/** Pass 1: invisibles, NFKC, lower case, dingbat digits. */
function foldCodePoints(text: string, units: Units): void {
  const n = text.length;
  units.length = 0;
  units.reserve(n + 16);
  // A unit that folds to one unit by itself (ASCII, ideographs, CJK punctuation,
  // full-width forms…) and is not followed by a combining mark is written straight
  // into the arrays (the capacity reserved covers one unit per unit); the general
  // case (clusters, expansions, astral characters) reserves for itself.
  let { codes, starts, ends, classes } = units;
  let len = 0;
  let i = 0;
  let info = n > 0 ? unitInfo(text.charCodeAt(0)) : 0;
  while (i < n) {
    const nextInfo = i + 1 < n ? unitInfo(text.charCodeAt(i + 1)) : 0;
    if ((info & INFO_SIMPLE) !== 0 && (nextInfo & INFO_MARK) === 0) {
      codes[len] = info & 0xffff;
      starts[len] = i;
      ends[len] = i + 1;
      classes[len] = (info >>> 16) & 0xff;
      len += 1;
      i += 1;
      info = nextInfo;
      continue;
    }
    units.length = len;
    i = foldCluster(text, i, units);
    units.reserve(n - i + 16);
    ({ codes, starts, ends, classes } = units);
    len = units.length;
    info = i < n ? unitInfo(text.charCodeAt(i)) : 0;
  }
  units.length = len;
}

/** The general case of pass 1 from text[i]: one cluster (a code point and its marks). Returns where the next begins. */
function foldCluster(text: string, i: number, units: Units): number {
  const n = text.length;
  const cp = codePointAt(text, i);
  const width = cp > 0xffff ? 2 : 1;
  if (isInvisible(cp)) return i + width;
  // The cluster: this code point and the combining marks (and invisibles) after it.
  let j = i + width;
  let marks = false;
  while (j < n) {
    const next = codePointAt(text, j);
    if (next < 0x300) break;
    const w = next > 0xffff ? 2 : 1;
    if (isInvisible(next)) j += w;
    else if (isMark(next)) {
      marks = true;
      j += w;
    } else break;
  }
  if (!marks && isHan(cp) && (cp < 0xf900 || cp > 0xfaff) && (cp < 0x2f800 || cp > 0x2fa1f)) {
    // Unified ideographs (not the compatibility ones) are NFKC-stable and caseless.
    const cls = NUMERALS.has(cp) ? CLASS_HAN | CLASS_NUMERAL : CLASS_HAN;
    units.push(text.charCodeAt(i), i, j, cls);
    if (width === 2) units.push(text.charCodeAt(i + 1), i, j, cls);
    return j;
  }
  let cluster = text.slice(i, i + width);
  if (marks) {
    for (let k = i + width; k < j; ) {
      const m = codePointAt(text, k);
      const w = m > 0xffff ? 2 : 1;
      if (!isInvisible(m)) cluster += text.slice(k, k + w);
      k += w;
    }
  }
  pushFolded(units, foldedCluster(cluster), i, j);
  return j;
}

/** Pass 2, in place: drop separators between Han characters, collapse other whitespace runs. */
function joinHan(u: Units): void {
  const { codes, starts, ends, classes } = u;
  const n = u.length;
  let w = 0;
  let i = 0;
  while (i < n) {
    const cls = classes[i] as number;
    if ((cls & CLASS_SEP) === 0) {
      if (w !== i) {
        codes[w] = codes[i] as number;
        starts[w] = starts[i] as number;
        ends[w] = ends[i] as number;
        classes[w] = cls;
      }
      w += 1;
      i += 1;
      continue;
    }
    let k = i;
    let allSpace = true;
    while (k < n && ((classes[k] as number) & CLASS_SEP) !== 0) {
      if (((classes[k] as number) & CLASS_SPACE) === 0) allSpace = false;
      k += 1;
    }
    const hanBefore = w > 0 && ((classes[w - 1] as number) & CLASS_HAN) !== 0;
    const hanAfter = k < n && ((classes[k] as number) & CLASS_HAN) !== 0;
    if (hanBefore && hanAfter) {
      // dropped
    } else if (allSpace && k === i + 1 && codes[i] === 0x20) {
      // one plain space: kept as it is
      if (w !== i) {
        codes[w] = 0x20;
        starts[w] = starts[i] as number;
        ends[w] = ends[i] as number;
        classes[w] = cls;
      }
      w += 1;
    } else if (allSpace) {
      codes[w] = 0x20;
      starts[w] = starts[i] as number;
      ends[w] = ends[k - 1] as number;
      classes[w] = CLASS_SEP | CLASS_SPACE;
      w += 1;
    } else {
      for (let m = i; m < k; m += 1) {
        if (w === m) {
          w += 1;
          continue;
        }
        codes[w] = codes[m] as number;
        starts[w] = starts[m] as number;
        ends[w] = ends[m] as number;
        classes[w] = classes[m] as number;
        w += 1;
      }
    }
    i = k;
  }
  u.length = w;
}

const DIGITISH = CLASS_DIGIT | CLASS_NUMERAL | CLASS_LOOK;
/** Minimum number of digits and numerals in a run before Chinese numerals count as digits. */
const MIN_NUMERAL_RUN = 4;

/** Pass 3, in place: look-alike digits inside runs of digits. */
function mapDigits(u: Units): void {
  const { codes, classes } = u;
  const n = u.length;
  let i = 0;
  while (i < n) {
    if (((classes[i] as number) & DIGITISH) === 0) {
      i += 1;
      continue;
    }
    let k = i;
    let count = 0;
    let numerals = false;
    while (k < n && ((classes[k] as number) & DIGITISH) !== 0) {
      const cls = classes[k] as number;
      if (cls & CLASS_NUMERAL) numerals = true;
      if (cls & (CLASS_DIGIT | CLASS_NUMERAL)) count += 1;
      k += 1;
    }
    const numeralsAreDigits = numerals && count >= MIN_NUMERAL_RUN;
    if (numeralsAreDigits) {
      for (let m = i; m < k; m += 1) {
        if ((classes[m] as number) & CLASS_NUMERAL) {
          codes[m] = 0x30 + (NUMERALS.get(codes[m] as number) as number);
          classes[m] = CLASS_DIGIT | CLASS_WORD;
        }
      }
    }
    // o / l / i with a digit before and after them in the run.
    let lastDigit = -1;
    for (let m = k - 1; m >= i; m -= 1) {
      if ((classes[m] as number) & CLASS_DIGIT) {
        lastDigit = m;
        break;
      }
    }
    let seenDigit = false;
    for (let m = i; m < lastDigit; m += 1) {
      const cls = classes[m] as number;
      if (cls & CLASS_DIGIT) seenDigit = true;
      else if (seenDigit && cls & CLASS_LOOK) {
        codes[m] = codes[m] === 0x6f ? 0x30 : 0x31;
        classes[m] = CLASS_DIGIT | CLASS_WORD;
      }
    }
    i = k;
  }
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const UTF16 = new TextDecoder('utf-16le');

function unitsToString(codes: Uint16Array, length: number): string {
  // TextDecoder is the fastest way from units to a string; it would replace a lone
  // surrogate by U+FFFD (same length), which no keyword can contain anyway.
  if (LITTLE_ENDIAN) return UTF16.decode(codes.subarray(0, length));
  // apply, not spread: spreading a typed array goes through its iterator (several times slower).
  let out = '';
  for (let i = 0; i < length; i += 4096) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(length, i + 4096)) as unknown as number[]);
  return out;
}

/** Folds a text for matching (see the top of this file). Linear in its length. */
export function fold(original: string): Folded {
  const u = scratch;
  foldCodePoints(original, u);
  joinHan(u);
  mapDigits(u);
  const n = u.length;
  const spans = new Int32Array(2 * n);
  spans.set(u.starts.subarray(0, n));
  spans.set(u.ends.subarray(0, n), n);
  return {
    original,
    text: unitsToString(u.codes, n),
    starts: spans.subarray(0, n),
    ends: spans.subarray(n),
    classes: u.classes.slice(0, n),
  };
}

/**
 * A folded keyword with its Chinese numerals written as digits, or null when it has none.
 * In a message, numerals next to a run of digits are read as digits (`1三8…` is a phone
 * number), so `买2024六合彩` folds to `买20246合彩`; a keyword is matched in both forms.
 */
export function numeralsAsDigits(folded: string): string | null {
  let out = '';
  let changed = false;
  for (const ch of folded) {
    const d = NUMERALS.get(ch.codePointAt(0) as number);
    if (d === undefined) out += ch;
    else {
      out += String.fromCharCode(0x30 + d);
      changed = true;
    }
  }
  return changed ? out : null;
}

/** The original span of the folded span [start, end). */
export function originalSpan(f: Folded, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start < f.starts.length ? (f.starts[start] as number) : f.original.length;
    return { start: at, end: at };
  }
  return { start: f.starts[start] as number, end: f.ends[end - 1] as number };
}
