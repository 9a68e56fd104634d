// `group register|info|list|request|remove` and the Chinese aliases 登记, 群信息, 群列表, 申请建群, 移出.
import {
  expectEnd,
  fail,
  flagName,
  isRealDate,
  lookup,
  ok,
  rest,
  show,
  withSubverbs,
  word,
  type Parser,
  type VerbDef,
} from '../../core/commands/grammar.js';
import { textOf, type Token } from '../../core/commands/tokenize.js';
import type { GroupType, Tier } from '../../core/model.js';
import { GROUP_TYPE_WORDS, TIER_WORDS } from './vocabulary.js';

export const LIMITS = { purpose: 300, name: 80, reason: 500 } as const;

/** Slack's rule for channel names: lower case letters, digits, `-` and `_`, at most 80. */
export const SLACK_CHANNEL_NAME = /^[a-z0-9][a-z0-9_-]{0,79}$/;

export type GroupCommand =
  | { verb: 'group.register'; type: GroupType; purpose: string; name: string | null; tier: Tier | null; expires: string | null }
  | { verb: 'group.info' }
  | { verb: 'group.list' }
  | { verb: 'group.request'; name: string; type: GroupType; purpose: string; channel: string | null }
  | { verb: 'group.remove'; user: { address: string; label: string | null }; reason: string };

const USAGE = 'usage.group';
const REGISTER_USAGE = 'usage.groupRegister';
const REQUEST_USAGE = 'usage.groupRequest';
const REMOVE_USAGE = 'usage.groupRemove';
const FLAGS = ['name', 'tier', 'expires'] as const;
type Flag = (typeof FLAGS)[number];

const register: Parser<GroupCommand> = (args) => {
  const { input, tokens } = args;
  const bad = (key: string, params?: Record<string, string | number>) => fail<GroupCommand>(REGISTER_USAGE, `command.${key}`, params);
  const typeToken = tokens[args.at];
  if (typeToken === undefined) return bad('missingType');
  const type = lookup(GROUP_TYPE_WORDS, word(typeToken));
  if (type === undefined) return bad('unknownType', { value: show(typeToken, input) });

  const flags = new Map<Flag, string>();
  let purposeEnd = tokens.length;
  for (let i = args.at + 1; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const name = flagName(token);
    if (name === null) {
      if (flags.size > 0) return bad('unexpected', { value: show(token, input) });
      continue;
    }
    if (purposeEnd === tokens.length) purposeEnd = i;
    const flag = FLAGS.find((f) => f === name);
    if (flag === undefined) return bad('unknownFlag', { flag: show(token, input) });
    if (flags.has(flag)) return bad('flagRepeated', { flag: `--${flag}` });
    const valueToken = tokens[i + 1];
    const v = word(valueToken);
    if (valueToken === undefined || v === undefined || flagName(valueToken) !== null || v.trim() === '') {
      return bad('flagValueMissing', { flag: `--${flag}` });
    }
    flags.set(flag, v.trim());
    i += 1;
  }

  const purpose = textOf(input, tokens, args.at + 1, purposeEnd);
  if (purpose === '') return bad('missingPurpose');
  if (/[\r\n]/.test(purpose)) return bad('purposeOneLine');
  if (purpose.length > LIMITS.purpose) return bad('purposeTooLong', { max: LIMITS.purpose });

  const name = flags.get('name') ?? null;
  if (name !== null && (name.length > LIMITS.name || /[\p{Cc}]/u.test(name))) return bad('badName', { max: LIMITS.name });
  const tierWord = flags.get('tier');
  const tier = tierWord === undefined ? null : (lookup(TIER_WORDS, tierWord) ?? null);
  if (tierWord !== undefined && tier === null) return bad('unknownTier', { value: tierWord });
  const expires = flags.get('expires') ?? null;
  if (expires !== null && !isRealDate(expires)) return bad('badDate', { value: expires });

  return ok({ verb: 'group.register', type, purpose, name: name?.replace(/^[#＃]/, '') ?? null, tier, expires });
};

/** `group request <name> <type> <purpose…> [--channel <slack-name>]` (GRP-2). */
const request: Parser<GroupCommand> = (args) => {
  const { input, tokens } = args;
  const bad = (key: string, params?: Record<string, string | number>) => fail<GroupCommand>(REQUEST_USAGE, `command.${key}`, params);
  const nameToken = tokens[args.at];
  const name = word(nameToken)?.replace(/^[#＃]/, '').trim();
  if (nameToken === undefined || name === undefined || name === '') return bad('missingName');
  if (name.length > LIMITS.name || /[\p{Cc}]/u.test(name)) return bad('badName', { max: LIMITS.name });
  const typeToken = tokens[args.at + 1];
  if (typeToken === undefined) return bad('missingType');
  const type = lookup(GROUP_TYPE_WORDS, word(typeToken));
  if (type === undefined) return bad('unknownType', { value: show(typeToken, input) });
  let end = tokens.length;
  let channel: string | null = null;
  for (let i = args.at + 2; i < tokens.length; i += 1) {
    const flag = flagName(tokens[i] as Token);
    if (flag === null) continue;
    if (flag !== 'channel') return bad('unknownFlag', { flag: show(tokens[i] as Token, input) });
    const value = word(tokens[i + 1])?.replace(/^[#＃]/, '').toLowerCase();
    if (value === undefined || i + 2 !== tokens.length) return bad('flagValueMissing', { flag: '--channel' });
    if (!SLACK_CHANNEL_NAME.test(value)) return bad('badChannelName', { value });
    channel = value;
    end = i;
    break;
  }
  const purpose = textOf(input, tokens, args.at + 2, end);
  if (purpose === '') return bad('missingPurpose');
  if (/[\r\n]/.test(purpose)) return bad('purposeOneLine');
  if (purpose.length > LIMITS.purpose) return bad('purposeTooLong', { max: LIMITS.purpose });
  return ok({ verb: 'group.request', name, type, purpose, channel });
};

/** `group remove <@person> <reason…>` (ROLE-4): the reason is required. */
const remove: Parser<GroupCommand> = (args) => {
  const { input, tokens } = args;
  const bad = (key: string, params?: Record<string, string | number>) => fail<GroupCommand>(REMOVE_USAGE, `command.${key}`, params);
  const userToken = tokens[args.at];
  if (userToken === undefined) return bad('missingUser');
  if (userToken.kind !== 'user') return bad('notAUser', { value: show(userToken, input) });
  const reason = rest(args, args.at + 1);
  if (reason === '') return bad('removeReasonRequired');
  if (reason.length > LIMITS.reason) return bad('reasonTooLong', { max: LIMITS.reason });
  return ok({ verb: 'group.remove', user: { address: userToken.id, label: userToken.label }, reason });
};

export const groupVerb: VerbDef<GroupCommand> = {
  verb: 'group',
  aliases: { 登记: { sub: 'register' }, 群信息: { sub: 'info' }, 群列表: { sub: 'list' }, 申请建群: { sub: 'request' }, 移出: { sub: 'remove' } },
  usage: USAGE,
  details: 'help.details.group',
  parse: withSubverbs<GroupCommand>(USAGE, {
    register,
    info: (args) => expectEnd<GroupCommand>(args, USAGE, { verb: 'group.info' }),
    list: (args) => expectEnd<GroupCommand>(args, USAGE, { verb: 'group.list' }),
    request,
    remove,
  }),
};
