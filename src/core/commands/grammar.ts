// What a feature's grammar is made of: verbs with their Chinese aliases and
// usage lines, and parsers from tokens to the feature's typed commands. Errors
// are locale keys plus the usage line to show beside them — never an exception.
import { commandWord } from '../clean.js';
import { text, type Text } from '../messages.js';
import { textOf, type Token } from './tokenize.js';

export type ParseResult<C> = { ok: true; command: C } | { ok: false; error: Text; usage: string };

export interface Args {
  input: string;
  tokens: Token[];
  /** Index of the first argument after the verb (and sub-verb). */
  at: number;
  /** The verb a word names (English or alias), among all the features' verbs. */
  resolve(word: string): VerbDef<unknown> | undefined;
}

export type Parser<C> = (args: Args) => ParseResult<C>;

/**
 * A top-level verb of the grammar. `usage` and `details` are locale keys (the help
 * text); aliases are Chinese (or other) words standing for the verb, or for the verb
 * and one of its sub-verbs (`登记` → `group register`).
 */
export interface VerbDef<C> {
  verb: string;
  aliases?: Readonly<Record<string, { sub?: string }>>;
  usage: string;
  details: string;
  /** false for verbs the grammar knows but this version does not offer yet. */
  available?: boolean;
  parse: Parser<C>;
}

export const ok = <C>(command: C): ParseResult<C> => ({ ok: true, command });

/** A parse error: `key` is a full locale key; `usage` the usage line's key. */
export function fail<C>(usage: string, key: string, params?: Record<string, string | number>): ParseResult<C> {
  return { ok: false, error: text(key, params), usage };
}

export function word(token: Token | undefined): string | undefined {
  return token?.kind === 'word' ? token.value : undefined;
}

/** The token as the person typed it. */
export function show(token: Token, input: string): string {
  return input.slice(token.start, token.end);
}

export function expectEnd<C>(args: Args, usage: string, command: C): ParseResult<C> {
  const extra = args.tokens[args.at];
  return extra === undefined ? ok(command) : fail(usage, 'command.unexpected', { value: show(extra, args.input) });
}

/** Case-insensitive, and full-width or compatibility forms (`ｊｏｉｎ`) match their plain forms. */
export function lookup<T>(table: Readonly<Record<string, T>>, w: string | undefined): T | undefined {
  if (w === undefined) return undefined;
  const key = commandWord(w);
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** A verb whose first argument picks a sub-verb (`group register`, `role grant`). */
export function withSubverbs<C>(usage: string, table: Readonly<Record<string, Parser<C>>>): Parser<C> {
  return (args) => {
    const sub = args.tokens[args.at];
    if (sub === undefined) return fail(usage, 'command.missingSubcommand');
    const parser = lookup(table, word(sub));
    if (parser === undefined) return fail(usage, 'command.unknownSubcommand', { value: show(sub, args.input) });
    return parser({ ...args, at: args.at + 1 });
  };
}

/** The free text from tokens[from] to the end (a reason, a purpose). */
export function rest(args: Args, from = args.at): string {
  return textOf(args.input, args.tokens, from);
}

/** `--name`, and the `—name` that phones and macOS turn `--` into. */
export function flagName(token: Token): string | null {
  const w = word(token);
  if (w === undefined || token.kind !== 'word' || token.quoted) return null;
  const m = /^(?:--|—|–)([^\s=]+)$/.exec(commandWord(w));
  return m ? (m[1] as string).toLowerCase() : null;
}

export function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
