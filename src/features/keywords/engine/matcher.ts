// Keyword lists compiled once into one Aho-Corasick automaton (every word and whole
// word of every list, plus the allow phrases) and one RE2 set (every regex), matched
// against the folded message; hits are reported in the original message's offsets.
//
// Aho-Corasick: @monyone/aho-corasick's double-array variant (`/fast`). It walks the
// text by UTF-16 unit, so its offsets are String.prototype.slice offsets, astral
// characters included (a surrogate pair is two units in keyword and text alike). It
// does no case folding or normalisation: we fold keywords and text with the same
// `fold` first. See bench/keywords.ts for the comparison with the other packages.
import { AhoCorasick } from '@monyone/aho-corasick/fast';
import { RE2Set, type RE2JS } from 're2js';
import { CLASS_WORD, fold, numeralsAsDigits, type Folded } from './normalize.js';
import { compileRegex, REGEX_FLAGS, type RegexProblem } from './regex.js';

export type EntryKind = 'word' | 'whole' | 'regex';

/** One entry of a keyword list. `word`: anywhere; `whole`: at word boundaries (Latin, digits); `regex`: RE2 syntax. */
export interface KeywordEntry {
  id: string;
  listId: string;
  kind: EntryKind;
  pattern: string;
}

/** A phrase under which a list's hits are ignored (`微信支付` for the entry `微信`). */
export interface AllowPhrase {
  listId: string;
  pattern: string;
}

/** An entry found in a message: [start, end) in the original text. */
export interface KeywordHit {
  entryId: string;
  listId: string;
  start: number;
  end: number;
}

export type EntryProblem = 'empty' | 'too-long' | RegexProblem;
export type EntryCheck = { ok: true; pattern: string } | { ok: false; reason: EntryProblem };

/** Longest pattern accepted, in UTF-16 units, before and after trimming. */
export const MAX_PATTERN_LENGTH = 200;

/**
 * Checks a pattern as an administrator adds it. The pattern answered is what to store:
 * trimmed, and for words inner whitespace runs become one space (the folded text has
 * single spaces). A word must keep something after folding (not only invisible
 * characters); a regex must compile with RE2 (see regex.ts).
 */
export function validateEntry(kind: EntryKind, pattern: string): EntryCheck {
  const checked = checkEntry(kind, pattern);
  return checked.ok ? { ok: true, pattern: checked.pattern } : checked;
}

/** validateEntry, keeping what compiling needs: the folded word or the compiled regex. */
function checkEntry(kind: EntryKind, pattern: string): { ok: true; pattern: string; folded: string; re: RE2JS | null } | { ok: false; reason: EntryProblem } {
  const trimmed = pattern.trim();
  if (trimmed.length === 0) return { ok: false, reason: 'empty' };
  if (trimmed.length > MAX_PATTERN_LENGTH) return { ok: false, reason: 'too-long' };
  if (kind === 'regex') {
    const re = compileRegex(trimmed);
    return re.ok ? { ok: true, pattern: trimmed, folded: '', re: re.re } : re;
  }
  const word = trimmed.replace(/\s+/gu, ' ');
  const folded = fold(word).text.trim();
  if (folded.length === 0) return { ok: false, reason: 'empty' };
  return { ok: true, pattern: word, folded, re: null };
}

export interface KeywordStats {
  entries: number;
  /** Distinct folded words (Aho-Corasick keywords), allow phrases included. */
  literals: number;
  regexes: number;
  allowPhrases: number;
  /** Ids of entries that no longer validate (skipped, never thrown). */
  skipped: string[];
  /** Rough retained size in bytes (calibrated with bench/keywords.ts; heap, not RSS). */
  estimatedBytes: number;
}

export interface CompiledKeywords {
  /** The entries in a message (one hit per entry at most: its first occurrence outside the allow phrases), sorted by start. */
  match(text: string | Folded): KeywordHit[];
  readonly stats: KeywordStats;
}

/** A distinct folded string and what it stands for. */
interface Literal {
  /** Indices of word/whole entries with this folded pattern. */
  entries: number[];
  /** Indices of lists that allow this phrase. */
  allowLists: number[];
}

interface RegexEntry {
  entry: number;
  re: RE2JS;
}

// Calibration of estimatedBytes (bench/keywords.ts, 10,000 keywords, Node 20): the
// double array, its per-state keyword arrays and our tables.
const BYTES_PER_UNIT = 110;
const BYTES_PER_ENTRY = 120;
const BYTES_PER_REGEX_INST = 400;

interface RegexGroup {
  /** null: a single regex, or a group RE2 could not compile as one set; its members are tested one by one. */
  set: RE2Set | null;
  members: RegexEntry[];
}

/** RE2 sets over the regexes: one if it compiles (RE2 caps a program's size), else halves, recursively. */
function groupRegexes(regexes: RegexEntry[]): RegexGroup[] {
  if (regexes.length === 0) return [];
  if (regexes.length === 1) return [{ set: null, members: regexes }];
  try {
    const set = new RE2Set(RE2Set.UNANCHORED, REGEX_FLAGS);
    for (const r of regexes) set.add(r.re.pattern());
    set.compile();
    return [{ set, members: regexes }];
  } catch {
    const half = Math.ceil(regexes.length / 2);
    return [...groupRegexes(regexes.slice(0, half)), ...groupRegexes(regexes.slice(half))];
  }
}

function isWordAt(f: Folded, i: number): boolean {
  return i >= 0 && i < f.classes.length && ((f.classes[i] as number) & CLASS_WORD) !== 0;
}

/** Whole-word rule: a boundary is required only at an end whose character makes words with spaces. */
function wholeWordAt(f: Folded, begin: number, end: number): boolean {
  if (isWordAt(f, begin) && isWordAt(f, begin - 1)) return false;
  if (isWordAt(f, end - 1) && isWordAt(f, end)) return false;
  return true;
}

/** Compiles lists for matching. Invalid entries and allow phrases are skipped, not thrown. */
export function compileKeywords(entries: readonly KeywordEntry[], allow: readonly AllowPhrase[] = []): CompiledKeywords {
  const listIndex = new Map<string, number>();
  const listOf = (id: string): number => {
    let i = listIndex.get(id);
    if (i === undefined) {
      i = listIndex.size;
      listIndex.set(id, i);
    }
    return i;
  };

  const entryIds: string[] = [];
  const entryListIds: string[] = [];
  const entryList: number[] = [];
  const whole: boolean[] = [];
  const literals = new Map<string, Literal>();
  const regexes: RegexEntry[] = [];
  const skipped: string[] = [];
  let units = 0;
  let regexInsts = 0;
  const literal = (text: string): Literal => {
    let lit = literals.get(text);
    if (lit === undefined) {
      lit = { entries: [], allowLists: [] };
      literals.set(text, lit);
      units += text.length;
    }
    return lit;
  };

  for (const e of entries) {
    const check = checkEntry(e.kind, e.pattern);
    if (!check.ok) {
      skipped.push(e.id);
      continue;
    }
    const index = entryIds.length;
    if (check.re !== null) {
      regexes.push({ entry: index, re: check.re });
      regexInsts += check.re.programSize();
    } else {
      literal(check.folded).entries.push(index);
      const digits = numeralsAsDigits(check.folded);
      if (digits !== null) literal(digits).entries.push(index);
    }
    entryIds.push(e.id);
    entryListIds.push(e.listId);
    entryList.push(listOf(e.listId));
    whole.push(e.kind === 'whole');
  }
  let allowPhrases = 0;
  for (const a of allow) {
    const check = checkEntry('word', a.pattern);
    if (!check.ok) continue;
    literal(check.folded).allowLists.push(listOf(a.listId));
    const digits = numeralsAsDigits(check.folded);
    if (digits !== null) literal(digits).allowLists.push(listOf(a.listId));
    allowPhrases += 1;
  }

  const keywords = [...literals.keys()];
  const automaton = keywords.length > 0 ? new AhoCorasick(keywords) : null;
  const anyAllow = allowPhrases > 0;

  // One pass of an RE2 set (a DFA over all of them) tells which regexes match at all;
  // only those are run again to find where (which needs the slower capturing engines).
  const regexGroups = groupRegexes(regexes);

  // Per call scratch: entry i is already reported when seen[i] === generation.
  const seen = new Int32Array(entryIds.length);
  let generation = 0;

  function allowedAt(spans: Map<number, number[]> | null, list: number, start: number, end: number): boolean {
    const s = spans?.get(list);
    if (s === undefined) return false;
    for (let k = 0; k < s.length; k += 2) if ((s[k] as number) <= start && end <= (s[k + 1] as number)) return true;
    return false;
  }

  function match(input: string | Folded): KeywordHit[] {
    const f = typeof input === 'string' ? fold(input) : input;
    const text = f.text;
    const hits: KeywordHit[] = [];
    if (text.length === 0) return hits;
    generation += 1;
    if (generation === 0x7fffffff) {
      seen.fill(0);
      generation = 1;
    }
    const starts = f.starts;
    const ends = f.ends;

    const found = automaton === null ? [] : automaton.matchInText(text);
    // Allow phrases found, as original spans per list.
    let spans: Map<number, number[]> | null = null;
    if (anyAllow) {
      for (const m of found) {
        const lit = literals.get(m.keyword) as Literal;
        for (const list of lit.allowLists) {
          spans ??= new Map();
          let s = spans.get(list);
          if (s === undefined) spans.set(list, (s = []));
          s.push(starts[m.begin] as number, ends[m.end - 1] as number);
        }
      }
    }
    for (const m of found) {
      const lit = literals.get(m.keyword) as Literal;
      if (lit.entries.length === 0) continue;
      let boundaryOk: boolean | undefined;
      for (const entry of lit.entries) {
        if (seen[entry] === generation) continue;
        if (whole[entry]) {
          boundaryOk ??= wholeWordAt(f, m.begin, m.end);
          if (!boundaryOk) continue;
        }
        const start = starts[m.begin] as number;
        const end = ends[m.end - 1] as number;
        if (spans !== null && allowedAt(spans, entryList[entry] as number, start, end)) continue;
        seen[entry] = generation;
        hits.push({ entryId: entryIds[entry] as string, listId: entryListIds[entry] as string, start, end });
      }
    }

    for (const group of regexGroups) {
      const candidates = group.set === null ? group.members.filter((r) => r.re.test(text)) : group.set.match(text).map((i) => group.members[i] as RegexEntry);
      for (const { entry, re } of candidates) {
        const m = re.matcher(text);
        while (m.find()) {
          const b = m.start();
          const e = m.end();
          if (e <= b) continue; // an empty match marks nothing
          const start = starts[b] as number;
          const end = ends[e - 1] as number;
          if (spans !== null && allowedAt(spans, entryList[entry] as number, start, end)) continue;
          hits.push({ entryId: entryIds[entry] as string, listId: entryListIds[entry] as string, start, end });
          break;
        }
      }
    }
    return hits.sort((a, b) => a.start - b.start || a.end - b.end || (a.entryId < b.entryId ? -1 : a.entryId > b.entryId ? 1 : 0));
  }

  const stats: KeywordStats = {
    entries: entryIds.length,
    literals: literals.size,
    regexes: regexes.length,
    allowPhrases,
    skipped,
    estimatedBytes: units * BYTES_PER_UNIT + (entryIds.length + allowPhrases) * BYTES_PER_ENTRY + regexInsts * BYTES_PER_REGEX_INST,
  };
  return { match, stats };
}
