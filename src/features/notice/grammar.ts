// NOTE-1's verb.
//   notice                          通知              a form: title, text, deadline, important (its admins)
//   notice [--important] <text…>    通知 [--重要] …   post an acknowledged notice in this group (its admins)
//   notice status | export          通知 状态 | 导出  who has not acknowledged the latest notice, with a CSV link
import { commandWord } from '../../core/clean.js';
import { fail, flagName, lookup, ok, rest, word, type VerbDef } from '../../core/commands/grammar.js';

export type NoticeCommand = { verb: 'notice.post'; body: string; important: boolean } | { verb: 'notice.form' } | { verb: 'notice.status' };

export const USAGE = 'usage.notice';
export const BODY_MAX = 3000;
export const TITLE_MAX = 150;

const STATUS: Readonly<Record<string, true>> = { status: true, 状态: true, export: true, 导出: true };
const IMPORTANT: Readonly<Record<string, true>> = { important: true, 重要: true };

export const noticeVerb: VerbDef<NoticeCommand> = {
  verb: 'notice',
  aliases: { 通知: {} },
  usage: USAGE,
  details: 'help.details.notice',
  parse: (args) => {
    const first = args.tokens[args.at];
    if (first === undefined) return ok({ verb: 'notice.form' });
    // `notice status` alone is the status; a notice that begins with the word is a notice.
    if (args.tokens.length === args.at + 1 && lookup(STATUS, commandWord(word(first) ?? '')) === true) return ok({ verb: 'notice.status' });
    const flag = flagName(first);
    const important = flag !== null && lookup(IMPORTANT, flag) === true;
    if (flag !== null && !important) return fail(USAGE, 'command.unexpected', { value: args.input.slice(first.start, first.end) });
    const body = rest(args, important ? args.at + 1 : args.at).trim();
    if (body === '') return fail(USAGE, 'notice.bodyRequired');
    if (body.length > BODY_MAX) return fail(USAGE, 'notice.bodyTooLong', { max: BODY_MAX });
    return ok({ verb: 'notice.post', body, important });
  },
};
