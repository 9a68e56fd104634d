// `faq` (`问答`): MSG-10's questions and answers.
//   faq add <question> | <answer>    添加   an entry for this group (its admins), or
//                                            workspace-wide in a 1:1 chat (super admins)
//   faq remove <id>                  删除
//   faq list  (or just `faq`)        列表   this group's entries and the workspace's
//   faq ask <question…>              问     the best answer, or the closest questions
import { commandWord } from '../../core/clean.js';
import { expectEnd, fail, lookup, ok, rest, show, word, type Args, type ParseResult, type Parser, type VerbDef } from '../../core/commands/grammar.js';

export type FaqCommand =
  | { verb: 'faq.add'; question: string; answer: string }
  | { verb: 'faq.remove'; id: number }
  | { verb: 'faq.list' }
  | { verb: 'faq.ask'; question: string };

export const USAGE = 'usage.faq';
export const QUESTION_MAX = 300;
export const ANSWER_MAX = 2000;

/** The first `|` (or full-width `｜`) outside a neutral mention token (`<@U1|name>` carries one). */
function separator(input: string): number {
  const masked = input.replace(/<[@#][^<>]*>/g, (m) => ' '.repeat(m.length));
  const half = masked.indexOf('|');
  const full = masked.indexOf('｜');
  if (half < 0) return full;
  return full < 0 ? half : Math.min(half, full);
}

/** A question is one line: line breaks and runs of spaces become one space. */
export function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** Slack writes links as `<url>` or `<url|label>`: kept as the URL itself (and its label), readable on either platform. */
export function plainLinks(value: string): string {
  return value.replace(/<((?:https?|mailto):[^|<>\s]+)(?:\|([^<>]*))?>/g, (_m, url: string, label: string | undefined) => (label === undefined || label === '' || label === url ? url : `${label} (${url})`));
}

/** `"Where is it?" | "Here."`: the quotes around each side are not part of it. */
function unquote(value: string): string {
  const v = value.trim();
  return /^["“”][^"“”]*["“”]$/.test(v) ? v.slice(1, -1).trim() : v;
}

const add: Parser<FaqCommand> = (args) => {
  const body = plainLinks(rest(args));
  const at = separator(body);
  if (at < 0) return fail(USAGE, 'faq.addUsage');
  const question = oneLine(unquote(body.slice(0, at)));
  const answer = unquote(body.slice(at + 1));
  if (question === '') return fail(USAGE, 'faq.emptyQuestion');
  if (answer === '') return fail(USAGE, 'faq.emptyAnswer');
  if (question.length > QUESTION_MAX) return fail(USAGE, 'faq.questionTooLong', { max: QUESTION_MAX });
  if (answer.length > ANSWER_MAX) return fail(USAGE, 'faq.answerTooLong', { max: ANSWER_MAX });
  return ok({ verb: 'faq.add', question, answer });
};

const remove: Parser<FaqCommand> = (args) => {
  const token = args.tokens[args.at];
  const m = /^[#＃]?(\d{1,9})$/.exec(commandWord(word(token) ?? ''));
  if (token === undefined || m === null) return fail(USAGE, 'faq.removeUsage');
  return expectEnd<FaqCommand>({ ...args, at: args.at + 1 }, USAGE, { verb: 'faq.remove', id: Number(m[1]) });
};

const ask: Parser<FaqCommand> = (args) => {
  const question = oneLine(rest(args));
  if (question === '') return fail(USAGE, 'faq.askUsage');
  if (question.length > QUESTION_MAX) return fail(USAGE, 'faq.questionTooLong', { max: QUESTION_MAX });
  return ok({ verb: 'faq.ask', question });
};

const list: Parser<FaqCommand> = (args) => expectEnd<FaqCommand>(args, USAGE, { verb: 'faq.list' });

const SUB: Record<string, Parser<FaqCommand>> = {
  add,
  添加: add,
  remove,
  delete: remove,
  删除: remove,
  list,
  列表: list,
  ask,
  问: ask,
};

export const faqVerb: VerbDef<FaqCommand> = {
  verb: 'faq',
  aliases: { 问答: {} },
  usage: USAGE,
  details: 'help.details.faq',
  parse: (args: Args): ParseResult<FaqCommand> => {
    const first = args.tokens[args.at];
    if (first === undefined) return ok({ verb: 'faq.list' });
    const sub = lookup(SUB, word(first));
    if (sub === undefined) return fail(USAGE, 'command.unknownSubcommand', { value: show(first, args.input) });
    return sub({ ...args, at: args.at + 1 });
  },
};
