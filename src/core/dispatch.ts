// The core's two entry points: a command typed by someone, and a card action
// (button click, form submission, Teams refresh). Both resolve the actor, route
// through small maps, and turn every failure into a localized answer: a Refusal
// becomes its reply; a database outage, "try again"; anything else is logged with
// a reference the user can quote. Nothing here throws.
import { randomUUID } from 'node:crypto';
import { ACTIONS, isActionId, type ActionId } from './actions.js';
import { cleanLine, cleanText } from './clean.js';
import { parseCommand } from './commands/parse.js';
import type { Command } from './commands/types.js';
import type { Locale } from './locale.js';
import { text } from './messages.js';
import type { Actor } from './model.js';
import type { CoreDeps } from './ports.js';
import { Refusal } from './refusal.js';
import type { ActionResult, Reply } from './replies.js';
import { resolveActor, workspaceId, type ActorInput } from './usecases/actor.js';
import { channelRenamed, groupInfo, groupList, registerGroup, type ConversationInput } from './usecases/groups.js';
import { help } from './usecases/help.js';
import { decideJoin, viewJoin } from './usecases/join/decide.js';
import { requestJoin } from './usecases/join/request.js';
import { grantRole, revokeRole } from './usecases/roles.js';

export interface CommandInput {
  actor: ActorInput;
  conversation: ConversationInput;
  text: string;
}

export interface CardActionInput {
  actor: ActorInput;
  actionId: string;
  subjectId: string;
  /** Values of inputs submitted with the action (Teams card inputs, Slack modal fields). */
  inputs: Record<string, string>;
}

type Handler<C> = (deps: CoreDeps, actor: Actor, conversation: ConversationInput, cmd: C) => Promise<Reply>;
type CommandHandlers = { [V in Command['verb']]: Handler<Extract<Command, { verb: V }>> };

const COMMANDS: CommandHandlers = {
  help: async (_d, _a, _c, cmd) => help(cmd.topic),
  'group.register': registerGroup,
  'group.info': groupInfo,
  'group.list': (deps, actor) => groupList(deps, actor),
  join: (deps, actor, _c, cmd) => requestJoin(deps, actor, cmd),
  'role.grant': grantRole,
  'role.revoke': revokeRole,
  unavailable: async (_d, _a, _c, cmd) => ({ kind: 'text', text: text('command.notYet', { verb: cmd.feature }) }),
};

type ActionHandler = (deps: CoreDeps, actor: Actor, input: CardActionInput) => Promise<ActionResult>;

const CARD_ACTIONS: Record<ActionId, ActionHandler> = {
  [ACTIONS.joinApprove]: (deps, actor, input) =>
    decideJoin(deps, actor, { action: ACTIONS.joinApprove, requestId: input.subjectId, reason: null }),
  [ACTIONS.joinDeny]: (deps, actor, input) =>
    decideJoin(deps, actor, {
      action: ACTIONS.joinDeny,
      requestId: input.subjectId,
      reason: input.inputs['reason'] ?? null,
    }),
  [ACTIONS.joinRefresh]: (deps, actor, input) => viewJoin(deps, actor, input.subjectId),
};

function failureText(deps: CoreDeps, err: unknown, context: Record<string, unknown>) {
  if (err instanceof Refusal) return err.reply;
  if (deps.store.isUnavailable(err)) {
    deps.log.error({ err, ...context }, 'database unavailable');
    return text('errors.unavailable');
  }
  const ref = randomUUID().slice(0, 8);
  deps.log.error({ err, ref, ...context }, 'unexpected error');
  return text('errors.internal', { ref });
}

/** What the adapter reports about who and where, with user-controlled text cleaned. */
function cleanActor(input: ActorInput): ActorInput {
  return {
    ...input,
    workspace: { ...input.workspace, ...(typeof input.workspace.name === 'string' ? { name: cleanLine(input.workspace.name) } : {}) },
    user: { ...input.user, displayName: cleanLine(input.user.displayName) },
  };
}

function cleanConversation(input: ConversationInput): ConversationInput {
  return { ...input, name: input.name === null ? null : cleanLine(input.name) };
}

function cleanInputs(inputs: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).map(([k, v]) => [k, cleanText(v)]));
}

function fallbackLocale(deps: CoreDeps, input: ActorInput): Locale {
  return input.locale ?? deps.settings.defaultLocale;
}

export async function handleCommand(deps: CoreDeps, raw: CommandInput): Promise<{ reply: Reply; locale: Locale }> {
  const input: CommandInput = { actor: cleanActor(raw.actor), conversation: cleanConversation(raw.conversation), text: cleanText(raw.text) };
  let locale = fallbackLocale(deps, input.actor);
  const parsed = parseCommand(input.text);
  try {
    // Resolved even for a typo: the answer must come in the person's language.
    const actor = await resolveActor(deps, input.actor);
    locale = actor.locale;
    if (!parsed.ok) {
      return { locale, reply: { kind: 'text', text: text('command.errorWithUsage', { error: parsed.error, usage: text(`usage.${parsed.usage}`) }) } };
    }
    const handler = COMMANDS[parsed.command.verb] as Handler<Command>;
    return { locale, reply: await handler(deps, actor, input.conversation, parsed.command) };
  } catch (err) {
    return { locale, reply: { kind: 'text', text: failureText(deps, err, { verb: parsed.ok ? parsed.command.verb : 'unparsed' }) } };
  }
}

export async function handleCardAction(deps: CoreDeps, raw: CardActionInput): Promise<{ result: ActionResult; locale: Locale }> {
  const input: CardActionInput = { ...raw, actor: cleanActor(raw.actor), subjectId: cleanLine(raw.subjectId), inputs: cleanInputs(raw.inputs) };
  let locale = fallbackLocale(deps, input.actor);
  if (!isActionId(input.actionId)) return { locale, result: { kind: 'notice', notice: text('errors.unknownAction') } };
  try {
    const actor = await resolveActor(deps, input.actor);
    locale = actor.locale;
    return { locale, result: await CARD_ACTIONS[input.actionId](deps, actor, input) };
  } catch (err) {
    return { locale, result: { kind: 'notice', notice: failureText(deps, err, { action: input.actionId }) } };
  }
}

/** Something that happened on the platform, not typed by anyone. */
export type PlatformEvent = { kind: 'channel.renamed'; workspace: string; channelId: string; channelName: string };

/** Throws on failure so the adapter can let the platform retry. */
export async function handlePlatformEvent(deps: CoreDeps, event: PlatformEvent): Promise<void> {
  const ws = workspaceId(deps.platform.platform, event.workspace);
  switch (event.kind) {
    case 'channel.renamed':
      await channelRenamed(deps, { workspaceId: ws, channelId: event.channelId, channelName: cleanLine(event.channelName) });
      return;
  }
}
