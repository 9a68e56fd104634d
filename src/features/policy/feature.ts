// Workspace settings that features declare (`admission.expire_after`, …):
// `policy show` lists each with its value and where the value comes from;
// `policy set <key> <value>` (super admins) changes one, audited with the old and
// new value. Group policy (per-group values, type defaults) builds on this.
import { holdersOf } from '../../core/actor.js';
import { expectEnd, fail, lookup, ok, rest, withSubverbs, word, type VerbDef } from '../../core/commands/grammar.js';
import { invalidInput, notAllowed } from '../../core/errors.js';
import { defineFeature } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import { can, definePermissions } from '../../core/permissions.js';
import { byActor } from '../audit/entries.js';

type PolicyCommand = { verb: 'policy.show' } | { verb: 'policy.set'; key: string; value: string };

const USAGE = 'usage.policy';
const PERMISSIONS = definePermissions({ 'policy.set': ['super-admin'] });

const policyVerb: VerbDef<PolicyCommand> = {
  verb: 'policy',
  aliases: { 规则: {} },
  usage: USAGE,
  details: 'help.details.policy',
  parse: withSubverbs<PolicyCommand>(USAGE, {
    show: (args) => expectEnd<PolicyCommand>(args, USAGE, { verb: 'policy.show' }),
    set: (args) => {
      const key = word(args.tokens[args.at]);
      if (key === undefined) return fail(USAGE, 'policy.missingKey');
      const value = rest(args, args.at + 1);
      if (value === '') return fail(USAGE, 'policy.missingValue', { key });
      return ok({ verb: 'policy.set', key: key.toLowerCase(), value });
    },
  }),
};

export const policy = defineFeature<PolicyCommand>({
  name: 'policy',
  verbs: [policyVerb],
  permissions: PERMISSIONS,
  commands: {
    'policy.show': async (deps, { actor }) => {
      const stored = await deps.store.settings.all(actor.workspace.id);
      const lines = deps.registry.settings.map((s) => {
        const raw = stored[s.key];
        const parsed = raw === undefined ? null : s.parse(raw);
        return text('policy.line', {
          key: s.key,
          value: parsed === null ? s.format(s.defaultValue) : s.format(parsed),
          source: text(parsed === null ? 'policy.source.default' : 'policy.source.workspace'),
          describe: text(s.describe),
        });
      });
      return { kind: 'text', text: text('policy.show', { lines }) };
    },
    'policy.set': async (deps, { actor }, cmd) => {
      if (!can(await holdersOf(deps, actor, null), PERMISSIONS['policy.set'])) notAllowed(text('policy.forbidden'));
      const def = lookup(Object.fromEntries(deps.registry.settings.map((s) => [s.key, s])), cmd.key);
      if (def === undefined) invalidInput(text('policy.unknownKey', { key: cmd.key, keys: deps.registry.settings.map((s) => s.key).join(', ') }));
      const value = def.parse(cmd.value);
      if (value === null) invalidInput(text('policy.badValue', { key: def.key, value: cmd.value, valid: text(def.valid) }));
      const formatted = def.format(value);
      const now = deps.clock.now();
      await deps.store.transaction(async (tx) => {
        const old = await tx.settings.set(actor.workspace.id, def.key, formatted, actor.person.id, now);
        await tx.audit.append(byActor(actor, 'policy.set', { targetType: 'setting', targetId: def.key, details: { old, new: formatted } }), now);
      });
      return { kind: 'text', text: text('policy.set', { key: def.key, value: formatted }) };
    },
  },
});
