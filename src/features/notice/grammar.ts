// NOTE-1's verb.
//   notice <text…>     通知         post an acknowledged notice in this group (its admins)
//   notice status      通知 状态    who has not acknowledged the latest notice (its admins)
import { commandWord } from '../../core/clean.js';
import { fail, lookup, ok, rest, word, type VerbDef } from '../../core/commands/grammar.js';

export type NoticeCommand = { verb: 'notice.post'; body: string } | { verb: 'notice.status' };

export const USAGE = 'usage.notice';
const BODY_MAX = 3000;

const STATUS: Readonly<Record<string, true>> = { status: true, 状态: true };

export const noticeVerb: VerbDef<NoticeCommand> = {
  verb: 'notice',
  aliases: { 通知: {} },
  usage: USAGE,
  details: 'help.details.notice',
  parse: (args) => {
    const first = args.tokens[args.at];
    // `notice status` alone is the status; a notice that begins with the word is a notice.
    if (first !== undefined && args.tokens.length === args.at + 1 && lookup(STATUS, commandWord(word(first) ?? '')) === true) return ok({ verb: 'notice.status' });
    const body = rest(args).trim();
    if (body === '') return fail(USAGE, 'notice.bodyRequired');
    if (body.length > BODY_MAX) return fail(USAGE, 'notice.bodyTooLong', { max: BODY_MAX });
    return ok({ verb: 'notice.post', body });
  },
};
