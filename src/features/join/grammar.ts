// `join <group> <reason…>` (`加入`): the group is a Slack channel mention, `#name`,
// or the group's registered name (Teams users type the name).
import { fail, ok, rest, show, type VerbDef } from '../../core/commands/grammar.js';
import type { Token } from '../../core/commands/tokenize.js';

export const REASON_MAX = 500;

/** Where `join` points: a channel mention (`<#C123|name>`), `#name`, or a registered name. */
export type GroupRef = { kind: 'channel'; channelId: string; name: string | null } | { kind: 'name'; name: string; hashed: boolean };

export type JoinCommand = { verb: 'join'; group: GroupRef; reason: string };

function groupRef(token: Token): GroupRef | null {
  if (token.kind === 'channel') return { kind: 'channel', channelId: token.id, name: token.label };
  if (token.kind !== 'word') return null;
  const hashed = /^[#＃]/.test(token.value);
  const name = token.value.replace(/^[#＃]/, '').trim();
  return name === '' ? null : { kind: 'name', name, hashed };
}

const USAGE = 'usage.join';

export const joinVerb: VerbDef<JoinCommand> = {
  verb: 'join',
  aliases: { 加入: {} },
  usage: USAGE,
  details: 'help.details.join',
  parse: (args) => {
    const target = args.tokens[args.at];
    if (target === undefined) return fail(USAGE, 'command.missingGroup');
    const group = groupRef(target);
    if (group === null) return fail(USAGE, 'command.notAGroup', { value: show(target, args.input) });
    const reason = rest(args, args.at + 1);
    if (reason === '') return fail(USAGE, 'command.missingReason');
    if (reason.length > REASON_MAX) return fail(USAGE, 'command.reasonTooLong', { max: REASON_MAX });
    return ok({ verb: 'join', group, reason });
  },
};
