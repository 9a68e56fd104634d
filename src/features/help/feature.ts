// `help [command]` (`帮助`): the usage of every verb the features declare, or one
// verb's usage and details, in the person's language.
import { fail, ok, show, type VerbDef } from '../../core/commands/grammar.js';
import { defineFeature } from '../../core/feature.js';
import { invalidInput } from '../../core/errors.js';
import { text } from '../../core/messages.js';

type HelpCommand = { verb: 'help'; topic: string | null };

const helpVerb: VerbDef<HelpCommand> = {
  verb: 'help',
  aliases: { 帮助: {} },
  usage: 'usage.help',
  details: 'help.details.help',
  parse: (args) => {
    const token = args.tokens[args.at];
    if (token === undefined) return ok({ verb: 'help', topic: null });
    const extra = args.tokens[args.at + 1];
    if (extra !== undefined) return fail('usage.help', 'command.unexpected', { value: show(extra, args.input) });
    const def = args.resolve(show(token, args.input));
    if (def === undefined) return fail('usage.help', 'command.unknownHelpTopic', { topic: show(token, args.input) });
    return ok({ verb: 'help', topic: def.verb });
  },
};

export const help = defineFeature<HelpCommand>({
  name: 'help',
  verbs: [helpVerb],
  commands: {
    help: async (deps, _ctx, command) => {
      const { registry } = deps;
      if (command.topic === null) {
        return { kind: 'text', text: text('help.overview', { lines: registry.verbs.map((v) => text(v.usage)) }) };
      }
      const def = registry.parser.resolve(command.topic)?.def;
      if (def === undefined) invalidInput(text('command.unknownHelpTopic', { topic: command.topic }));
      return { kind: 'text', text: text('help.topic', { usage: text(def.usage), details: text(def.details) }) };
    },
  },
});
