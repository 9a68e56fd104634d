// GRP-1: register the conversation a command is typed in as a governed group.
// The registrant becomes owner; the registration is audited.
import { holdersOf } from '../../core/actor.js';
import { conflict, invalidInput, notAllowed } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import type { Group, Tier } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import { UniqueViolation, type CoreDeps } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import type { GroupCommand } from './grammar.js';
import { GROUP_PERMISSIONS } from './permissions.js';

const TASK_DEFAULT_DAYS = 14;

function addDays(date: Date, days: number): string {
  return new Date(date.getTime() + days * 86_400_000).toISOString().slice(0, 10);
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
  const tier: Tier = cmd.type === 'external' ? 'external' : (cmd.tier ?? 'core-team');

  const now = deps.clock.now();
  const today = now.toISOString().slice(0, 10);
  const expiresOn = cmd.expires ?? (cmd.type === 'task' ? addDays(now, TASK_DEFAULT_DAYS) : null);
  if (expiresOn !== null && expiresOn <= today) invalidInput(text('group.register.expiryPast', { date: expiresOn }));

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
      await tx.roles.grant({ workspaceId: actor.workspace.id, groupId: created.id, personId: actor.person.id, role: 'owner', grantedBy: actor.person.id, reason: null });
      await tx.audit.append(
        byActor(actor, 'group.register', {
          targetType: 'group',
          targetId: created.id,
          groupId: created.id,
          reason: cmd.purpose,
          details: { name, type: cmd.type, tier, expiresOn, channelId: conversation.id },
        }),
        now,
      );
      return created;
    });
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
