// GRP-4: how closely a requested group's name or purpose matches an existing
// group's. Text is folded first (NFKC, lower case, punctuation and spaces out, so
// `Q3-Launch` and `q3 launch!` are the same); generic words (group, team, 群, 组…)
// say nothing about what a group is for and are dropped. Chinese (Han) runs are
// compared by character bigrams (`市场部周报群` and `市场周报` share 市场 and 周报);
// Latin words by character trigrams of each word, so `reports` still meets `report`.
// The score mixes the Dice coefficient with the overlap coefficient (shared
// shingles over the smaller set), so a short name inside a longer one counts.

const HAN = /\p{Script=Han}/u;
const GENERIC_WORDS = new Set(['group', 'groups', 'team', 'teams', 'channel', 'chat', 'the', 'a', 'an', 'and', 'of', 'for', 'to', 'in', 'on', 'with', 'our', 'all']);
/** Generic Chinese words, dropped before bigrams are taken. */
const GENERIC_HAN = ['工作群', '交流群', '小组', '群组', '群聊', '频道', '群', '组'];

/** The words of a text: Han runs and Latin/digit words, folded. */
export function words(value: string): { han: string[]; latin: string[] } {
  const folded = value.normalize('NFKC').toLowerCase();
  const han: string[] = [];
  const latin: string[] = [];
  for (const m of folded.matchAll(/(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu)) {
    if (m[1] !== undefined) {
      let run = m[1];
      for (const g of GENERIC_HAN) run = run.split(g).join(' ');
      han.push(...run.split(' ').filter((r) => r !== ''));
    } else if (m[2] !== undefined && !HAN.test(m[2]) && !GENERIC_WORDS.has(m[2])) {
      latin.push(m[2]);
    }
  }
  return { han, latin };
}

/** The shingles a text is compared by. */
export function shingles(value: string): Set<string> {
  const out = new Set<string>();
  const { han, latin } = words(value);
  for (const run of han) {
    const chars = [...run];
    if (chars.length === 1) out.add(`h:${run}`);
    for (let i = 0; i + 1 < chars.length; i += 1) out.add(`h:${chars[i]}${chars[i + 1]}`);
  }
  for (const word of latin) {
    const padded = `^${word}$`;
    if (word.length <= 2) out.add(`w:${word}`);
    else for (let i = 0; i + 3 <= padded.length; i += 1) out.add(`t:${padded.slice(i, i + 3)}`);
  }
  return out;
}

/** 0 (nothing shared) to 1 (the same once folded). */
export function similarity(a: string, b: string): number {
  const x = shingles(a);
  const y = shingles(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const s of x) if (y.has(s)) shared += 1;
  const dice = (2 * shared) / (x.size + y.size);
  const overlap = shared / Math.min(x.size, y.size);
  return (dice + overlap) / 2;
}

/** At or above: a name that closely matches. */
export const NAME_THRESHOLD = 0.5;
/** At or above: a purpose that closely matches (purposes are longer; more must be shared). */
export const PURPOSE_THRESHOLD = 0.55;
export const MAX_SIMILAR = 5;

export interface Candidate {
  name: string;
  purpose: string;
}

/** The existing groups a request resembles, closest first, with the better of the two scores. */
export function similarGroups<G extends Candidate>(request: Candidate, groups: readonly G[]): { group: G; score: number }[] {
  const found: { group: G; score: number }[] = [];
  for (const group of groups) {
    const byName = similarity(request.name, group.name);
    const byPurpose = similarity(request.purpose, group.purpose);
    if (byName >= NAME_THRESHOLD || byPurpose >= PURPOSE_THRESHOLD) found.push({ group, score: Math.max(byName, byPurpose) });
  }
  return found.sort((a, b) => b.score - a.score).slice(0, MAX_SIMILAR);
}
