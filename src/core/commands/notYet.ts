// Verbs of the grammar whose feature has not arrived yet: recognised (with their
// aliases and usage), answered that they are not available in this version.
import { text } from '../messages.js';
import type { Reply } from '../replies.js';
import { ok, type VerbDef } from './grammar.js';

export interface NotYet<V extends string> {
  verb: V;
  /** What the person asked for, as the help names it (`post`, `group request`). */
  feature: string;
}

export function notYetVerb<V extends string>(command: V, verb: string, aliases: Readonly<Record<string, { sub?: string }>> = {}): VerbDef<NotYet<V>> {
  return { verb, aliases, usage: `usage.${verb}`, details: 'help.notYet', available: false, parse: () => ok({ verb: command, feature: verb }) };
}

export async function notYetReply(_deps: unknown, _ctx: unknown, command: NotYet<string>): Promise<Reply> {
  return { kind: 'text', text: text('command.notYet', { verb: command.feature }) };
}
