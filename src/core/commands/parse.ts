// Parses `/charter …` text (Teams: the text after the mention) into a feature's
// typed command. One parser serves both platforms, built from the verbs the
// features declare; adapters first turn platform mentions into the neutral
// `<@id|label>` / `<#id|label>` tokens.
import { commandWord } from '../clean.js';
import { fail, word, show, type ParseResult, type VerbDef } from './grammar.js';
import { tokenize, type Token } from './tokenize.js';

export interface ResolvedVerb {
  def: VerbDef<unknown>;
  /** The sub-verb an alias stands for (`登记` → `register`). */
  sub?: string;
}

export interface CommandParser {
  parse(raw: string): ParseResult<unknown>;
  /** The verb a word names, English or alias; for help topics. */
  resolve(raw: string): ResolvedVerb | undefined;
}

/** The usage shown when the verb itself is unknown. */
const HELP_USAGE = 'usage.help';

export function createParser(verbs: readonly VerbDef<unknown>[]): CommandParser {
  const table = new Map<string, ResolvedVerb>();
  const add = (key: string, entry: ResolvedVerb) => {
    const k = commandWord(key);
    if (table.has(k)) throw new Error(`the command word "${key}" is declared twice`);
    table.set(k, entry);
  };
  for (const def of verbs) {
    add(def.verb, { def });
    for (const [alias, { sub }] of Object.entries(def.aliases ?? {})) add(alias, sub === undefined ? { def } : { def, sub });
  }

  const resolve = (raw: string) => table.get(commandWord(raw).replace(/^\//, ''));
  const resolveDef = (raw: string) => resolve(raw)?.def;

  const parse = (raw: string): ParseResult<unknown> => {
    const input = raw.replace(/\u00a0/g, ' ').replace(/&nbsp;/g, ' ');
    const tokens = tokenize(input);
    const first = tokens[0];
    if (first === undefined) return parse('help');
    const verbWord = word(first);
    // Tolerate a leading `charter` (people type `/charter charter join …` or `@Charter charter …`).
    if (verbWord !== undefined && commandWord(verbWord) === 'charter' && tokens.length > 1) return parse(input.slice(first.end));
    const entry = verbWord === undefined ? undefined : resolve(verbWord);
    if (entry === undefined) return fail(HELP_USAGE, 'command.unknownVerb', { verb: show(first, input) });
    if (entry.sub === undefined) return entry.def.parse({ input, tokens, at: 1, resolve: resolveDef });
    // An alias carrying its sub-verb: splice a synthetic sub-verb token in place.
    const subToken: Token = { kind: 'word', value: entry.sub, start: first.end, end: first.end, quoted: false };
    return entry.def.parse({ input, tokens: [first, subToken, ...tokens.slice(1)], at: 1, resolve: resolveDef });
  };

  return { parse, resolve };
}
