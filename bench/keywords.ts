// Keyword and sensitive-data engine (MSG-6, MSG-7), pure CPU, no database:
//   - one message of about 1 KB (UTF-8) of mixed Chinese and English, with an evaded
//     keyword, a phone number, an e-mail address, a card, an ID and a salary, against
//     10,000 generated keywords (half Chinese, deterministic) plus the default spam
//     list (with its regexes) and every DLP detector;
//   - baseline measured in the same run: one RegExp per keyword on the same message
//     (case-insensitive, \b…\b for whole words), the naive implementation;
//   - p50/p99 per message, throughput ratio, heap of the compiled lists (with gc),
//     time to rebuild after one list change;
//   - the Aho-Corasick packages considered, on the same folded keywords and message.
// `BENCH_KEYWORD_MESSAGES` (default 3000) sets the sample size. Runs alone with
// `node --expose-gc --import tsx bench/keywords.ts`.
import { pathToFileURL } from 'node:url';
import {
  compileKeywords,
  DEFAULT_SPAM_ENTRIES,
  detectSensitive,
  fold,
  type AllowPhrase,
  type CompiledKeywords,
  type KeywordEntry,
} from '../src/features/keywords/engine/index.js';
import { stats } from './stats.js';

const MESSAGES = Number(process.env['BENCH_KEYWORD_MESSAGES'] ?? 3000);
const KEYWORDS = 10_000;

/** mulberry32: a small deterministic generator. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HAN = [...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严龙飞'];
const EN = 'the be to of and a in that have it for not on with he as you do at this but his by from they we say her she or an will my one all would there their what so up out if about who get which go me when make can like time no just him know take people into year your good some could them see other than then now look only come its over think also back after use two how our work first well way even new want because any these give day most us'.split(' ');

/** 10,000 keywords, half Chinese (2–4 characters, `word`), half English (invented words and phrases of common words, `word` and `whole`). */
export function generateEntries(): KeywordEntry[] {
  const r = rng(1);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const seen = new Set<string>();
  const out: KeywordEntry[] = [];
  while (out.length < KEYWORDS) {
    let pattern: string;
    let kind: KeywordEntry['kind'] = 'word';
    if (out.length % 2 === 0) {
      pattern = Array.from({ length: 2 + Math.floor(r() * 3) }, () => pick(HAN)).join('');
    } else if (out.length % 4 === 1) {
      pattern = Array.from({ length: 5 + Math.floor(r() * 6) }, () => String.fromCharCode(97 + Math.floor(r() * 26))).join('');
    } else {
      pattern = `${pick(EN)} ${pick(EN)} ${pick(EN)}`;
      kind = out.length % 8 === 3 ? 'whole' : 'word';
    }
    if (seen.has(pattern)) continue;
    seen.add(pattern);
    out.push({ id: `k${out.length}`, listId: `list${out.length % 3}`, kind, pattern });
  }
  return out;
}

function checkChar(first17: string): string {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (w[i] as number);
  return '10X98765432'[sum % 11] as string;
}
function luhnComplete(prefix: string): string {
  for (let d = 0; d < 10; d += 1) {
    const s = `${prefix}${d}`;
    let sum = 0;
    for (let i = 0; i < s.length; i += 1) {
      let v = Number(s[s.length - 1 - i]);
      if (i % 2 === 1) v = v * 2 > 9 ? v * 2 - 9 : v * 2;
      sum += v;
    }
    if (sum % 10 === 0) return s;
  }
  throw new Error('unreachable');
}

/** About 1 KB of UTF-8: generated Chinese and English with sensitive data in the middle. */
export function generateMessage(): string {
  const r = rng(7);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)] as T;
  const id = `11010519900307123${checkChar('11010519900307123')}`;
  const card = luhnComplete('622202123456789012');
  const special = ['请加 微.信 详聊，', `电话 138-1234-5678，`, 'mail zhang.san@example.com. ', `身份证 ${id}，`, `卡号 ${card}，`, '月薪 2.5万，'];
  let s = '';
  let k = 0;
  while (Buffer.byteLength(s) < 1024) {
    if (k < special.length && r() < 0.3) s += special[k++];
    else if (r() < 0.5) s += `${Array.from({ length: 5 + Math.floor(r() * 15) }, () => pick(HAN)).join('')}，`;
    else s += `${Array.from({ length: 3 + Math.floor(r() * 8) }, () => pick(EN)).join(' ')}. `;
  }
  return s;
}

function heapBytes(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  gc?.();
  return process.memoryUsage().heapUsed;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const us = (v: number) => `${(v * 1000).toFixed(1)} µs`;

/** The naive engine: one case-insensitive RegExp per keyword (JavaScript's own, no folding; regexes as typed). */
function baselineRegexes(entries: KeywordEntry[]): RegExp[] {
  return entries.map((e) => new RegExp(e.kind === 'regex' ? e.pattern : e.kind === 'whole' ? `\\b${escapeRegExp(e.pattern)}\\b` : escapeRegExp(e.pattern), 'i'));
}

/** An Aho-Corasick package: builds an automaton, answers a function counting the matches in a text. */
interface AcCandidate {
  name: string;
  load: () => Promise<((keywords: string[]) => (text: string) => number) | null>;
}

type Ctor = new (keywords: string[]) => Record<string, (text: string) => unknown[]>;

/** A package that may not be installed (only the chosen one is a dependency), its constructor's export and its search method. */
function candidate(name: string, pkg: string, exportName: string, method: string): AcCandidate {
  return {
    name,
    load: async () => {
      let C: Ctor | undefined;
      try {
        C = ((await import(pkg)) as Record<string, unknown>)[exportName] as Ctor | undefined;
      } catch {
        return null;
      }
      if (C === undefined) return null;
      const Automaton = C;
      return (keywords) => {
        const a = new Automaton(keywords);
        return (text) => a[method]!(text).length;
      };
    },
  };
}

const AC_CANDIDATES: AcCandidate[] = [
  candidate('@monyone/aho-corasick/fast (chosen)', '@monyone/aho-corasick/fast', 'AhoCorasick', 'matchInText'),
  candidate('@monyone/aho-corasick', '@monyone/aho-corasick', 'AhoCorasick', 'matchInText'),
  candidate('ahocorasick', 'ahocorasick', 'default', 'search'),
  candidate('modern-ahocorasick', 'modern-ahocorasick', 'default', 'search'),
];

export async function benchKeywords(): Promise<void> {
  const entries = [...generateEntries(), ...DEFAULT_SPAM_ENTRIES.map((e, i) => ({ id: `spam${i}`, listId: 'spam', ...e }))];
  const allow: AllowPhrase[] = [{ listId: 'spam', pattern: '微信支付' }, ...entries.slice(0, 200).filter((e) => e.kind === 'word').map((e) => ({ listId: e.listId, pattern: `${e.pattern}${e.pattern}` }))];
  const text = generateMessage();

  // Compile, with the heap it keeps.
  const before = heapBytes();
  let t0 = performance.now();
  const engine: CompiledKeywords = compileKeywords(entries, allow);
  const compileMs = performance.now() - t0;
  const heapMb = (heapBytes() - before) / 1024 / 1024;

  // Rebuild after one change (an entry added to one list): the whole compile again.
  const rebuilds: number[] = [];
  for (let i = 0; i < 3; i += 1) {
    const changed = [...entries, { id: `new${i}`, listId: 'list0', kind: 'word' as const, pattern: `新词${i}` }];
    t0 = performance.now();
    const again = compileKeywords(changed, allow);
    rebuilds.push(performance.now() - t0);
    if (again.stats.entries !== engine.stats.entries + 1) throw new Error('the rebuilt lists lost an entry');
  }

  const regexes = baselineRegexes(entries);
  const runBaseline = () => {
    let n = 0;
    for (const re of regexes) if (re.test(text)) n += 1;
    return n;
  };
  const runEngine = () => {
    const f = fold(text);
    return engine.match(f).length + detectSensitive(f).length;
  };
  const baselineHits = runBaseline();
  const hits = engine.match(text);
  const findings = detectSensitive(text);

  // Warm up, then alternate blocks (engine alone, its parts, a regex hit, the baseline),
  // so a drift in the machine's speed hits both sides alike while each timed block
  // collects only its own garbage (a block's p99 includes the pauses it causes).
  for (let i = 0; i < 300; i += 1) runEngine();
  for (let i = 0; i < 10; i += 1) runBaseline();
  const eng: number[] = [];
  const base: number[] = [];
  const foldT: number[] = [];
  const matchT: number[] = [];
  const dlpT: number[] = [];
  // The same message ending with a job ad that one of the default regexes catches: the
  // RE2 set says which regex matched, then that regex alone finds where (slower).
  const withRegexHit = fold(`${text} 兼职日结300`);
  const regexHits = engine.match(withRegexHit).length;
  const regexT: number[] = [];
  const BLOCKS = 6;
  const perBlock = Math.max(1, Math.ceil(MESSAGES / BLOCKS));
  const time = (into: number[], fn: () => unknown) => {
    const t = performance.now();
    fn();
    into.push(performance.now() - t);
  };
  for (let block = 0; block < BLOCKS; block += 1) {
    for (let i = 0; i < perBlock; i += 1) time(eng, runEngine);
    let f = fold(text);
    for (let i = 0; i < perBlock; i += 1) time(foldT, () => (f = fold(text)));
    for (let i = 0; i < perBlock; i += 1) time(matchT, () => engine.match(f));
    for (let i = 0; i < perBlock; i += 1) time(dlpT, () => detectSensitive(f));
    for (let i = 0; i < perBlock; i += 1) time(regexT, () => engine.match(withRegexHit));
    for (let i = 0; i < perBlock / 10; i += 1) time(base, runBaseline);
  }
  const b = stats(base);
  const e = stats(eng);
  console.log(
    `\n## Keyword and sensitive-data engine\nOne message of ${text.length} characters (${Buffer.byteLength(text)} bytes UTF-8), ${engine.stats.entries} entries ` +
      `(${KEYWORDS} generated, half Chinese, in 3 lists; the default spam list with ${engine.stats.regexes} regexes), ${engine.stats.allowPhrases} allow phrases; ` +
      `${hits.length} keyword hits (the baseline, which does not fold, finds ${baselineHits}), ${findings.length} DLP findings (${findings.map((f) => f.detector).join(', ')}).`,
  );
  console.table({
    'one RegExp per keyword (baseline)': { p50: us(b.p50), p99: us(b.p99), 'messages/s': (1000 / b.mean).toFixed(0), 'ratio (throughput)': '1.0' },
    'fold + keywords + every detector': { p50: us(e.p50), p99: us(e.p99), 'messages/s': (1000 / e.mean).toFixed(0), 'ratio (throughput)': (b.mean / e.mean).toFixed(1) },
    '  of which fold': { p50: us(stats(foldT).p50), p99: us(stats(foldT).p99), 'messages/s': '', 'ratio (throughput)': '' },
    '  of which keywords (Aho-Corasick + RE2 set)': { p50: us(stats(matchT).p50), p99: us(stats(matchT).p99), 'messages/s': '', 'ratio (throughput)': '' },
    '  of which detectors': { p50: us(stats(dlpT).p50), p99: us(stats(dlpT).p99), 'messages/s': '', 'ratio (throughput)': '' },
    [`keywords, message + a regex hit (${regexHits} hits)`]: { p50: us(stats(regexT).p50), p99: us(stats(regexT).p99), 'messages/s': '', 'ratio (throughput)': '' },
  });
  const gcNote = (globalThis as { gc?: unknown }).gc ? '' : ' (without --expose-gc: unreliable)';
  console.log(
    `Goals: ratio ≥ 20× (${(b.mean / e.mean).toFixed(1)}×), p99 ≤ 0.2 ms (${(e.p99).toFixed(3)} ms). Compiled lists: ${heapMb.toFixed(1)} MB of heap${gcNote}, ` +
      `estimate ${(engine.stats.estimatedBytes / 1024 / 1024).toFixed(1)} MB; compile ${compileMs.toFixed(0)} ms; rebuild after one change ${stats(rebuilds).p50.toFixed(0)} ms (median of 3).`,
  );

  // The Aho-Corasick packages on the same folded keywords and message (match only, no folding).
  const keywords = [...new Set(entries.filter((x) => x.kind !== 'regex').map((x) => fold(x.pattern).text))];
  const folded = fold(text).text;
  const rows: Record<string, Record<string, string>> = {};
  for (const c of AC_CANDIDATES) {
    const factory = await c.load();
    if (factory === null) {
      rows[c.name] = { build: 'not installed', heap: '', p50: '', p99: '', matches: '' };
      continue;
    }
    const h0 = heapBytes();
    t0 = performance.now();
    const run = factory(keywords);
    const build = performance.now() - t0;
    const h1 = heapBytes();
    let n = 0;
    for (let i = 0; i < 200; i += 1) n = run(folded);
    const samples: number[] = [];
    for (let i = 0; i < Math.min(MESSAGES, 1000); i += 1) {
      const t = performance.now();
      run(folded);
      samples.push(performance.now() - t);
    }
    const s = stats(samples);
    rows[c.name] = { build: `${build.toFixed(0)} ms`, heap: `${((h1 - h0) / 1024 / 1024).toFixed(1)} MB`, p50: us(s.p50), p99: us(s.p99), matches: String(n) };
  }
  console.log(`Aho-Corasick packages, ${keywords.length} folded keywords, match on the folded message (${folded.length} UTF-16 units):`);
  console.table(rows);
  if (Object.values(rows).some((r) => r['build'] === 'not installed')) console.log('(Install the others without saving to compare: npm i --no-save ahocorasick modern-ahocorasick.)');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await benchKeywords();
