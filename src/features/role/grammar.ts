// `role grant|revoke <@person> <role> [reason…]` and the aliases 授权, 撤权.
import { fail, lookup, ok, rest, show, withSubverbs, word, type Parser, type VerbDef } from '../../core/commands/grammar.js';
import type { RoleName } from '../../core/model.js';
import { ROLE_WORDS } from './vocabulary.js';

export const REASON_MAX = 500;

export interface UserRef {
  address: string;
  label: string | null;
}

export type RoleCommand =
  | { verb: 'role.grant'; user: UserRef; role: RoleName; reason: string | null }
  | { verb: 'role.revoke'; user: UserRef; role: RoleName; reason: string };

function roleChange(kind: 'grant' | 'revoke'): Parser<RoleCommand> {
  const usage = kind === 'grant' ? 'usage.roleGrant' : 'usage.roleRevoke';
  return (args) => {
    const bad = (key: string, params?: Record<string, string | number>) => fail<RoleCommand>(usage, `command.${key}`, params);
    const { input, tokens } = args;
    const userToken = tokens[args.at];
    if (userToken === undefined) return bad('missingUser');
    if (userToken.kind !== 'user') return bad('notAUser', { value: show(userToken, input) });
    const roleToken = tokens[args.at + 1];
    if (roleToken === undefined) return bad('missingRole');
    const role = lookup(ROLE_WORDS, word(roleToken));
    if (role === undefined) return bad('unknownRole', { value: show(roleToken, input) });
    const reason = rest(args, args.at + 2);
    if (reason.length > REASON_MAX) return bad('reasonTooLong', { max: REASON_MAX });
    const user = { address: userToken.id, label: userToken.label };
    if (kind === 'revoke') {
      if (reason === '') return bad('revokeReasonRequired');
      return ok({ verb: 'role.revoke', user, role, reason });
    }
    return ok({ verb: 'role.grant', user, role, reason: reason === '' ? null : reason });
  };
}

/** `role review` is the stewardship feature's (ROLE-5): handed to its verb, which reads `review` itself. */
const review: Parser<RoleCommand> = (args) => {
  const def = args.resolve('stewardship');
  if (def === undefined) return fail('usage.role', 'command.unknownSubcommand', { value: 'review' });
  return def.parse({ ...args, at: args.at - 1 }) as ReturnType<Parser<RoleCommand>>;
};

export const roleVerb: VerbDef<RoleCommand> = {
  verb: 'role',
  aliases: { 授权: { sub: 'grant' }, 撤权: { sub: 'revoke' } },
  usage: 'usage.role',
  details: 'help.details.role',
  parse: withSubverbs<RoleCommand>('usage.role', { grant: roleChange('grant'), revoke: roleChange('revoke'), review }),
};
