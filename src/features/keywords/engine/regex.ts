// Administrators' regular expressions, compiled with re2js: an RE2 port in plain
// JavaScript whose matching time is linear in the text, whatever the expression, so
// a regex typed into a list cannot stall the process the way a backtracking RegExp
// can (`(a+)+$`). RE2 has no backreferences or lookaround; an expression that uses
// them is refused as 'unsafe-regex' (it needs backtracking), as are expressions that
// match the empty string (they would flag every message) and very large programs.
import { RE2JS, RE2JSSyntaxException } from 're2js';

export type RegexProblem = 'bad-regex' | 'unsafe-regex';

/**
 * Flags of every administrator's regex: the text it runs on is folded (lower case),
 * so the expression is case-insensitive to keep `WeChat` meaning `wechat`.
 */
export const REGEX_FLAGS = RE2JS.CASE_INSENSITIVE;

/**
 * Upper bound on an expression's RE2 program size (about one instruction per
 * character class or literal after counted repetitions are expanded): `\d{11}` is
 * 13, `.{300}` 302. The matching cost per character grows with it.
 */
export const MAX_PROGRAM_SIZE = 400;

/** Syntax errors that mean "needs backtracking or unbounded work", not "mistyped". */
function unsafeSyntax(e: RE2JSSyntaxException): boolean {
  const input = e.input ?? '';
  switch (e.error) {
    case 'invalid or unsupported Perl syntax': // (?= (?! (?P=name)
    case 'invalid repeat count': // {1001}, nested counts over 1000
    case 'expression too large':
    case 'expression nests too deeply':
      return true;
    case 'invalid named capture': // (?<= (?<!
      return input.startsWith('(?<=') || input.startsWith('(?<!');
    case 'invalid escape sequence': // \1 … \9, \k<name>
      return /^\\[1-9k]/.test(input);
    default:
      return false;
  }
}

/** Compiles an administrator's regex, or says why not. Never includes the error text (it quotes the pattern). */
export function compileRegex(pattern: string): { ok: true; re: RE2JS } | { ok: false; reason: RegexProblem } {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern, REGEX_FLAGS);
  } catch (e) {
    if (e instanceof RE2JSSyntaxException) return { ok: false, reason: unsafeSyntax(e) ? 'unsafe-regex' : 'bad-regex' };
    return { ok: false, reason: 'bad-regex' };
  }
  if (re.programSize() > MAX_PROGRAM_SIZE) return { ok: false, reason: 'unsafe-regex' };
  if (re.matcher('').find()) return { ok: false, reason: 'unsafe-regex' };
  return { ok: true, re };
}
