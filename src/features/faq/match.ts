// MSG-10's matcher: which FAQ entry a question asks, scored so Charter can stay
// quiet when it is unsure. TF-IDF over the candidate entries' questions, cosine
// similarity with the asked question. Terms:
// - English (and other space-separated scripts): words, lower-cased, stopwords
//   dropped (question words, pronouns, chat filler), lightly stemmed
//   (resetting → reset, passwords → password, policies → policy);
// - Chinese (no spaces): question words and particles cut out (怎么, 如何, 吗, …),
//   then every character bigram (weight 1) and every content character (weight ½),
//   so 年假怎么申请 and 怎么申请年假 share 年假 and 申请.
// Words and bigrams are "strong" terms: a confident match must share at least two
// of them with the entry (or all of the entry's, when it has fewer).

/** What an auto-reply, `faq ask` and its suggestions need (cosine similarity, 0…1). */
export const THRESHOLDS = {
  /** Answered in the thread without being asked. */
  auto: 0.5,
  /** `faq ask` answers the best entry. */
  ask: 0.4,
  /** Listed as close when nothing is good enough (or beside an answer). */
  close: 0.15,
  /** An auto-reply stays quiet when the runner-up is this close to the best. */
  margin: 0.08,
} as const;

const EN_STOP = new Set(
  (
    'a an the and or but if then so of to in on at by for with from about into over as is are was were be been being am ' +
    'do does did doing done have has had having can could will would shall should may might must ' +
    'i me my mine we us our ours you your yours he him his she her it its they them their this that these those there here ' +
    'what whats which who whom whose when where why how ' +
    'not no yes any some anyone anybody someone somebody everyone all each every ' +
    'please pls thanks thank thx hi hello hey dear team folks guys quick question ' +
    'just also still again very really know tell let get got need want dont cant doesnt isnt wont'
  ).split(' '),
);

/** Question words and filler cut out of Chinese text before bigrams are formed (longest first). */
const ZH_STOP_PHRASES = [
  '可不可以', '为什么', '怎么样', '有没有', '是不是', '能不能', '会不会', '要不要', '谁知道',
  '请问', '什么', '怎么', '怎样', '如何', '为何', '是否', '能否', '可否', '可以', '哪里', '哪儿', '哪些', '哪个',
  '多少', '一下', '我们', '你们', '大家', '知道', '这个', '那个', '有人', '应该', '需要', '想问',
].sort((a, b) => b.length - a.length);

/** Particles that end a phrase: Chinese text is cut there too. */
const ZH_BREAK = /[吗呢吧啊呀嘛哦的是]/;

/** Characters that carry no topic on their own (no unigram; bigrams keep them). */
const ZH_UNIGRAM_STOP = new Set('我你您他她它是在有和与也都就要会能了么怎什哪谁几请吗呢吧啊呀嘛哦的个这那去来到给用把被让对从'.split(''));

const HAN = /\p{Script=Han}/u;

/** The lightest stemming that joins the forms people type: plurals, -ing, -ed, a final e. */
export function stem(word: string): string {
  let w = word.replace(/['’]s$/, '').replace(/['’]/g, '');
  if (w.length <= 3 || /\d/.test(w)) return w;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (/(x|z|ch|sh|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.endsWith('s') && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  // resett → reset, plann → plan (but not pass, fall, add).
  if (/([^aeiouls])\1$/.test(w)) w = w.slice(0, -1);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  return w;
}

/** Platform markup that is not words: mentions (`<@U1>`, `<!here>`), links (kept: their label), bare URLs. */
export function plainWords(text: string): string {
  return text
    .replace(/<(?:https?|mailto):[^|<>]*\|([^<>]*)>/g, ' $1 ')
    .replace(/<[^<>]*>/g, ' ')
    .replace(/https?:\/\/\S+/g, ' ');
}

interface Term {
  weight: number;
  strong: boolean;
}

function add(out: Map<string, Term>, term: string, weight: number, strong: boolean): void {
  const known = out.get(term);
  if (known === undefined) out.set(term, { weight, strong });
  else known.weight += weight;
}

function chinese(run: string, out: Map<string, Term>): void {
  let cut = run;
  for (const p of ZH_STOP_PHRASES) cut = cut.split(p).join(' ');
  for (const segment of cut.split(new RegExp(`\\s+|${ZH_BREAK.source}`, 'u'))) {
    const chars = [...segment];
    for (let i = 0; i < chars.length; i += 1) {
      const c = chars[i] as string;
      if (!ZH_UNIGRAM_STOP.has(c)) add(out, c, 0.5, false);
      if (i + 1 < chars.length) add(out, `${c}${chars[i + 1] as string}`, 1, true);
    }
  }
}

/** The weighted terms of a text (term frequency, before IDF). */
export function terms(text: string): Map<string, Term> {
  const out = new Map<string, Term>();
  // wi-fi, e-mail: one word.
  const norm = plainWords(text).normalize('NFKC').toLowerCase().replace(/(\p{L})-(?=\p{L})/gu, '$1');
  for (const m of norm.matchAll(/(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:['’]\p{L}+)*)/gu)) {
    if (m[1] !== undefined) {
      chinese(m[1], out);
      continue;
    }
    const word = m[2] as string;
    if (EN_STOP.has(word.replace(/['’].*$/, ''))) continue;
    const s = stem(word);
    if (s.length < 2 && !/\d/.test(s)) continue;
    if (EN_STOP.has(s)) continue;
    add(out, s, 1, true);
  }
  return out;
}

/** Whether the text is written in Chinese (any Han character). */
export function isChinese(text: string): boolean {
  return HAN.test(text);
}

const EN_QUESTION_START =
  /^(what|what's|whats|how|where|where's|when|why|who|who's|which|whose|whom|can|could|does|do|did|is|are|should|would|will|may|might|has|have|anyone|any|is there|are there)\b/;
const ZH_QUESTION = /什么|怎么|怎样|如何|为什么|为何|是否|能否|可否|有没有|是不是|能不能|可不可以|请问|哪|谁|多少|几点|几号|几天/;
const ZH_QUESTION_END = /[吗呢么嘛][\s。.!！~～…]*$/;
const GREETING = /^(?:(?:hi|hey|hello|dear|team|all|folks|guys|everyone|quick question|question)\b[\s,，:：!！-]*)+/;

/**
 * Whether a message asks something: it ends in a question mark (any width), or
 * starts with an English question word, or uses a Chinese question word or ends in
 * a question particle (吗, 呢). Greetings and mentions in front are skipped.
 */
export function looksLikeQuestion(text: string): boolean {
  const t = plainWords(text).normalize('NFKC').trim().toLowerCase();
  if (t === '') return false;
  if (/[?？]["'”’)）\s]*$/.test(t)) return true;
  if (EN_QUESTION_START.test(t.replace(GREETING, ''))) return true;
  return ZH_QUESTION.test(t) || ZH_QUESTION_END.test(t);
}

export interface Match<T> {
  entry: T;
  /** Cosine similarity of the TF-IDF vectors, 0…1. */
  score: number;
  /** Strong terms (words, bigrams) the question shares with the entry. */
  shared: number;
  /** The entry's strong terms. */
  strong: number;
}

/** Whether a match is good enough to answer without being asked. */
export function confident<T>(ranked: readonly Match<T>[]): Match<T> | null {
  const [best, next] = ranked;
  if (best === undefined || best.score < THRESHOLDS.auto) return null;
  if (best.shared < Math.min(2, best.strong)) return null;
  if (next !== undefined && best.score - next.score < THRESHOLDS.margin) return null;
  return best;
}

/** The entries' questions indexed once; rank() scores a question against each. */
export class FaqIndex<T extends { question: string }> {
  private readonly docs: { entry: T; terms: Map<string, Term>; vector: { v: Map<string, number>; norm: number } }[];
  private readonly df = new Map<string, number>();
  private readonly size: number;

  constructor(entries: readonly T[]) {
    const parsed = entries.map((entry) => ({ entry, terms: terms(entry.question) }));
    this.size = parsed.length;
    for (const d of parsed) for (const t of d.terms.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    this.docs = parsed.map((d) => ({ ...d, vector: this.vector(d.terms) }));
  }

  /** Smoothed IDF; a term no entry has weighs like the rarest, so off-topic words lower the score. */
  private idf(term: string): number {
    return Math.log((1 + this.size) / (1 + (this.df.get(term) ?? 0))) + 1;
  }

  private vector(t: Map<string, Term>): { v: Map<string, number>; norm: number } {
    const v = new Map<string, number>();
    let sum = 0;
    for (const [term, { weight }] of t) {
      const x = weight * this.idf(term);
      v.set(term, x);
      sum += x * x;
    }
    return { v, norm: Math.sqrt(sum) };
  }

  /** Every entry with its score, best first (ties: the earlier entry). */
  rank(question: string): Match<T>[] {
    const q = terms(question);
    const qv = this.vector(q);
    if (qv.norm === 0) return [];
    const out = this.docs.map(({ entry, terms: dt, vector: dv }, i) => {
      let dot = 0;
      let shared = 0;
      let strong = 0;
      for (const [term, x] of dv.v) {
        const y = qv.v.get(term);
        if (dt.get(term)?.strong === true) {
          strong += 1;
          if (y !== undefined) shared += 1;
        }
        if (y !== undefined) dot += x * y;
      }
      const score = dv.norm === 0 ? 0 : dot / (dv.norm * qv.norm);
      return { i, match: { entry, score: Math.round(score * 1000) / 1000, shared, strong } };
    });
    return out.sort((a, b) => b.match.score - a.match.score || a.i - b.i).map((x) => x.match);
  }
}
