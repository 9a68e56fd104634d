// SURV-1..3's verb.
//   survey start <satisfaction|quarterly> [--anonymous|--named] [--closes YYYY-MM-DD] [--to group|managers]   开始
//   survey results                                                                  结果
//   survey close                                                                    结束
import { commandWord } from '../../core/clean.js';
import { fail, flagName, isRealDate, lookup, ok, withSubverbs, word, type Parser, type VerbDef } from '../../core/commands/grammar.js';
import type { Audience, Template } from './store.js';

export type SurveyCommand =
  | { verb: 'survey.start'; template: Template; anonymous: boolean; closes: string | null; audience: Audience }
  | { verb: 'survey.results' }
  | { verb: 'survey.close' };

export const USAGE = 'usage.survey';

const TEMPLATE_WORDS: Readonly<Record<string, Template>> = { satisfaction: 'satisfaction', 满意度: 'satisfaction', quarterly: 'quarterly', 季度: 'quarterly', 季度评估: 'quarterly' };
const AUDIENCE_WORDS: Readonly<Record<string, Audience>> = { group: 'group', 群: 'group', managers: 'managers', 管理员: 'managers' };

const start: Parser<SurveyCommand> = (args) => {
  const t = args.tokens[args.at];
  if (t === undefined) return fail(USAGE, 'survey.templateRequired');
  const template = lookup(TEMPLATE_WORDS, commandWord(word(t) ?? ''));
  if (template === undefined) return fail(USAGE, 'survey.badTemplate', { value: args.input.slice(t.start, t.end) });
  let anonymous = true;
  let closes: string | null = null;
  let audience: Audience = 'group';
  for (let i = args.at + 1; i < args.tokens.length; i += 1) {
    const token = args.tokens[i]!;
    const flag = flagName(token);
    if (flag === 'anonymous') anonymous = true;
    else if (flag === 'named') anonymous = false;
    else if (flag === 'closes' || flag === 'to') {
      const value = word(args.tokens[i + 1]);
      if (value === undefined) return fail(USAGE, 'survey.flagValue', { flag: `--${flag}` });
      i += 1;
      if (flag === 'closes') {
        if (!isRealDate(value)) return fail(USAGE, 'survey.badDate', { value });
        closes = value;
      } else {
        const a = lookup(AUDIENCE_WORDS, commandWord(value));
        if (a === undefined) return fail(USAGE, 'survey.badAudience', { value });
        audience = a;
      }
    } else return fail(USAGE, 'command.unexpected', { value: args.input.slice(token.start, token.end) });
  }
  return ok({ verb: 'survey.start', template, anonymous, closes, audience });
};

const results: Parser<SurveyCommand> = () => ok({ verb: 'survey.results' });
const close: Parser<SurveyCommand> = () => ok({ verb: 'survey.close' });

export const surveyVerb: VerbDef<SurveyCommand> = {
  verb: 'survey',
  aliases: { 调查: {} },
  usage: USAGE,
  details: 'help.details.survey',
  parse: withSubverbs(USAGE, { start, 开始: start, results, 结果: results, close, 结束: close }),
};
