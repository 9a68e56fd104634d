// Sensitive data (MSG-7): resident ID numbers, bank cards, mobile numbers, e-mail
// addresses and salary amounts. Detectors run on the folded text (normalize.ts), so
// full-width digits, zero-width characters and look-alike digits (`138o0l2…`,
// `一三八…`) are seen through; findings are reported in the original's offsets.
//
// A finding never holds the raw value: only `redacted`, a masked sample. Nothing here
// throws or logs with a matched value.
//
// Digits are read as runs (maximal sequences of ASCII digits), so a number is never
// found inside a longer one: an ID or card number holds 11-digit substrings that are
// not phone numbers. Runs separated by one space, dash or dot form a group sequence, in
// which the written forms `6222 0212 3456 7890 123` (card, 4-4-4-4[-1..3]),
// `110105 19900307 123X` (ID, 6-8-4), `138 1234 5678` / `+86 138-1234-5678` (mobile,
// 3-4-4) are recognised, and so is a number with every digit spaced out; every scan
// is linear in the text.
import { CLASS_WORD, fold, type Folded } from './normalize.js';

export type Detector = 'resident-id' | 'bank-card' | 'mobile' | 'email' | 'salary';
export const DETECTORS: readonly Detector[] = ['resident-id', 'bank-card', 'mobile', 'email', 'salary'];

export interface Finding {
  detector: Detector;
  /** [start, end) in the original text. */
  start: number;
  end: number;
  /** 0..1 */
  confidence: number;
  /** The value masked (`1101**********123X`, `6222 **** **** 1234`, `138****5678`, `a***@example.com`, `***`). */
  redacted: string;
}

export interface DetectOptions {
  /** "Today" for the birth-date check of resident IDs (default: now). */
  now?: Date;
}

/** Confidence of each kind of finding. */
export const CONFIDENCE = {
  residentId: 0.95,
  residentIdLegacy: 0.6,
  cardLuhn: 0.9,
  cardUnionPayNoLuhn: 0.5,
  mobile: 0.85,
  mobileWritten: 0.9, // with +86 or written 3-4-4
  email: 0.9,
  salaryWithUnit: 0.7,
  salaryBare: 0.5,
} as const;

// ---------------------------------------------------------------------------------
// Validation

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** The GB 11643 check character of the first 17 digits. */
export function residentIdCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += (first17.charCodeAt(i) - 48) * (ID_WEIGHTS[i] as number);
  return ID_CHECK[sum % 11] as string;
}

function validDate(year: number, month: number, day: number, now: Date): boolean {
  if (year < 1900 || month < 1 || month > 12 || day < 1) return false;
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] as number;
  if (day > days) return false;
  const today = now.getUTCFullYear() * 10000 + (now.getUTCMonth() + 1) * 100 + now.getUTCDate();
  return year * 10000 + month * 100 + day <= today;
}

const num = (s: string, from: number, to: number) => Number(s.slice(from, to));

/** 18 characters (upper-case X accepted as x): checksum and birth date. */
export function isResidentId18(id: string, now: Date = new Date()): boolean {
  if (!/^[1-9]\d{16}[\dXx]$/.test(id)) return false;
  if (residentIdCheckChar(id) !== id[17]!.toUpperCase()) return false;
  return validDate(num(id, 6, 10), num(id, 10, 12), num(id, 12, 14), now);
}

/** 15 digits (before 1999): birth date 19YYMMDD at positions 7–12; there is no checksum. */
export function isResidentId15(id: string, now: Date = new Date()): boolean {
  if (!/^[1-9]\d{14}$/.test(id)) return false;
  return validDate(1900 + num(id, 6, 8), num(id, 8, 10), num(id, 10, 12), now);
}

export function luhn(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

/** Confidence of a 16–19 digit card number, or 0 when it is not one. */
function cardConfidence(digits: string): number {
  if (digits.length < 16 || digits.length > 19 || digits[0] === '0') return 0;
  if (/^(\d)\1*$/.test(digits)) return 0; // 0000…, 1111…: placeholders
  if (luhn(digits)) return CONFIDENCE.cardLuhn;
  return digits.startsWith('62') ? CONFIDENCE.cardUnionPayNoLuhn : 0;
}

const isMobile = (digits: string) => /^1[3-9]\d{9}$/.test(digits);

// ---------------------------------------------------------------------------------
// Redaction

const stars = (n: number) => '*'.repeat(Math.max(0, n));

/** A masked sample of a value; short or odd inputs are masked whole, the middle never shows. */
export function redact(detector: Detector, raw: string): string {
  switch (detector) {
    case 'resident-id': {
      const s = raw.replace(/[^\dXx]/g, '').toUpperCase();
      return s.length < 12 ? stars(s.length) : `${s.slice(0, 4)}${stars(s.length - 8)}${s.slice(-4)}`;
    }
    case 'bank-card': {
      const d = raw.replace(/\D/g, '');
      return d.length < 12 ? stars(d.length) : `${d.slice(0, 4)} **** **** ${d.slice(-4)}`;
    }
    case 'mobile': {
      let d = raw.replace(/\D/g, '');
      if (d.length > 11) d = d.slice(-11); // without +86 / 0086
      return d.length < 11 ? stars(d.length) : `${d.slice(0, 3)}****${d.slice(-4)}`;
    }
    case 'email': {
      const at = raw.lastIndexOf('@');
      return at < 1 ? '***' : `${raw[0]}***${raw.slice(at)}`;
    }
    case 'salary':
      return '***';
  }
}

// ---------------------------------------------------------------------------------
// Detection

interface Run {
  /** [b, e) of the digits in the folded text. */
  b: number;
  e: number;
  /** An x right after the digits, then no letter or digit (the check character of an ID). */
  x: boolean;
}

interface Hit {
  detector: Detector;
  b: number;
  e: number;
  confidence: number;
  raw: string;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isAlnum = (c: number) => isDigit(c) || (c >= 97 && c <= 122);

/** Maximal digit runs, linked into sequences joined by exactly one space or dash. */
function digitSequences(text: string): Run[][] {
  const sequences: Run[][] = [];
  let current: Run[] = [];
  const n = text.length;
  let i = 0;
  while (i < n) {
    if (!isDigit(text.charCodeAt(i))) {
      i += 1;
      continue;
    }
    const b = i;
    while (i < n && isDigit(text.charCodeAt(i))) i += 1;
    const x = text.charCodeAt(i) === 0x78 && !(i + 1 < n && isAlnum(text.charCodeAt(i + 1)));
    const run: Run = { b, e: i, x };
    const prev = current.at(-1);
    const sep = text.charCodeAt(b - 1);
    if (prev !== undefined && !prev.x && prev.e === b - 1 && (sep === 0x20 || sep === 0x2d || sep === 0x2e)) current.push(run);
    else {
      if (current.length > 0) sequences.push(current);
      current = [run];
    }
    if (x) i += 1;
  }
  if (current.length > 0) sequences.push(current);
  return sequences;
}

function digitsDetect(text: string, hits: Hit[], want: (d: Detector) => boolean, now: Date): void {
  const len = (r: Run | undefined) => (r === undefined ? -1 : r.e - r.b);
  const digits = (rs: Run[]) => rs.map((r) => text.slice(r.b, r.e)).join('');
  const push = (detector: Detector, b: number, e: number, confidence: number, raw: string) => hits.push({ detector, b, e, confidence, raw });

  /** The checks on one run of digits d at [b, e), x: followed by a check character. */
  const single = (d: string, b: number, e: number, x: boolean) => {
    const n = d.length;
    if (want('resident-id') && ((n === 17 && x) || (n === 18 && !x)) && isResidentId18(x ? `${d}x` : d, now)) {
      push('resident-id', b, e + (x ? 1 : 0), CONFIDENCE.residentId, x ? `${d}x` : d);
    } else if (x) {
      // digits followed by a check character that does not make an ID: nothing
    } else if (want('resident-id') && n === 15 && isResidentId15(d, now)) {
      push('resident-id', b, e, CONFIDENCE.residentIdLegacy, d);
    } else if (want('bank-card') && n >= 16 && n <= 19 && cardConfidence(d) > 0) {
      push('bank-card', b, e, cardConfidence(d), d);
    } else if (want('mobile') && n === 11 && isMobile(d)) {
      push('mobile', b, e, CONFIDENCE.mobile, d);
    } else if (want('mobile') && ((n === 13 && d.startsWith('86')) || (n === 15 && d.startsWith('0086'))) && isMobile(d.slice(-11))) {
      push('mobile', text.charCodeAt(b - 1) === 0x2b ? b - 1 : b, e, CONFIDENCE.mobileWritten, d.slice(-11));
    }
  };

  for (const seq of digitSequences(text)) {
    // Every digit spaced out (`1 3 8 1 2 3 4 5 6 7 8`): read as one number.
    if (seq.length >= 11 && seq.every((r) => r.e - r.b === 1)) {
      const last = seq.at(-1) as Run;
      single(digits(seq), (seq[0] as Run).b, last.e, last.x);
      continue;
    }
    let i = 0;
    while (i < seq.length) {
      const r = seq[i] as Run;
      // Written forms across several runs. Groups of four: a card, unless the digits
      // make a valid ID (`1101 0519 9003 0712 3X`).
      if (len(r) === 4 && len(seq[i + 1]) === 4 && len(seq[i + 2]) === 4 && len(seq[i + 3]) === 4 && !seq[i + 3]!.x) {
        const fifth = seq[i + 4];
        const five = fifth !== undefined && len(fifth) >= 1 && len(fifth) <= 3;
        let taken = 0;
        for (const count of five ? [5, 4] : [4]) {
          const last = seq[i + count - 1] as Run;
          const d = digits(seq.slice(i, i + count));
          const id = last.x ? `${d}x` : d;
          if (want('resident-id') && id.length === 18 && isResidentId18(id, now)) {
            push('resident-id', r.b, last.e + (last.x ? 1 : 0), CONFIDENCE.residentId, id);
            taken = count;
            break;
          }
          const confidence = last.x || !want('bank-card') ? 0 : cardConfidence(d);
          if (confidence > 0) {
            push('bank-card', r.b, last.e, confidence, d);
            taken = count;
            break;
          }
        }
        if (taken > 0) {
          i += taken;
          continue;
        }
      }
      if (want('resident-id') && len(r) === 6 && len(seq[i + 1]) === 8 && (len(seq[i + 2]) === 4 || (len(seq[i + 2]) === 3 && seq[i + 2]!.x))) {
        const last = seq[i + 2] as Run;
        const id = digits(seq.slice(i, i + 3)) + (last.x ? 'x' : '');
        if (isResidentId18(id, now)) {
          push('resident-id', r.b, last.e + (last.x ? 1 : 0), CONFIDENCE.residentId, id);
          i += 3;
          continue;
        }
      }
      if (want('mobile')) {
        const d = text.slice(r.b, r.e);
        const prefixed = (d === '86' || d === '0086') && !r.x;
        const at = prefixed ? i + 1 : i;
        const first = seq[at];
        let found = 0;
        if (first !== undefined && len(first) === 3 && len(seq[at + 1]) === 4 && len(seq[at + 2]) === 4 && !seq[at + 2]!.x && isMobile(digits(seq.slice(at, at + 3)))) found = 3;
        else if (prefixed && first !== undefined && len(first) === 11 && !first.x && isMobile(text.slice(first.b, first.e))) found = 1;
        if (found > 0) {
          const b = text.charCodeAt(r.b - 1) === 0x2b ? r.b - 1 : r.b; // +86
          const last = seq[at + found - 1] as Run;
          push('mobile', b, last.e, CONFIDENCE.mobileWritten, digits(seq.slice(at, at + found)));
          i = at + found;
          continue;
        }
      }
      // One run on its own.
      single(text.slice(r.b, r.e), r.b, r.e, r.x);
      i += 1;
    }
  }
}

const LOCAL = /[a-z0-9._%+-]/;
const MAX_LOCAL = 64;
const MAX_DOMAIN = 253;

/** E-mail addresses around each @, scanning at most 64 + 253 characters per @ (linear). */
function emailDetect(f: Folded, hits: Hit[]): void {
  const text = f.text;
  let from = 0;
  for (;;) {
    const at = text.indexOf('@', from);
    if (at < 0) return;
    from = at + 1;
    let b = at;
    while (b > 0 && at - b < MAX_LOCAL && LOCAL.test(text[b - 1] as string)) b -= 1;
    while (b < at && text[b] === '.') b += 1;
    if (b === at) continue;
    // Domain: letters, digits (any script), dots and dashes.
    let e = at + 1;
    while (e < text.length && e - at <= MAX_DOMAIN) {
      const c = text.charCodeAt(e);
      if (c === 0x2e || c === 0x2d || isAlnum(c) || (c > 0x7f && ((f.classes[e] as number) & CLASS_WORD) !== 0)) e += 1;
      else break;
    }
    while (e > at + 1 && (text[e - 1] === '.' || text[e - 1] === '-')) e -= 1;
    const domain = text.slice(at + 1, e);
    const dot = domain.lastIndexOf('.');
    if (dot <= 0 || domain.includes('..') || !/^[a-z\p{L}]{2,}$/u.test(domain.slice(dot + 1))) continue;
    hits.push({ detector: 'email', b, e, confidence: CONFIDENCE.email, raw: text.slice(b, e) });
    from = e;
  }
}

const SALARY_WORDS = /工资|薪资|薪水|薪酬|薪金|月薪|年薪|底薪|奖金|年终奖|提成|salary|salaries|payroll|payslip|pay slip|paycheck|compensation|bonus|wages?\b/g;
// An amount: optional currency, digits with thousands separators and decimals, optional unit.
const AMOUNT = /(?:(?:¥|\$|rmb|cny|usd|人民币)\s?)?\d[\d,]*(?:\.\d+)?(?:\s?(?:万元|万|千元|千|k|w|元|块|rmb|cny|usd|美元|美金|刀))?/g;
const CURRENCY = /^(?:¥|\$|rmb|cny|usd|人民币)|(?:万元|万|千元|千|k|w|元|块|rmb|cny|usd|美元|美金|刀)$/;
/** What follows a number that is a date, a count or a rate rather than money. */
const NOT_MONEY_AFTER = /^\s?[年月日号天个人次%点分秒岁位名期届]/;
const NEAR = 20;

function salaryDetect(f: Folded, hits: Hit[]): void {
  const text = f.text;
  const words: number[] = []; // pairs [b, e)
  SALARY_WORDS.lastIndex = 0;
  for (let m = SALARY_WORDS.exec(text); m !== null; m = SALARY_WORDS.exec(text)) words.push(m.index, m.index + m[0].length);
  if (words.length === 0) return;
  const taken = hits.map((h) => [h.b, h.e] as const);
  AMOUNT.lastIndex = 0;
  let w = 0;
  for (let m = AMOUNT.exec(text); m !== null; m = AMOUNT.exec(text)) {
    const raw = m[0].replace(/[\s,]+$/, '');
    const b = m.index;
    const e = b + raw.length;
    if (b > 0 && isAlnum(text.charCodeAt(b - 1)) && !/^[¥$]/.test(raw)) continue; // part of a word or code (v2, a1b2)
    if (taken.some(([tb, te]) => tb < e && b < te)) continue; // a phone, card or ID number
    const unit = CURRENCY.test(raw);
    const digitCount = raw.replace(/\D/g, '').length;
    if (!unit) {
      if (digitCount < 3 || NOT_MONEY_AFTER.test(text.slice(e, e + 2))) continue;
      if (/^(?:19|20)\d\d$/.test(raw)) continue; // a year
    }
    if (digitCount > 12) continue;
    // A salary word ending at most NEAR before the amount or starting at most NEAR after it.
    while (w < words.length && (words[w + 1] as number) < b - NEAR) w += 2;
    let near = false;
    for (let k = w; k < words.length && !near; k += 2) {
      const wb = words[k] as number;
      const we = words[k + 1] as number;
      if (wb > e + NEAR) break;
      if ((we <= b && b - we <= NEAR) || (wb >= e && wb - e <= NEAR)) near = true;
    }
    if (near) hits.push({ detector: 'salary', b, e, confidence: unit ? CONFIDENCE.salaryWithUnit : CONFIDENCE.salaryBare, raw: '' });
  }
}

/**
 * Sensitive data in a message (all detectors unless `enabled` says which), in the
 * order they appear. Pass the result of `fold` to share it with the keyword matcher.
 */
export function detectSensitive(text: string | Folded, enabled?: ReadonlySet<Detector>, options: DetectOptions = {}): Finding[] {
  const f = typeof text === 'string' ? fold(text) : text;
  const want = (d: Detector) => enabled === undefined || enabled.has(d);
  const now = options.now ?? new Date();
  const hits: Hit[] = [];
  if (want('email') && f.text.includes('@')) emailDetect(f, hits);
  if (want('resident-id') || want('bank-card') || want('mobile')) {
    const numbers: Hit[] = [];
    digitsDetect(f.text, numbers, want, now);
    // A number inside an e-mail address (13812345678@qq.com) is reported as the address.
    for (const h of numbers) if (!hits.some((o) => o.detector === 'email' && o.b <= h.b && h.e <= o.e)) hits.push(h);
  }
  if (want('salary')) salaryDetect(f, hits);

  hits.sort((a, b) => a.b - b.b || b.e - a.e);
  return hits.map((h) => ({
    detector: h.detector,
    start: f.starts[h.b] as number,
    end: f.ends[h.e - 1] as number,
    confidence: h.confidence,
    redacted: redact(h.detector, h.raw),
  }));
}
