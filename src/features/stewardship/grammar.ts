// `stewardship …`, also reachable as `role review`:
//   stewardship review     角色审查     ROLE-5: admins inactive for 60 days, with replacements (super admins)
//   stewardship admins     管理员检查   ROLE-3: this group's admins against the minimum (owners, super admins)
//   stewardship inactive   不活跃成员   LIFE-3: this group's inactive members now, with Remove (owners, super admins)
import { expectEnd, withSubverbs, type Parser, type VerbDef } from '../../core/commands/grammar.js';

export type StewardshipCommand = { verb: 'stewardship.review' } | { verb: 'stewardship.admins' } | { verb: 'stewardship.inactive' };

export const USAGE = 'stewardship.usage';

const only =
  (verb: StewardshipCommand['verb']): Parser<StewardshipCommand> =>
  (args) =>
    expectEnd<StewardshipCommand>(args, USAGE, { verb });

export const stewardshipVerb: VerbDef<StewardshipCommand> = {
  verb: 'stewardship',
  aliases: { 角色审查: { sub: 'review' }, 管理员检查: { sub: 'admins' }, 不活跃成员: { sub: 'inactive' } },
  usage: USAGE,
  details: 'stewardship.help',
  parse: withSubverbs<StewardshipCommand>(USAGE, {
    review: only('stewardship.review'),
    审查: only('stewardship.review'),
    admins: only('stewardship.admins'),
    管理员: only('stewardship.admins'),
    inactive: only('stewardship.inactive'),
    不活跃: only('stewardship.inactive'),
  }),
};
