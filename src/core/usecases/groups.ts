// GRP-1: register a governed group; show one group or all of them.
import type { Command } from '../commands/types.js';
import { text } from '../messages.js';
import type { Actor, ConversationKind, Group, Tier } from '../model.js';
import { can } from '../permissions.js';
import { UniqueViolation, type CoreDeps } from '../ports.js';
import { refuse } from '../refusal.js';
import type { Reply } from '../replies.js';
import { holdersOf } from './actor.js';
import { byActor, bySystem } from './audit.js';
import { groupSummary, mentionOf } from './summaries.js';

export interface ConversationInput {
  id: string;
  kind: ConversationKind;
  name: string | null;
  teamId: string | null;
}

const TASK_DEFAULT_DAYS = 14;
const LIST_LIMIT = 40;

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The group registered for the conversation the command was typed in. */
export async function groupHere(deps: CoreDeps, actor: Actor, conversation: ConversationInput): Promise<Group> {
  if (conversation.kind === 'direct') refuse(text('group.runInGroup'));
  const group = await deps.store.groups.findActiveByChannel(actor.workspace.id, conversation.id);
  if (group === null) refuse(text('group.notRegistered'));
  return group;
}

export async function registerGroup(
  deps: CoreDeps,
  actor: Actor,
  conversation: ConversationInput,
  cmd: Extract<Command, { verb: 'group.register' }>,
): Promise<Reply> {
  if (conversation.kind === 'direct') refuse(text('group.register.runInGroup'));
  const open = actor.workspace.openRegistration ?? deps.settings.openRegistration;
  if (!open && !can(await holdersOf(deps, actor, null), 'group.register')) refuse(text('group.register.forbidden'));

  const existing = await deps.store.groups.findActiveByChannel(actor.workspace.id, conversation.id);
  if (existing !== null) refuse(text('group.register.alreadyRegistered', { name: existing.name }));

  const name = (cmd.name ?? conversation.name ?? '').trim();
  if (name === '') refuse(text('group.register.nameRequired'));

  let tier: Tier = cmd.tier ?? (cmd.type === 'external' ? 'external' : 'core-team');
  if (cmd.type === 'external' && tier !== 'external') refuse(text('group.register.externalTier'));
  if (cmd.type === 'external') tier = 'external';

  const today = deps.clock.now().toISOString().slice(0, 10);
  const expiresOn = cmd.expires ?? (cmd.type === 'task' ? addDays(deps.clock.now(), TASK_DEFAULT_DAYS) : null);
  if (expiresOn !== null && expiresOn <= today) refuse(text('group.register.expiryPast', { date: expiresOn }));

  let group: Group;
  try {
    group = await deps.store.transaction(async (tx) => {
      const created = await tx.groups.create({
        workspaceId: actor.workspace.id,
        channelId: conversation.id,
        channelName: conversation.name,
        conversationKind: conversation.kind,
        teamId: conversation.teamId,
        name,
        type: cmd.type,
        purpose: cmd.purpose,
        tier,
        expiresOn,
        createdBy: actor.person.id,
      });
      await tx.roles.grant({
        workspaceId: actor.workspace.id,
        groupId: created.id,
        personId: actor.person.id,
        role: 'owner',
        grantedBy: actor.person.id,
        reason: null,
      });
      await tx.audit.append(
        byActor(actor, 'group.register', {
          targetType: 'group',
          targetId: created.id,
          groupId: created.id,
          reason: cmd.purpose,
          details: { name, type: cmd.type, tier, expiresOn, channelId: conversation.id },
        }),
        deps.clock.now(),
      );
      return created;
    });
  } catch (err) {
    if (err instanceof UniqueViolation && err.constraint === 'groups_name_active') {
      refuse(text('group.register.nameTaken', { name }));
    }
    if (err instanceof UniqueViolation && err.constraint === 'groups_channel_active') {
      refuse(text('group.register.alreadyRegistered', { name }));
    }
    throw err;
  }

  return {
    kind: 'text',
    text: text(expiresOn === null ? 'group.register.done' : 'group.register.doneExpiring', {
      name: group.name,
      type: text(`group.types.${group.type}`),
      tier: text(`group.tiers.${group.tier}`),
      purpose: group.purpose,
      ...(expiresOn !== null ? { expires: expiresOn } : {}),
    }),
  };
}

export async function groupInfo(deps: CoreDeps, actor: Actor, conversation: ConversationInput): Promise<Reply> {
  const group = await groupHere(deps, actor, conversation);
  const grants = await deps.store.roles.listForGroup(group.id);
  const people = await deps.store.people.getMany(grants.map((g) => g.personId));
  const byId = new Map(people.map((p) => [p.id, p]));
  const holders = (role: 'owner' | 'moderator') =>
    grants.flatMap((g) => {
      const p = byId.get(g.personId);
      return g.role === role && p !== undefined ? [mentionOf(p)] : [];
    });
  return {
    kind: 'card',
    card: {
      kind: 'group.info',
      group: groupSummary(group),
      owners: holders('owner'),
      moderators: holders('moderator'),
      createdAt: group.createdAt,
    },
  };
}

export async function groupList(deps: CoreDeps, actor: Actor): Promise<Reply> {
  const { groups, total } = await deps.store.groups.listActive(actor.workspace.id, LIST_LIMIT);
  if (total === 0) return { kind: 'text', text: text('group.list.empty') };
  return { kind: 'card', card: { kind: 'group.list', groups: groups.map(groupSummary), total } };
}

/** The platform renamed a channel: keep `join #name` working for governed groups. */
export async function channelRenamed(
  deps: CoreDeps,
  input: { workspaceId: string; channelId: string; channelName: string },
): Promise<void> {
  const group = await deps.store.groups.renameChannel(input.workspaceId, input.channelId, input.channelName);
  if (group === null) return;
  await deps.store.audit.append(
    bySystem(input.workspaceId, 'group.channel.rename', {
      targetType: 'group',
      targetId: group.id,
      groupId: group.id,
      details: { channelName: input.channelName },
    }),
    deps.clock.now(),
  );
}
