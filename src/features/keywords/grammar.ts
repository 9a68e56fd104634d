// `keyword …` (`关键词`), also reachable as `policy keyword …`:
//   keyword lists                                  the workspace's lists
//   keyword show <list>                            a list's entries
//   keyword add <list> <pattern…> [--whole|--regex|--allow]
//   keyword remove <list> <pattern…>
//   keyword create <key> <English> <中文> [--action warn|alert|remove]
//   keyword action <list> <warn|alert|remove>
//   keyword exempt <list> <owner,moderator,super-admin|none>
//   keyword import <list>                          a form to paste CSV lines into
import { commandWord } from '../../core/clean.js';
import { fail, flagName, lookup, ok, rest, show, word, type Args, type Parser, type VerbDef } from '../../core/commands/grammar.js';
import type { Token } from '../../core/commands/tokenize.js';
import type { RoleName } from '../../core/model.js';
import { LIST_ACTIONS, type EntryKind, type ListAction } from './store.js';

export type KeywordCommand =
  | { verb: 'keyword.lists' }
  | { verb: 'keyword.show'; list: string }
  | { verb: 'keyword.add'; list: string; kind: EntryKind; pattern: string }
  | { verb: 'keyword.remove'; list: string; pattern: string }
  | { verb: 'keyword.create'; key: string; nameEn: string; nameZh: string; action: ListAction }
  | { verb: 'keyword.action'; list: string; action: ListAction }
  | { verb: 'keyword.exempt'; list: string; roles: RoleName[] }
  | { verb: 'keyword.import'; list: string };

export const USAGE = 'usage.keyword';
export const LIST_KEY = /^[a-z][a-z0-9-]{0,30}$/;
const ACTION_WORDS: Record<string, ListAction> = { warn: 'warn', 警告: 'warn', alert: 'alert', 通知: 'alert', remove: 'remove', strict: 'remove', 删除: 'remove' };
const ROLE_WORDS: Record<string, RoleName> = { owner: 'owner', 群主: 'owner', moderator: 'moderator', 管理员: 'moderator', 'super-admin': 'super-admin', 超级管理员: 'super-admin' };

function listKey(args: Args): string | null {
  const w = word(args.tokens[args.at]);
  if (w === undefined) return null;
  const k = commandWord(w);
  return LIST_KEY.test(k) ? k : null;
}

const needList = (then: (list: string, args: Args) => ReturnType<Parser<KeywordCommand>>): Parser<KeywordCommand> => (args) => {
  const list = listKey(args);
  if (list === null) return fail(USAGE, 'keywords.missingList');
  return then(list, { ...args, at: args.at + 1 });
};

const add: Parser<KeywordCommand> = needList((list, args) => {
  let kind: EntryKind = 'word';
  const parts: Token[] = [];
  for (let i = args.at; i < args.tokens.length; i += 1) {
    const t = args.tokens[i] as Token;
    const flag = flagName(t);
    if (flag === 'whole' || flag === '整词') kind = 'whole';
    else if (flag === 'regex' || flag === '正则') kind = 'regex';
    else if (flag === 'allow' || flag === '允许') kind = 'allow';
    else if (flag !== null && parts.length === 0) return fail(USAGE, 'command.unknownFlag', { flag: show(t, args.input) });
    else parts.push(t);
  }
  const first = parts[0];
  const last = parts.at(-1);
  const pattern = first === undefined || last === undefined ? '' : args.input.slice(first.start, last.end).trim();
  const unquoted = parts.length === 1 && first?.kind === 'word' && first.quoted ? first.value : pattern;
  if (unquoted === '') return fail(USAGE, 'keywords.missingPattern');
  return ok({ verb: 'keyword.add', list, kind, pattern: unquoted });
});

const remove: Parser<KeywordCommand> = needList((list, args) => {
  const first = args.tokens[args.at];
  const pattern = args.tokens.length === args.at + 1 && first?.kind === 'word' && first.quoted ? first.value : rest(args);
  return pattern === '' ? fail(USAGE, 'keywords.missingPattern') : ok({ verb: 'keyword.remove', list, pattern });
});

const create: Parser<KeywordCommand> = (args) => {
  const words: string[] = [];
  let action: ListAction = 'alert';
  for (let i = args.at; i < args.tokens.length; i += 1) {
    const t = args.tokens[i] as Token;
    const flag = flagName(t);
    if (flag === 'action' || flag === '动作') {
      const a = lookup(ACTION_WORDS, word(args.tokens[i + 1]));
      if (a === undefined) return fail(USAGE, 'keywords.badAction', { actions: LIST_ACTIONS.join(', ') });
      action = a;
      i += 1;
    } else if (flag !== null) return fail(USAGE, 'command.unknownFlag', { flag: show(t, args.input) });
    else words.push(word(t) ?? show(t, args.input));
  }
  const [key, nameEn, nameZh, ...extra] = words;
  if (key === undefined || nameEn === undefined || nameZh === undefined) return fail(USAGE, 'keywords.createUsage');
  if (extra.length > 0) return fail(USAGE, 'command.unexpected', { value: extra[0] as string });
  const k = commandWord(key);
  if (!LIST_KEY.test(k)) return fail(USAGE, 'keywords.badKey');
  if (nameEn.length > 40 || nameZh.length > 40) return fail(USAGE, 'keywords.badName');
  return ok({ verb: 'keyword.create', key: k, nameEn, nameZh, action });
};

const setAction: Parser<KeywordCommand> = needList((list, args) => {
  const a = lookup(ACTION_WORDS, word(args.tokens[args.at]));
  return a === undefined ? fail(USAGE, 'keywords.badAction', { actions: LIST_ACTIONS.join(', ') }) : ok({ verb: 'keyword.action', list, action: a });
});

const exempt: Parser<KeywordCommand> = needList((list, args) => {
  const raw = rest(args);
  if (raw === '') return fail(USAGE, 'keywords.badRoles');
  if (['none', '无'].includes(commandWord(raw))) return ok({ verb: 'keyword.exempt', list, roles: [] });
  const roles: RoleName[] = [];
  for (const part of raw.split(/[,，\s]+/).filter((p) => p !== '')) {
    const r = lookup(ROLE_WORDS, part);
    if (r === undefined) return fail(USAGE, 'keywords.badRoles');
    if (!roles.includes(r)) roles.push(r);
  }
  return ok({ verb: 'keyword.exempt', list, roles });
});

const SUB: Record<string, Parser<KeywordCommand>> = {
  lists: () => ok({ verb: 'keyword.lists' }),
  list: (args) => (listKey(args) === null ? ok({ verb: 'keyword.lists' }) : ok({ verb: 'keyword.show', list: listKey(args) as string })),
  列表: () => ok({ verb: 'keyword.lists' }),
  show: needList((list) => ok({ verb: 'keyword.show', list })),
  查看: needList((list) => ok({ verb: 'keyword.show', list })),
  add: add,
  添加: add,
  remove: remove,
  删除: remove,
  create: create,
  新建: create,
  action: setAction,
  动作: setAction,
  exempt: exempt,
  豁免: exempt,
  import: needList((list) => ok({ verb: 'keyword.import', list })),
  导入: needList((list) => ok({ verb: 'keyword.import', list })),
};

export const keywordVerb: VerbDef<KeywordCommand> = {
  verb: 'keyword',
  aliases: { 关键词: {}, keywords: {} },
  usage: USAGE,
  details: 'help.details.keyword',
  parse: (args) => {
    const first = word(args.tokens[args.at]);
    if (first === undefined) return ok({ verb: 'keyword.lists' });
    const sub = lookup(SUB, first);
    if (sub === undefined) return fail(USAGE, 'command.unknownSubcommand', { value: show(args.tokens[args.at] as Token, args.input) });
    return sub({ ...args, at: args.at + 1 });
  },
};
