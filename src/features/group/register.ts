// GRP-1: register the conversation a command is typed in as a governed group.
// The registrant becomes owner; the registration is audited.
import { holdersOf } from '../../core/actor.js';
import { conflict, invalidInput, notAllowed } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import type { AuditEntry, Group, GroupType, Person, Tier } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import { UniqueViolation, type CoreDeps, type NewGroup } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import type { GroupCommand } from './grammar.js';
import { GROUP_PERMISSIONS } from './permissions.js';

export const TASK_DEFAULT_DAYS = 14;

export function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}

/** GRP-1: the tier a new group gets (external groups are always external). */
export function tierFor(type: GroupType, asked: Tier | null): Tier {
  return type === 'external' ? 'external' : (asked ?? 'core-team');
}

/** GRP-1/GRP-3: the expiry a new group gets: the one asked for, or the type's default (task: 14 days). */
export function defaultExpiry(type: GroupType, now: Date): string | null {
  return type === 'task' ? addDays(now, TASK_DEFAULT_DAYS) : null;
}

/**
 * Registers a group with its first owner, audited, in one transaction (GRP-1, and
 * GRP-2 once the channel exists). Throws UniqueViolation as GroupRepo.create does.
 */
export async function createGovernedGroup(deps: Pick<CoreDeps, 'store'>, input: NewGroup, owner: Person, audit: AuditEntry, now: Date): Promise<Group> {
  return deps.store.transaction(async (tx) => {
    const created = await tx.groups.create(input);
    await tx.roles.grant({ workspaceId: input.workspaceId, groupId: created.id, personId: owner.id, role: 'owner', grantedBy: input.createdBy, reason: null });
    await tx.audit.append({ ...audit, targetType: 'group', targetId: created.id, groupId: created.id }, now);
    return created;
  });
}

export async function registerGroup(
  deps: Pick<CoreDeps, 'store' | 'clock' | 'settings'>,
  { actor, conversation }: CommandContext,
  cmd: Extract<GroupCommand, { verb: 'group.register' }>,
): Promise<Reply> {
  if (conversation.kind === 'direct') invalidInput(text('group.register.runInGroup'));
  const open = actor.workspace.openRegistration ?? deps.settings.openRegistration;
  if (!open && !can(await holdersOf(deps, actor, null), GROUP_PERMISSIONS['group.register'])) notAllowed(text('group.register.forbidden'));

  const existing = await deps.store.groups.findActiveByChannel(actor.workspace.id, conversation.id);
  if (existing !== null) conflict(text('group.register.alreadyRegistered', { name: existing.name }));

  const name = (cmd.name ?? conversation.name ?? '').trim();
  if (name === '') invalidInput(text('group.register.nameRequired'));

  if (cmd.type === 'external' && cmd.tier !== null && cmd.tier !== 'external') invalidInput(text('group.register.externalTier'));
  const tier = tierFor(cmd.type, cmd.tier);

  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const expiresOn = cmd.expires ?? defaultExpiry(cmd.type, now);
  if (expiresOn !== null && expiresOn <= today) invalidInput(text('group.register.expiryPast', { date: expiresOn }));

  let group: Group;
  try {
    group = await createGovernedGroup(
      deps,
      {
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
        createdAt: now,
      },
      actor.person,
      byActor(actor, 'group.register', { reason: cmd.purpose, details: { name, type: cmd.type, tier, expiresOn, channelId: conversation.id } }),
      now,
    );
  } catch (err) {
    if (err instanceof UniqueViolation && err.constraint === 'groups_name_active') conflict(text('group.register.nameTaken', { name }));
    if (err instanceof UniqueViolation && err.constraint === 'groups_channel_active') conflict(text('group.register.alreadyRegistered', { name }));
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
