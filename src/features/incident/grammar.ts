// INC-1..5 and INC-4's verbs.
//   incident declare <1|2|3|4|spam> <title…>   声明   (a form when the level or title is missing)
//   incident status                             状态   the open incident's card again
//   incident resolve [summary…]                 解决   (a form when the summary is missing)
//   incident playbook                           预案   the workspace's playbooks
//   lock <reason…>   (禁言)   unlock <reason…>   (解禁)
// A spam declaration may name the attacker: `incident declare spam @someone flooding ads`.
import { commandWord } from '../../core/clean.js';
import { expectEnd, fail, lookup, ok, rest, word, type Args, type Parser, type VerbDef } from '../../core/commands/grammar.js';
import type { Level } from './store.js';

export type IncidentCommand =
  | { verb: 'incident.declare'; level: Level | null; title: string | null; attacker: { address: string; label: string | null } | null }
  | { verb: 'incident.status' }
  | { verb: 'incident.resolve'; summary: string | null }
  | { verb: 'incident.playbook' }
  | { verb: 'lock.lock'; reason: string }
  | { verb: 'lock.unlock'; reason: string };

export const USAGE = 'usage.incident';
export const TITLE_MAX = 200;
export const SUMMARY_MAX = 2000;
export const REASON_MAX = 500;

const LEVEL_WORDS: Readonly<Record<string, Level>> = {
  '1': '1',
  '2': '2',
  '3': '3',
  '4': '4',
  spam: 'spam',
  一: '1',
  二: '2',
  三: '3',
  四: '4',
  一级: '1',
  二级: '2',
  三级: '3',
  四级: '4',
  垃圾: 'spam',
  刷屏: 'spam',
};

/** A level as typed (`2`, `二级`, `spam`, `刷屏`); null when it is not one. */
export function parseLevel(w: string): Level | null {
  return lookup(LEVEL_WORDS, w) ?? null;
}

/** Text with platform mention markup turned into readable names. */
function plain(args: Args, from: number): string {
  const parts: string[] = [];
  for (let i = from; i < args.tokens.length; i += 1) {
    const t = args.tokens[i]!;
    parts.push(t.kind === 'word' ? t.value : `@${t.label ?? t.id}`);
  }
  return parts.join(' ').replace(/\s+/g, ' ').trim();
}

const declare: Parser<IncidentCommand> = (args) => {
  const first = args.tokens[args.at];
  if (first === undefined) return ok({ verb: 'incident.declare', level: null, title: null, attacker: null });
  const level = parseLevel(commandWord(word(first) ?? ''));
  if (level === null) return fail(USAGE, 'incidents.badLevel', { value: args.input.slice(first.start, first.end) });
  let attacker: { address: string; label: string | null } | null = null;
  const user = args.tokens.slice(args.at + 1).find((t) => t.kind === 'user');
  if (level === 'spam' && user !== undefined && user.kind === 'user') attacker = { address: user.id, label: user.label };
  const title = plain(args, args.at + 1);
  if (title.length > TITLE_MAX) return fail(USAGE, 'incidents.titleTooLong', { max: TITLE_MAX });
  return ok({ verb: 'incident.declare', level, title: title === '' ? null : title, attacker });
};

const resolve: Parser<IncidentCommand> = (args) => {
  const summary = rest(args).trim();
  if (summary.length > SUMMARY_MAX) return fail(USAGE, 'incidents.summaryTooLong', { max: SUMMARY_MAX });
  return ok({ verb: 'incident.resolve', summary: summary === '' ? null : summary });
};

const status: Parser<IncidentCommand> = (args) => expectEnd<IncidentCommand>(args, USAGE, { verb: 'incident.status' });
const playbook: Parser<IncidentCommand> = (args) => {
  // `incident playbook` and `incident playbook show`.
  const next = args.tokens[args.at];
  const at = next !== undefined && ['show', '查看'].includes(commandWord(word(next) ?? '')) ? args.at + 1 : args.at;
  return expectEnd<IncidentCommand>({ ...args, at }, USAGE, { verb: 'incident.playbook' });
};

const SUB: Record<string, Parser<IncidentCommand>> = {
  declare,
  声明: declare,
  宣布: declare,
  status,
  show: status,
  状态: status,
  resolve,
  解决: resolve,
  playbook,
  playbooks: playbook,
  预案: playbook,
};

export const incidentVerb: VerbDef<IncidentCommand> = {
  verb: 'incident',
  aliases: { 事件: {}, incidents: {} },
  usage: USAGE,
  details: 'help.details.incident',
  parse: (args) => {
    const sub = args.tokens[args.at];
    // `事件` alone, or `incident` alone: the open incident (or how to declare one).
    if (sub === undefined) return ok({ verb: 'incident.status' });
    const parser = lookup(SUB, word(sub));
    // `incident 2 leaked sheet`: declare is the default sub-verb.
    if (parser === undefined) return parseLevel(commandWord(word(sub) ?? '')) !== null ? declare(args) : fail(USAGE, 'command.unknownSubcommand', { value: args.input.slice(sub.start, sub.end) });
    return parser({ ...args, at: args.at + 1 });
  },
};

const reasonOf = (args: Args, usage: string, verb: 'lock.lock' | 'lock.unlock') => {
  const reason = plain(args, args.at);
  // A mention alone says who, not why.
  if (reason === '' || args.tokens.slice(args.at).every((t) => t.kind !== 'word')) return fail<IncidentCommand>(usage, 'incidents.lock.reasonRequired');
  if (reason.length > REASON_MAX) return fail<IncidentCommand>(usage, 'incidents.lock.reasonTooLong', { max: REASON_MAX });
  return ok<IncidentCommand>({ verb, reason });
};

export const lockVerb: VerbDef<IncidentCommand> = {
  verb: 'lock',
  aliases: { 禁言: {} },
  usage: 'usage.lock',
  details: 'help.details.lock',
  parse: (args) => reasonOf(args, 'usage.lock', 'lock.lock'),
};

export const unlockVerb: VerbDef<IncidentCommand> = {
  verb: 'unlock',
  aliases: { 解禁: {} },
  usage: 'usage.unlock',
  details: 'help.details.unlock',
  parse: (args) => reasonOf(args, 'usage.unlock', 'lock.unlock'),
};
