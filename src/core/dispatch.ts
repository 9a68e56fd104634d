// The core's entry points: a command typed by someone, a card action (button
// click, form submission, Teams refresh), a platform event (a message in a
// governed group, a join or leave, a rename) and a durable job. Each cleans
// what came from the wire, resolves who and where, routes through the registry
// built from the features, and turns every failure into a localized answer:
// a CharterError becomes its reply; a database outage, "try again"; anything
// else is logged with a reference the user can quote. Commands and actions
// never throw; events and jobs throw only what the platform or queue should retry.
import { randomUUID } from 'node:crypto';
import { refreshProfile, resolveActor, resolveIdentity, resolveWorkspace, workspaceId } from './actor.js';
import { cleanLine, cleanText } from './clean.js';
import { CharterError } from './errors.js';
import type { RoleChangedContext } from './feature.js';
import type { Ordered } from './registry.js';
import type { ActorInput, CardActionInput, CommandInput, ConversationInput, MembershipEvent, MessageEvent, PlatformEvent, UserInput, WorkspaceInput } from './inputs.js';
import type { Locale } from './locale.js';
import { text } from './messages.js';
import type { Group } from './model.js';
import type { CoreDeps } from './ports.js';
import type { ActionResult, Failure, Reply } from './replies.js';
import { loadPolicy, type Policy } from './settings.js';

// ---------------------------------------------------------------- cleaning

function cleanWorkspace(input: WorkspaceInput): WorkspaceInput {
  return { ...input, ...(typeof input.name === 'string' ? { name: cleanLine(input.name) } : {}) };
}

const NAME_MAX = 256;

function cleanUser<U extends UserInput>(user: U): U {
  return { ...user, displayName: cleanLine(user.displayName).slice(0, NAME_MAX) };
}

/** What the adapter reports about who and where, with user-controlled text cleaned. */
function cleanActor(input: ActorInput): ActorInput {
  return { ...input, workspace: cleanWorkspace(input.workspace), user: cleanUser(input.user) };
}

function cleanConversation(input: ConversationInput): ConversationInput {
  return { ...input, name: input.name === null ? null : cleanLine(input.name) };
}

function cleanInputs(inputs: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(inputs).flatMap(([k, v]) => (typeof v === 'string' ? [[k, cleanText(v)]] : [])));
}

/** Every string inside a payload that came back from a card, cleaned; other values as they are. */
function cleanPayload(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return cleanLine(value);
  if (depth > 5 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanPayload(v, depth + 1));
  return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, cleanPayload(v, depth + 1)]));
}

function cleanMessage(event: MessageEvent): MessageEvent {
  return {
    ...event,
    workspace: cleanWorkspace(event.workspace),
    author: event.author === null ? null : cleanUser(event.author),
    text: cleanText(event.text),
    files: event.files.map((f) => ({ ...f, name: cleanLine(f.name) })),
  };
}

// ---------------------------------------------------------------- failures

/** The one place a failure becomes what the person is told. */
export function failure(deps: Pick<CoreDeps, 'store' | 'log'>, err: unknown, context: Record<string, unknown>): Failure {
  if (err instanceof CharterError) return { kind: 'error', code: err.code, text: err.text };
  if (deps.store.isUnavailable(err)) {
    deps.log.error({ err, ...context }, 'database unavailable');
    return { kind: 'error', code: 'unavailable', text: text('errors.unavailable') };
  }
  const ref = randomUUID().slice(0, 8);
  deps.log.error({ err, ref, ...context }, 'unexpected error');
  return { kind: 'error', code: 'internal', text: text('errors.internal', { ref }) };
}

function fallbackLocale(deps: CoreDeps, input: ActorInput): Locale {
  return input.locale ?? deps.settings.defaultLocale;
}

// ---------------------------------------------------------------- commands and actions

/** No command is longer: the longest free text a grammar takes is a few hundred characters. */
const COMMAND_MAX = 4_000;

export async function handleCommand(deps: CoreDeps, raw: CommandInput): Promise<{ reply: Reply; locale: Locale }> {
  const input: CommandInput = { actor: cleanActor(raw.actor), conversation: cleanConversation(raw.conversation), text: cleanText(raw.text) };
  let locale = fallbackLocale(deps, input.actor);
  const parsed: ReturnType<typeof deps.registry.parser.parse> =
    input.text.length > COMMAND_MAX
      ? { ok: false, error: text('command.tooLong', { max: COMMAND_MAX }), usage: 'usage.help' }
      : deps.registry.parser.parse(input.text);
  const verb = parsed.ok ? (parsed.command as { verb: string }).verb : 'unparsed';
  try {
    // Resolved even for a typo: the answer must come in the person's language.
    const actor = await resolveActor(deps, input.actor);
    locale = actor.locale;
    if (!parsed.ok) {
      const t = text('command.errorWithUsage', { error: parsed.error, usage: text(parsed.usage) });
      return { locale, reply: { kind: 'error', code: 'invalid-input', text: t } };
    }
    const handler = deps.registry.command(verb);
    if (handler === undefined) throw new Error(`no handler for the command "${verb}"`);
    return { locale, reply: await handler(deps, { actor, conversation: input.conversation }, parsed.command) };
  } catch (err) {
    return { locale, reply: failure(deps, err, { verb }) };
  }
}

export async function handleCardAction(deps: CoreDeps, raw: CardActionInput): Promise<{ result: ActionResult; locale: Locale }> {
  const input: CardActionInput = { ...raw, actor: cleanActor(raw.actor), payload: cleanPayload(raw.payload), inputs: cleanInputs(raw.inputs) };
  let locale = fallbackLocale(deps, input.actor);
  const def = deps.registry.action(input.actionId);
  if (def === undefined) return { locale, result: { kind: 'error', code: 'invalid-input', text: text('errors.unknownAction') } };
  try {
    const actor = await resolveActor(deps, input.actor);
    locale = actor.locale;
    let payload = def.payload.safeParse(input.payload);
    if (!payload.success && def.legacy !== undefined) payload = def.payload.safeParse(def.legacy(input.payload));
    if (!payload.success) {
      deps.log.warn({ action: input.actionId, problems: payload.error.issues.length }, 'a card action carried a payload of the wrong shape');
      return { locale, result: { kind: 'error', code: 'invalid-input', text: text('errors.badPayload') } };
    }
    const files = Object.entries(raw.files ?? {});
    if (files.length > 0 && def.authorize === undefined) {
      // Reading a file costs a fetch: only for an action that says who may submit it.
      deps.log.warn({ action: input.actionId }, 'an action without authorize() was sent files: not read');
      return { locale, result: { kind: 'error', code: 'invalid-input', text: text('errors.badPayload') } };
    }
    await def.authorize?.(deps, actor, payload.data);
    const inputs = { ...input.inputs };
    for (const [id, read] of files) inputs[id] = cleanText(await read());
    return { locale, result: await def.handle(deps, actor, payload.data, inputs) };
  } catch (err) {
    return { locale, result: failure(deps, err, { action: input.actionId }) };
  }
}

// ---------------------------------------------------------------- events

/**
 * Runs each handler in its own guard: one that throws is logged and the next
 * still runs, so a bug in one feature never stops the others and the event is not
 * retried forever. A database outage is different: it stops the event, so the
 * platform delivers it again (handlers are idempotent).
 */
async function runHandlers<X>(deps: CoreDeps, handlers: readonly Ordered<X>[], ctx: X, context: Record<string, unknown>): Promise<void> {
  for (const { feature, handler } of handlers) {
    try {
      await handler.handle(deps, ctx);
    } catch (err) {
      if (deps.store.isUnavailable(err)) throw err;
      deps.log.error({ err, feature, ...context }, 'an event handler failed; the others still ran');
    }
  }
}

async function onMessage(deps: CoreDeps, raw: MessageEvent): Promise<void> {
  // Messages in conversations that are not governed groups stop here, with one read.
  const group = await deps.store.groups.findActiveByChannel(workspaceId(deps.platform, raw.workspace.externalId), raw.conversation.id);
  if (group === null) return;
  const event = cleanMessage(raw);
  const workspace = await resolveWorkspace(deps, event.workspace);
  const author = event.author === null ? null : await resolveIdentity(deps, workspace, event.author);
  let policy: Promise<Policy> | undefined;
  const ctx = { workspace, group, author, event, policy: () => (policy ??= loadPolicy(deps, workspace.id, group)), removed: false };
  await runHandlers(deps, deps.registry.messageHandlers, ctx, { messageId: event.messageId, groupId: group.id });
}

async function groupsOf(deps: CoreDeps, wsId: string, event: MembershipEvent): Promise<Group[]> {
  const { id, teamId } = event.conversation;
  // Teams reports a team's membership on the team (its id is the General channel's): every standard channel gets the member.
  if (teamId !== null && id === teamId) return deps.store.groups.listActiveInTeam(wsId, teamId);
  const group = await deps.store.groups.findActiveByChannel(wsId, id);
  return group === null ? [] : [group];
}

async function onMembership(deps: CoreDeps, raw: MembershipEvent): Promise<void> {
  const groups = await groupsOf(deps, workspaceId(deps.platform, raw.workspace.externalId), raw);
  if (groups.length === 0) return;
  const event: MembershipEvent = { ...raw, workspace: cleanWorkspace(raw.workspace), member: cleanUser(raw.member) };
  const workspace = await resolveWorkspace(deps, event.workspace);
  const person = await resolveIdentity(deps, workspace, event.member);
  const teamWide = raw.conversation.teamId !== null && raw.conversation.id === raw.conversation.teamId;
  await runHandlers(deps, deps.registry.membershipHandlers, { workspace, groups, person, event, teamWide }, { personId: person.id });
}

/**
 * A person's account arrived on the platform: the person is recorded with the
 * profile the platform gives (their e-mail, where it does), and the features that
 * care (LIFE-1, onboarding an account that came after the hire) are told.
 */
async function onAccountJoined(deps: CoreDeps, raw: { workspace: WorkspaceInput; user: UserInput }): Promise<void> {
  const workspace = await resolveWorkspace(deps, cleanWorkspace(raw.workspace));
  const person = await refreshProfile(deps, workspace, await resolveIdentity(deps, workspace, cleanUser(raw.user)));
  await runHandlers(deps, deps.registry.accountJoinedHandlers, { workspace, person }, { personId: person.id });
}

/** A role changed (the role feature, after the change committed): the features that watch roles react, each in its own guard. */
export async function announceRoleChange(deps: CoreDeps, ctx: RoleChangedContext): Promise<void> {
  await runHandlers(deps, deps.registry.roleChangedHandlers, ctx, { personId: ctx.person.id, groupId: ctx.group?.id ?? null, change: ctx.change });
}

/** Throws when the event could not be taken in at all (the database is down), so the platform retries. */
export async function handlePlatformEvent(deps: CoreDeps, event: PlatformEvent): Promise<void> {
  switch (event.type) {
    case 'message':
      return onMessage(deps, event);
    case 'membership':
      return onMembership(deps, event);
    case 'channel.renamed': {
      const workspace = await resolveWorkspace(deps, cleanWorkspace(event.workspace));
      const ctx = { workspace, channelId: event.channelId, channelName: cleanLine(event.channelName) };
      return runHandlers(deps, deps.registry.renamedHandlers, ctx, { channelId: event.channelId });
    }
    case 'account.joined':
      return onAccountJoined(deps, event);
  }
}
