// `post <tag>` (`发布 <标签>`): open a tag's form; `post` or `post tags` lists the
// tags; `post scheduled` lists your scheduled posts; super admins manage their
// workspace's own tags with `post tag add|remove`.
import { commandWord } from '../../core/clean.js';
import { fail, flagName, lookup, ok, rest, show, word, type Parser, type VerbDef } from '../../core/commands/grammar.js';
import type { Token } from '../../core/commands/tokenize.js';
import { CLASSES, type InfoClass } from './catalog.js';
import type { NewTag } from './tags.js';

export type PostCommand =
  | { verb: 'post.form'; tag: string | null }
  | { verb: 'post.tags' }
  | { verb: 'post.scheduled' }
  | { verb: 'post.tag.add'; tag: NewTag }
  | { verb: 'post.tag.remove'; key: string };

const USAGE = 'usage.post';
const CLASS_WORDS: Record<string, InfoClass> = { notice: 'notice', 通知: 'notice', discussion: 'discussion', 讨论: 'discussion', report: 'report', 汇报: 'report' };
const KEY = /^[a-z][a-z0-9-]{0,30}$/;

const tagAdd: Parser<PostCommand> = (args) => {
  const { tokens, input } = args;
  const words: string[] = [];
  let cls: InfoClass = 'discussion';
  let urgent = false;
  for (let i = args.at; i < tokens.length; i += 1) {
    const t = tokens[i] as Token;
    const flag = flagName(t);
    if (flag === 'urgent') urgent = true;
    else if (flag === 'class') {
      const v = lookup(CLASS_WORDS, word(tokens[i + 1]));
      if (v === undefined) return fail(USAGE, 'post.tags.badClass', { classes: CLASSES.join(', ') });
      cls = v;
      i += 1;
    } else if (flag !== null) return fail(USAGE, 'command.unknownFlag', { flag: show(t, input) });
    else words.push(word(t) ?? show(t, input));
  }
  const [key, nameEn, nameZh, ...extra] = words;
  if (key === undefined || nameEn === undefined || nameZh === undefined) return fail(USAGE, 'post.tags.addUsage');
  if (extra.length > 0) return fail(USAGE, 'command.unexpected', { value: extra[0] as string });
  const k = commandWord(key);
  if (!KEY.test(k)) return fail(USAGE, 'post.tags.badKey');
  if (nameEn.length > 30 || nameZh.length > 30 || /[[\]【】［］]/.test(nameEn + nameZh)) return fail(USAGE, 'post.tags.badName');
  return ok({ verb: 'post.tag.add', tag: { key: k, nameEn, nameZh, class: cls, urgent } });
};

const SUB: Record<string, Parser<PostCommand>> = {
  tags: () => ok({ verb: 'post.tags' }),
  标签: () => ok({ verb: 'post.tags' }),
  scheduled: () => ok({ verb: 'post.scheduled' }),
  定时: () => ok({ verb: 'post.scheduled' }),
  tag: (args) => {
    const sub = word(args.tokens[args.at]);
    const next = { ...args, at: args.at + 1 };
    if (sub !== undefined && ['add', '添加'].includes(commandWord(sub))) return tagAdd(next);
    if (sub !== undefined && ['remove', '删除'].includes(commandWord(sub))) {
      const key = rest(next);
      return key === '' ? fail(USAGE, 'post.tags.removeUsage') : ok({ verb: 'post.tag.remove', key });
    }
    return fail(USAGE, 'command.unknownSubcommand', { value: sub ?? '' });
  },
};

export const postVerb: VerbDef<PostCommand> = {
  verb: 'post',
  aliases: { 发布: {} },
  usage: USAGE,
  details: 'help.details.post',
  parse: (args) => {
    const first = word(args.tokens[args.at]);
    if (first === undefined) return ok({ verb: 'post.tags' });
    const sub = lookup(SUB, first);
    if (sub !== undefined) return sub({ ...args, at: args.at + 1 });
    // The rest is the tag, in either language (`post meeting`, `发布 会议`, `post urgent bug`).
    return ok({ verb: 'post.form', tag: rest(args) });
  },
};
