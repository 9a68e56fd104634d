// Group policy (GRP-5 and the message rules) and workspace settings. Each feature
// declares its keys (SettingDef); this feature shows and changes them:
//   policy show                   in a group: its values; in a 1:1 chat: the workspace's
//   policy set <key> <value…>     in a group: the group's value (owners, super admins;
//                                 moderators may not, ROLE-2); workspace keys: super admins
//   policy default <key> <value…> the workspace-wide default (super admins)
// `default` (默认) as the value clears it. Every change is audited with old and new value.
import { holdersOf } from '../../core/actor.js';
import { fail, lookup, ok, rest, withSubverbs, word, expectEnd, type Parser, type VerbDef } from '../../core/commands/grammar.js';
import { invalidInput, notAllowed } from '../../core/errors.js';
import { defineFeature, type CommandContext, type SettingDef } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import type { Group } from '../../core/model.js';
import { can, definePermissions } from '../../core/permissions.js';
import type { CoreDeps } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { forgetPolicy, loadPolicy } from '../../core/settings.js';
import { byActor } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import type { PolicyCard } from './cards.js';

type PolicyCommand = { verb: 'policy.show' } | { verb: 'policy.set'; key: string; value: string; workspace: boolean };

const USAGE = 'usage.policy';
const PERMISSIONS = definePermissions({
  'policy.group': ['super-admin', 'owner'],
  'policy.workspace': ['super-admin'],
});
const RESET = new Set(['default', '默认', 'reset']);

function setter(workspace: boolean): Parser<PolicyCommand> {
  return (args) => {
    const key = word(args.tokens[args.at]);
    if (key === undefined) return fail(USAGE, 'policy.missingKey');
    const value = rest(args, args.at + 1);
    if (value === '') return fail(USAGE, 'policy.missingValue', { key });
    return ok({ verb: 'policy.set', key: key.toLowerCase(), value, workspace });
  };
}

/** Hands the rest of the command to another feature's verb (its command, not this feature's). */
function delegate(verb: string): Parser<PolicyCommand> {
  return (args) => {
    const def = args.resolve(verb);
    if (def === undefined) return fail(USAGE, 'command.unknownSubcommand', { value: verb });
    return def.parse(args) as ReturnType<Parser<PolicyCommand>>;
  };
}

const policyVerb: VerbDef<PolicyCommand> = {
  verb: 'policy',
  aliases: { 规则: {} },
  usage: USAGE,
  details: 'help.details.policy',
  parse: withSubverbs<PolicyCommand>(USAGE, {
    show: (args) => expectEnd<PolicyCommand>(args, USAGE, { verb: 'policy.show' }),
    查看: (args) => expectEnd<PolicyCommand>(args, USAGE, { verb: 'policy.show' }),
    set: setter(false),
    设置: setter(false),
    default: setter(true),
    默认: setter(true),
    // `policy keyword …` is the keyword feature's verb, reached from here too.
    keyword: delegate('keyword'),
    关键词: delegate('keyword'),
  }),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- keys of every value type
type AnyDef = SettingDef<any>;

async function show(deps: CoreDeps, { actor, conversation }: CommandContext): Promise<Reply> {
  const group = conversation.kind === 'direct' ? null : await groupHere(deps, actor, conversation);
  const policy = await loadPolicy(deps, actor.workspace.id, group);
  const defs: AnyDef[] = [...deps.registry.settings].sort((a, b) => a.key.localeCompare(b.key));
  const card: PolicyCard = {
    kind: 'policy.show',
    group: group?.name ?? null,
    rows: defs.map((d) => ({ key: d.key, value: d.format(policy.get(d)), source: policy.source(d), describe: text(d.describe), valid: text(d.valid) })),
  };
  return { kind: 'card', card };
}

async function set(deps: CoreDeps, { actor, conversation }: CommandContext, cmd: Extract<PolicyCommand, { verb: 'policy.set' }>): Promise<Reply> {
  const defs = deps.registry.settings as readonly AnyDef[];
  const def = lookup(Object.fromEntries(defs.map((s) => [s.key, s])), cmd.key);
  if (def === undefined) invalidInput(text('policy.unknownKey', { key: cmd.key, keys: defs.map((s) => s.key).sort().join(', ') }));
  const perGroup = def.scope === 'group' && !cmd.workspace;
  let group: Group | null = null;
  if (perGroup) {
    if (conversation.kind === 'direct') invalidInput(text('policy.inGroup', { key: def.key }));
    group = await groupHere(deps, actor, conversation);
  }
  const holders = await holdersOf(deps, actor, group);
  if (!can(holders, perGroup ? PERMISSIONS['policy.group'] : PERMISSIONS['policy.workspace'])) {
    await deps.store.audit.append(byActor(actor, 'policy.set', { targetType: 'setting', targetId: def.key, groupId: group?.id ?? null, outcome: 'refused', details: { scope: perGroup ? 'group' : 'workspace' } }), deps.clock.now());
    notAllowed(text(perGroup ? 'policy.forbiddenGroup' : 'policy.forbidden'));
  }
  const reset = RESET.has(cmd.value.trim().toLowerCase());
  let formatted: string | null = null;
  if (!reset) {
    const value = def.parse(cmd.value);
    if (value === null) invalidInput(text('policy.badValue', { key: def.key, value: cmd.value, valid: text(def.valid) }));
    formatted = def.format(value);
  }
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    const old = group === null ? await tx.settings.set(actor.workspace.id, def.key, formatted, actor.person.id, now) : await tx.settings.setForGroup(group.id, def.key, formatted, actor.person.id, now);
    await tx.audit.append(
      byActor(actor, 'policy.set', { targetType: 'setting', targetId: def.key, groupId: group?.id ?? null, details: { scope: group === null ? 'workspace' : 'group', old, new: formatted } }),
      now,
    );
  });
  forgetPolicy(deps, actor.workspace.id);
  const where = group === null ? text('policy.where.workspace') : text('policy.where.group', { group: group.name });
  if (formatted === null) return { kind: 'text', text: text('policy.reset', { key: def.key, where }) };
  return { kind: 'text', text: text('policy.set', { key: def.key, value: formatted, where }) };
}

export const policy = defineFeature<PolicyCommand, unknown, PolicyCard>({
  name: 'policy',
  verbs: [policyVerb],
  permissions: PERMISSIONS,
  commands: { 'policy.show': show, 'policy.set': set },
});
