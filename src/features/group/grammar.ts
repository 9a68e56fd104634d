// `group register|info|list|request` and the Chinese aliases 登记, 群信息, 群列表, 申请建群.
import {
  expectEnd,
  fail,
  flagName,
  isRealDate,
  lookup,
  ok,
  show,
  withSubverbs,
  word,
  type Parser,
  type VerbDef,
} from '../../core/commands/grammar.js';
import type { NotYet } from '../../core/commands/notYet.js';
import { textOf, type Token } from '../../core/commands/tokenize.js';
import type { GroupType, Tier } from '../../core/model.js';
import { GROUP_TYPE_WORDS, TIER_WORDS } from './vocabulary.js';

export const LIMITS = { purpose: 300, name: 80 } as const;

export type GroupCommand =
  | { verb: 'group.register'; type: GroupType; purpose: string; name: string | null; tier: Tier | null; expires: string | null }
  | { verb: 'group.info' }
  | { verb: 'group.list' }
  | NotYet<'group.notYet'>;

const USAGE = 'usage.group';
const REGISTER_USAGE = 'usage.groupRegister';
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

export const groupVerb: VerbDef<GroupCommand> = {
  verb: 'group',
  aliases: { 登记: { sub: 'register' }, 群信息: { sub: 'info' }, 群列表: { sub: 'list' }, 申请建群: { sub: 'request' } },
  usage: USAGE,
  details: 'help.details.group',
  parse: withSubverbs<GroupCommand>(USAGE, {
    register,
    info: (args) => expectEnd<GroupCommand>(args, USAGE, { verb: 'group.info' }),
    list: (args) => expectEnd<GroupCommand>(args, USAGE, { verb: 'group.list' }),
    // GRP-2 comes with the lifecycle issue.
    request: () => ok<GroupCommand>({ verb: 'group.notYet', feature: 'group request' }),
  }),
};
