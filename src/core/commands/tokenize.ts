// Splits command text into tokens, keeping each token's place in the original so
// free text (purpose, reason) keeps its own spacing. Understands double quotes
// (straight and “curly”), full-width spaces, and the neutral mention syntax the
// adapters produce: `<@USER|label>` and `<#CHANNEL|label>`.

export type Token =
  | { kind: 'word'; value: string; start: number; end: number; quoted: boolean }
  | { kind: 'user'; id: string; label: string | null; start: number; end: number }
  | { kind: 'channel'; id: string; label: string | null; start: number; end: number };

const SPACE = /[\s\u3000]/;
const MENTION = /^<([@#])([^|>\s]+)(?:\|([^>]*))?>/;
const CLOSING: Record<string, string> = { '"': '"', '\u201c': '\u201d', '\u201d': '\u201d' };

export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i] as string;
    if (SPACE.test(ch)) {
      i += 1;
      continue;
    }
    const mention = MENTION.exec(input.slice(i));
    if (mention) {
      const end = i + mention[0].length;
      const kind = mention[1] === '@' ? 'user' : 'channel';
      const label = mention[3] !== undefined && mention[3] !== '' ? mention[3] : null;
      tokens.push({ kind, id: mention[2] as string, label, start: i, end });
      i = end;
      continue;
    }
    const closing = CLOSING[ch];
    if (closing !== undefined) {
      const close = input.indexOf(closing, i + 1);
      if (close > i) {
        tokens.push({ kind: 'word', value: input.slice(i + 1, close), start: i, end: close + 1, quoted: true });
        i = close + 1;
        continue;
      }
    }
    let j = i;
    while (j < input.length && !SPACE.test(input[j] as string)) j += 1;
    tokens.push({ kind: 'word', value: input.slice(i, j), start: i, end: j, quoted: false });
    i = j;
  }
  return tokens;
}

/** The original text covered by tokens[from..to), without surrounding quotes of a single quoted token. */
export function textOf(input: string, tokens: readonly Token[], from: number, to = tokens.length): string {
  const first = tokens[from];
  const last = tokens[to - 1];
  if (first === undefined || last === undefined || to <= from) return '';
  if (to - from === 1 && first.kind === 'word' && first.quoted) return first.value.trim();
  return input.slice(first.start, last.end).trim();
}
