// SURV-1..3's verb.
//   survey start <template> [--anonymous|--named] [--closes YYYY-MM-DD] [--to group|managers]
//                [--repeat weekly|monthly|quarterly] [--reminders 0-5]          开始
//   survey results | export                                                   结果 | 导出
//   survey close                                                              结束
//   survey stop            the group's repeating survey starts no more          停止
//   survey templates       the templates there are                              模板
//   survey template add    a form for a new template (super admins)             模板 添加
//   survey template remove <key>                                                模板 删除
import { commandWord } from '../../core/clean.js';
import { fail, flagName, isRealDate, lookup, ok, withSubverbs, word, type Parser, type VerbDef } from '../../core/commands/grammar.js';
import type { Audience, Repeat } from './store.js';
import { TEMPLATE_KEY } from './templates.js';

export interface StartCommand {
  verb: 'survey.start';
  template: string;
  anonymous: boolean;
  closes: string | null;
  audience: Audience;
  repeat: Repeat | null;
  reminders: number;
}

export type SurveyCommand =
  | StartCommand
  | { verb: 'survey.results' }
  | { verb: 'survey.close' }
  | { verb: 'survey.stop' }
  | { verb: 'survey.templates' }
  | { verb: 'survey.template-add' }
  | { verb: 'survey.template-remove'; key: string };

export const USAGE = 'usage.survey';
export const DEFAULT_REMINDERS = 2;
const MAX_REMINDERS = 5;

const TEMPLATE_WORDS: Readonly<Record<string, string>> = { satisfaction: 'satisfaction', 满意度: 'satisfaction', quarterly: 'quarterly', 季度: 'quarterly', 季度评估: 'quarterly' };
const AUDIENCE_WORDS: Readonly<Record<string, Audience>> = { group: 'group', 群: 'group', managers: 'managers', 管理员: 'managers' };
const REPEAT_WORDS: Readonly<Record<string, Repeat>> = { weekly: 'weekly', 每周: 'weekly', monthly: 'monthly', 每月: 'monthly', quarterly: 'quarterly', 每季度: 'quarterly' };

const start: Parser<SurveyCommand> = (args) => {
  const t = args.tokens[args.at];
  if (t === undefined) return fail(USAGE, 'survey.templateRequired');
  const typed = commandWord(word(t) ?? '');
  const template = lookup(TEMPLATE_WORDS, typed) ?? (TEMPLATE_KEY.test(typed) ? typed : undefined);
  if (template === undefined) return fail(USAGE, 'survey.badTemplate', { value: args.input.slice(t.start, t.end) });
  const c: StartCommand = { verb: 'survey.start', template, anonymous: true, closes: null, audience: 'group', repeat: null, reminders: DEFAULT_REMINDERS };
  for (let i = args.at + 1; i < args.tokens.length; i += 1) {
    const token = args.tokens[i]!;
    const flag = flagName(token);
    if (flag === 'anonymous') c.anonymous = true;
    else if (flag === 'named') c.anonymous = false;
    else if (flag === 'closes' || flag === 'to' || flag === 'repeat' || flag === 'reminders') {
      const value = word(args.tokens[i + 1]);
      if (value === undefined) return fail(USAGE, 'survey.flagValue', { flag: `--${flag}` });
      i += 1;
      if (flag === 'closes') {
        if (!isRealDate(value)) return fail(USAGE, 'survey.badDate', { value });
        c.closes = value;
      } else if (flag === 'to') {
        const a = lookup(AUDIENCE_WORDS, commandWord(value));
        if (a === undefined) return fail(USAGE, 'survey.badAudience', { value });
        c.audience = a;
      } else if (flag === 'repeat') {
        const r = lookup(REPEAT_WORDS, commandWord(value));
        if (r === undefined) return fail(USAGE, 'survey.badRepeat', { value });
        c.repeat = r;
      } else {
        if (!/^\d$/.test(value) || Number(value) > MAX_REMINDERS) return fail(USAGE, 'survey.badReminders', { value, max: MAX_REMINDERS });
        c.reminders = Number(value);
      }
    } else return fail(USAGE, 'command.unexpected', { value: args.input.slice(token.start, token.end) });
  }
  return ok(c);
};

const results: Parser<SurveyCommand> = () => ok({ verb: 'survey.results' });
const close: Parser<SurveyCommand> = () => ok({ verb: 'survey.close' });
const stop: Parser<SurveyCommand> = () => ok({ verb: 'survey.stop' });
const templates: Parser<SurveyCommand> = () => ok({ verb: 'survey.templates' });

const templateAdd: Parser<SurveyCommand> = () => ok({ verb: 'survey.template-add' });
const templateRemove: Parser<SurveyCommand> = (args) => {
  const key = commandWord(word(args.tokens[args.at]) ?? '');
  if (!TEMPLATE_KEY.test(key)) return fail(USAGE, 'survey.templateKeyRequired');
  return ok({ verb: 'survey.template-remove', key });
};
const template = withSubverbs<SurveyCommand>(USAGE, { add: templateAdd, 添加: templateAdd, remove: templateRemove, 删除: templateRemove });

export const surveyVerb: VerbDef<SurveyCommand> = {
  verb: 'survey',
  aliases: { 调查: {} },
  usage: USAGE,
  details: 'help.details.survey',
  parse: withSubverbs(USAGE, {
    start,
    开始: start,
    results,
    结果: results,
    export: results,
    导出: results,
    close,
    结束: close,
    stop,
    停止: stop,
    templates,
    template,
    模板: (args) => (args.tokens[args.at] === undefined ? templates(args) : template(args)),
  }),
};
