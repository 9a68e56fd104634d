// `hr …`, the HR directory's commands (super admins):
//   hr erase <employee id>     擦除 <工号>     AUD-4: erase a departed person's personal data
//   hr reconcile               花名册核对      LIFE-4: governed groups' members against the HR directory
//   hr import                  花名册导入      LIFE-1/LIFE-2: a form to upload (Slack) or paste (Teams) a roster CSV
import { expectEnd, fail, ok, show, withSubverbs, word, type Parser, type VerbDef } from '../../core/commands/grammar.js';

export type HrCommand = { verb: 'hr.erase'; employeeId: string } | { verb: 'hr.reconcile' } | { verb: 'hr.import' };

export const USAGE = 'hr.usage';

/** As the HR schema accepts employee ids: printable ASCII without spaces, at most 64. */
const EMPLOYEE_ID = /^[\x21-\x7E]{1,64}$/;

const erase: Parser<HrCommand> = (args) => {
  const id = args.tokens[args.at];
  if (id === undefined) return fail(USAGE, 'hr.erase.missingId');
  const extra = args.tokens[args.at + 1];
  if (extra !== undefined) return fail(USAGE, 'command.unexpected', { value: show(extra, args.input) });
  const employeeId = word(id)?.trim();
  if (employeeId === undefined || !EMPLOYEE_ID.test(employeeId)) return fail(USAGE, 'hr.erase.badId', { value: show(id, args.input) });
  return ok({ verb: 'hr.erase', employeeId });
};

const reconcile: Parser<HrCommand> = (args) => expectEnd<HrCommand>(args, USAGE, { verb: 'hr.reconcile' });
// The file comes through the form, never on the command line.
const rosterImport: Parser<HrCommand> = (args) => expectEnd<HrCommand>(args, USAGE, { verb: 'hr.import' });

export const hrVerb: VerbDef<HrCommand> = {
  verb: 'hr',
  aliases: { 擦除: { sub: 'erase' }, 花名册核对: { sub: 'reconcile' }, 花名册导入: { sub: 'import' } },
  usage: USAGE,
  details: 'hr.help',
  parse: withSubverbs<HrCommand>(USAGE, { erase, 擦除: erase, reconcile, 核对: reconcile, import: rosterImport, 导入: rosterImport }),
};
