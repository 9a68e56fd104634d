// Parses `/charter …` text (Teams: the text after the mention) into a typed command.
// One parser serves both platforms; adapters first turn platform mentions into the
// neutral `<@id|label>` / `<#id|label>` tokens. Errors are locale keys plus the
// usage topic to show beside them — never an exception.
import { commandWord } from '../clean.js';
import { text, type Text } from '../messages.js';
import { textOf, tokenize, type Token } from './tokenize.js';
import { HELP_TOPICS, type Command, type GroupRef, type HelpTopic, type UnavailableVerb } from './types.js';
import { GROUP_TYPE_WORDS, lookup, ROLE_WORDS, TIER_WORDS } from './vocabulary.js';

/** A usage line to show beside an error: a help topic's, or one sub-command's. */
export type UsageKey = HelpTopic | 'groupRegister' | 'roleGrant' | 'roleRevoke';

export type ParseResult = { ok: true; command: Command } | { ok: false; error: Text; usage: UsageKey };

export const LIMITS = { purpose: 300, reason: 500, name: 80 } as const;

interface Args {
  input: string;
  tokens: Token[];
  /** Index of the first argument after the verb (and sub-verb). */
  at: number;
}

type Parser = (args: Args) => ParseResult;

const ok = (command: Command): ParseResult => ({ ok: true, command });
const fail = (usage: UsageKey, key: string, params?: Record<string, string | number>): ParseResult => ({
  ok: false,
  error: text(`command.${key}`, params),
  usage,
});

function word(token: Token | undefined): string | undefined {
  return token?.kind === 'word' ? token.value : undefined;
}

function show(token: Token, input: string): string {
  return input.slice(token.start, token.end);
}

function unavailable(feature: UnavailableVerb): Parser {
  return () => ok({ verb: 'unavailable', feature });
}

function expectEnd(args: Args, usage: UsageKey, command: Command): ParseResult {
  const extra = args.tokens[args.at];
  return extra === undefined ? ok(command) : fail(usage, 'unexpected', { value: show(extra, args.input) });
}

/** A verb whose first argument picks a sub-verb (`group register`, `role grant`). */
function withSubverbs(usage: HelpTopic, table: Record<string, Parser>): Parser {
  return (args) => {
    const sub = args.tokens[args.at];
    if (sub === undefined) return fail(usage, 'missingSubcommand');
    const parser = lookup(table, word(sub));
    if (parser === undefined) return fail(usage, 'unknownSubcommand', { value: show(sub, args.input) });
    return parser({ ...args, at: args.at + 1 });
  };
}

// ------------------------------------------------------------------ help

const help: Parser = (args) => {
  const topicToken = args.tokens[args.at];
  if (topicToken === undefined) return ok({ verb: 'help', topic: null });
  const resolved = resolveVerb(word(topicToken) ?? '');
  const topic = resolved?.topic;
  if (topic === undefined) return fail('help', 'unknownHelpTopic', { topic: show(topicToken, args.input) });
  return ok({ verb: 'help', topic });
};

// ------------------------------------------------------------------ join

function groupRef(token: Token): GroupRef | null {
  if (token.kind === 'channel') return { kind: 'channel', channelId: token.id, name: token.label };
  if (token.kind !== 'word') return null;
  const hashed = /^[#＃]/.test(token.value);
  const name = token.value.replace(/^[#＃]/, '').trim();
  return name === '' ? null : { kind: 'name', name, hashed };
}

const join: Parser = (args) => {
  const target = args.tokens[args.at];
  if (target === undefined) return fail('join', 'missingGroup');
  const group = groupRef(target);
  if (group === null) return fail('join', 'notAGroup', { value: show(target, args.input) });
  const reason = textOf(args.input, args.tokens, args.at + 1);
  if (reason === '') return fail('join', 'missingReason');
  if (reason.length > LIMITS.reason) return fail('join', 'reasonTooLong', { max: LIMITS.reason });
  return ok({ verb: 'join', group, reason });
};

// ------------------------------------------------------------------ group

const FLAGS = ['name', 'tier', 'expires'] as const;
type Flag = (typeof FLAGS)[number];

/** `--name`, and the `—name` that phones and macOS turn `--` into. */
function flagName(token: Token): string | null {
  const w = word(token);
  if (w === undefined || token.kind !== 'word' || token.quoted) return null;
  const m = /^(?:--|—|–)([^\s=]+)$/.exec(commandWord(w));
  return m ? (m[1] as string).toLowerCase() : null;
}

function isRealDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

const groupRegister: Parser = (args) => {
  const { input, tokens } = args;
  const typeToken = tokens[args.at];
  if (typeToken === undefined) return fail('groupRegister', 'missingType');
  const type = lookup(GROUP_TYPE_WORDS, word(typeToken));
  if (type === undefined) return fail('groupRegister', 'unknownType', { value: show(typeToken, input) });

  const flags = new Map<Flag, string>();
  let purposeEnd = tokens.length;
  for (let i = args.at + 1; i < tokens.length; i += 1) {
    const token = tokens[i] as Token;
    const name = flagName(token);
    if (name === null) {
      if (flags.size > 0) return fail('groupRegister', 'unexpected', { value: show(token, input) });
      continue;
    }
    if (purposeEnd === tokens.length) purposeEnd = i;
    const flag = FLAGS.find((f) => f === name);
    if (flag === undefined) return fail('groupRegister', 'unknownFlag', { flag: show(token, input) });
    if (flags.has(flag)) return fail('groupRegister', 'flagRepeated', { flag: `--${flag}` });
    const valueToken = tokens[i + 1];
    const v = word(valueToken);
    if (valueToken === undefined || v === undefined || flagName(valueToken) !== null || v.trim() === '') {
      return fail('groupRegister', 'flagValueMissing', { flag: `--${flag}` });
    }
    flags.set(flag, v.trim());
    i += 1;
  }

  const purpose = textOf(input, tokens, args.at + 1, purposeEnd);
  if (purpose === '') return fail('groupRegister', 'missingPurpose');
  if (/[\r\n]/.test(purpose)) return fail('groupRegister', 'purposeOneLine');
  if (purpose.length > LIMITS.purpose) return fail('groupRegister', 'purposeTooLong', { max: LIMITS.purpose });

  const name = flags.get('name') ?? null;
  if (name !== null && (name.length > LIMITS.name || /[\p{Cc}]/u.test(name))) {
    return fail('groupRegister', 'badName', { max: LIMITS.name });
  }
  const tierWord = flags.get('tier');
  const tier = tierWord === undefined ? null : (lookup(TIER_WORDS, tierWord) ?? null);
  if (tierWord !== undefined && tier === null) return fail('groupRegister', 'unknownTier', { value: tierWord });
  const expires = flags.get('expires') ?? null;
  if (expires !== null && !isRealDate(expires)) return fail('groupRegister', 'badDate', { value: expires });

  return ok({ verb: 'group.register', type, purpose, name: name?.replace(/^[#＃]/, '') ?? null, tier, expires });
};

const GROUP_SUBVERBS: Record<string, Parser> = {
  register: groupRegister,
  info: (args) => expectEnd(args, 'group', { verb: 'group.info' }),
  list: (args) => expectEnd(args, 'group', { verb: 'group.list' }),
  request: unavailable('group request'),
};

const group = withSubverbs('group', GROUP_SUBVERBS);

// ------------------------------------------------------------------ role

function roleChange(kind: 'grant' | 'revoke'): Parser {
  const usage: UsageKey = kind === 'grant' ? 'roleGrant' : 'roleRevoke';
  return (args) => {
    const { input, tokens } = args;
    const userToken = tokens[args.at];
    if (userToken === undefined) return fail(usage, 'missingUser');
    if (userToken.kind !== 'user') return fail(usage, 'notAUser', { value: show(userToken, input) });
    const roleToken = tokens[args.at + 1];
    if (roleToken === undefined) return fail(usage, 'missingRole');
    const role = lookup(ROLE_WORDS, word(roleToken));
    if (role === undefined) return fail(usage, 'unknownRole', { value: show(roleToken, input) });
    const reason = textOf(input, tokens, args.at + 2);
    if (reason.length > LIMITS.reason) return fail(usage, 'reasonTooLong', { max: LIMITS.reason });
    const user = { address: userToken.id, label: userToken.label };
    if (kind === 'revoke') {
      if (reason === '') return fail(usage, 'revokeReasonRequired');
      return ok({ verb: 'role.revoke', user, role, reason });
    }
    return ok({ verb: 'role.grant', user, role, reason: reason === '' ? null : reason });
  };
}

const ROLE_SUBVERBS: Record<string, Parser> = { grant: roleChange('grant'), revoke: roleChange('revoke') };

const role = withSubverbs('role', ROLE_SUBVERBS);

// ------------------------------------------------------------------ verbs

interface VerbEntry {
  topic: HelpTopic;
  parse: Parser;
}

const VERBS: Record<string, VerbEntry> = {
  help: { topic: 'help', parse: help },
  join: { topic: 'join', parse: join },
  group: { topic: 'group', parse: group },
  role: { topic: 'role', parse: role },
  post: { topic: 'post', parse: unavailable('post') },
  notice: { topic: 'notice', parse: unavailable('notice') },
  incident: { topic: 'incident', parse: unavailable('incident') },
  lock: { topic: 'lock', parse: unavailable('lock') },
  unlock: { topic: 'unlock', parse: unavailable('unlock') },
  survey: { topic: 'survey', parse: unavailable('survey') },
  report: { topic: 'report', parse: unavailable('report') },
  audit: { topic: 'audit', parse: unavailable('audit') },
  policy: { topic: 'policy', parse: unavailable('policy') },
  faq: { topic: 'faq', parse: unavailable('faq') },
  dashboard: { topic: 'dashboard', parse: unavailable('dashboard') },
};

/** A Chinese alias stands for a verb, or for a verb and its sub-verb. */
const ALIASES: Record<string, { verb: string; sub?: string }> = {
  帮助: { verb: 'help' },
  加入: { verb: 'join' },
  登记: { verb: 'group', sub: 'register' },
  申请建群: { verb: 'group', sub: 'request' },
  群信息: { verb: 'group', sub: 'info' },
  群列表: { verb: 'group', sub: 'list' },
  授权: { verb: 'role', sub: 'grant' },
  撤权: { verb: 'role', sub: 'revoke' },
  发布: { verb: 'post' },
  通知: { verb: 'notice' },
  事件: { verb: 'incident' },
  禁言: { verb: 'lock' },
  解禁: { verb: 'unlock' },
  调查: { verb: 'survey' },
  报告: { verb: 'report' },
  审计: { verb: 'audit' },
  规则: { verb: 'policy' },
  问答: { verb: 'faq' },
  看板: { verb: 'dashboard' },
};

export const CHINESE_ALIASES: Readonly<Record<string, { verb: string; sub?: string }>> = ALIASES;

function resolveVerb(raw: string): (VerbEntry & { sub?: string }) | undefined {
  const key = commandWord(raw).replace(/^\//, '');
  const direct = lookup(VERBS, key);
  if (direct !== undefined) return direct;
  const alias = lookup(ALIASES, key);
  if (alias === undefined) return undefined;
  const entry = VERBS[alias.verb] as VerbEntry;
  return alias.sub === undefined ? entry : { ...entry, sub: alias.sub };
}

export function parseCommand(raw: string): ParseResult {
  const input = raw.replace(/\u00a0/g, ' ').replace(/&nbsp;/g, ' ');
  const tokens = tokenize(input);
  const first = tokens[0];
  if (first === undefined) return ok({ verb: 'help', topic: null });
  const verbWord = word(first);
  // Tolerate a leading `charter` (people type `/charter charter join …` or `@Charter charter …`).
  if (verbWord !== undefined && commandWord(verbWord) === 'charter' && tokens.length > 1) return parseCommand(input.slice(first.end));
  const entry = verbWord === undefined ? undefined : resolveVerb(verbWord);
  if (entry === undefined) return fail('help', 'unknownVerb', { verb: show(first, input) });
  if (entry.sub === undefined) return entry.parse({ input, tokens, at: 1 });
  // An alias carrying its sub-verb: splice a synthetic sub-verb token in place.
  const subToken: Token = { kind: 'word', value: entry.sub, start: first.end, end: first.end, quoted: false };
  return entry.parse({ input, tokens: [first, subToken, ...tokens.slice(1)], at: 1 });
}

export { HELP_TOPICS };
