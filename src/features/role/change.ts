// ROLE-1 / ROLE-4: grant and revoke owner, moderator and super-admin roles.
// Owners and super admins manage group roles; only super admins manage super
// admins. Revoking needs a reason; the last owner cannot be removed; both the
// change and every refusal are in the audit log.
import { holdersOf, localeOf, resolveMentioned } from '../../core/actor.js';
import { announceRoleChange } from '../../core/dispatch.js';
import { conflict, invalidInput, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text, type Text } from '../../core/messages.js';
import { qualifiedId, type Actor, type AuditEntry, type Group, type Person, type RoleName } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { CoreDeps } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import type { RoleCommand } from './grammar.js';
import { manageRole, ROLE_PERMISSIONS } from './permissions.js';

type Deps = CoreDeps;

function roleText(role: RoleName): Text {
  return text(`role.names.${role}`);
}

async function authorize(deps: Deps, { actor, conversation }: CommandContext, cmd: RoleCommand) {
  const group = cmd.role === 'super-admin' ? null : await groupHere(deps, actor, conversation);
  if (!can(await holdersOf(deps, actor, group), ROLE_PERMISSIONS[manageRole(cmd.role)])) {
    await deps.store.audit.append(
      byActor(actor, cmd.verb, {
        targetType: 'person',
        targetId: cmd.user.address,
        groupId: group?.id ?? null,
        reason: cmd.reason,
        outcome: 'refused',
        details: { role: cmd.role },
      }),
      deps.clock.now(),
    );
    notAllowed(text(cmd.role === 'super-admin' ? 'role.forbiddenSuperAdmin' : 'role.forbidden', { role: roleText(cmd.role) }));
  }
  const target = await resolveMentioned(deps, actor.workspace, cmd.user.address, cmd.user.label);
  if (target === null) notFound(text('role.unknownUser'));
  return { group, target };
}

function tellTarget(deps: Deps, actor: Actor, target: Person, message: Text): void {
  if (target.id === actor.person.id) return;
  deps.defer('role.notify', async () => {
    await deps.messaging.sendPrivate(actor.workspace, target, { locale: localeOf(deps, actor.workspace, target), text: message });
  });
}

function roleChange(actor: Actor, cmd: RoleCommand, target: Person, group: Group | null): AuditEntry {
  return byActor(actor, cmd.verb, {
    targetType: 'person',
    targetId: qualifiedId(target),
    groupId: group?.id ?? null,
    reason: cmd.reason,
    details: { role: cmd.role },
  });
}

/** Features watching roles (ROLE-3's minimum admins) react after the change committed, without holding up the answer. */
function announce(deps: Deps, actor: Actor, target: Person, group: Group | null, role: RoleName, change: 'granted' | 'revoked'): void {
  deps.defer('role.changed', () => announceRoleChange(deps, { workspace: actor.workspace, group, person: target, role, change }));
}

function where(group: Group | null): Text {
  return group === null ? text('role.workspace') : text('role.inGroup', { group: group.name });
}

export async function grantRole(deps: Deps, ctx: CommandContext, cmd: Extract<RoleCommand, { verb: 'role.grant' }>): Promise<Reply> {
  const { actor } = ctx;
  const { group, target } = await authorize(deps, ctx, cmd);
  if (target.employment === 'inactive') invalidInput(text('role.inactiveUser', { user: mentionOf(target) }));
  if (group !== null) {
    if (target.isExternal) invalidInput(text('role.externalUser', { user: mentionOf(target) }));
    const member = await deps.membership.isMember(actor.workspace, group, target);
    if (member === false) invalidInput(text('role.notMember', { user: mentionOf(target), group: group.name }));
  }
  const granted = await deps.store.transaction(async (tx) => {
    const grant = await tx.roles.grant({
      workspaceId: actor.workspace.id,
      groupId: group?.id ?? null,
      personId: target.id,
      role: cmd.role,
      grantedBy: actor.person.id,
      reason: cmd.reason,
    });
    if (grant !== null) {
      await tx.audit.append(roleChange(actor, cmd, target, group), deps.clock.now());
    }
    return grant !== null;
  });
  const params = { user: mentionOf(target), role: roleText(cmd.role), where: where(group) };
  if (!granted) return { kind: 'text', text: text('role.alreadyHeld', params) };
  announce(deps, actor, target, group, cmd.role, 'granted');
  tellTarget(deps, actor, target, text('role.grantedToYou', { role: roleText(cmd.role), where: where(group), by: mentionOf(actor.person) }));
  return { kind: 'text', text: text('role.granted', params) };
}

export async function revokeRole(deps: Deps, ctx: CommandContext, cmd: Extract<RoleCommand, { verb: 'role.revoke' }>): Promise<Reply> {
  const { actor } = ctx;
  const { group, target } = await authorize(deps, ctx, cmd);
  const params = { user: mentionOf(target), role: roleText(cmd.role), where: where(group) };
  if (cmd.role === 'super-admin' && deps.settings.superAdmins.has(qualifiedId(target))) {
    conflict(text('role.configuredSuperAdmin', { user: mentionOf(target) }));
  }
  const outcome = await deps.store.transaction(async (tx) => {
    if (group !== null && cmd.role === 'owner') {
      const owners = (await tx.roles.listForGroup(group.id)).filter((g) => g.role === 'owner');
      if (owners.length === 1 && owners[0]?.personId === target.id) return 'last-owner' as const;
    }
    const revoked = await tx.roles.revoke({
      groupId: group?.id ?? null,
      personId: target.id,
      role: cmd.role,
      revokedBy: actor.person.id,
      reason: cmd.reason,
      at: deps.clock.now(),
    });
    if (!revoked) return 'not-held' as const;
    await tx.audit.append(roleChange(actor, cmd, target, group), deps.clock.now());
    return 'revoked' as const;
  });
  if (outcome === 'last-owner') conflict(text('role.lastOwner', { group: group?.name ?? '' }));
  if (outcome === 'not-held') return { kind: 'text', text: text('role.notHeld', params) };
  announce(deps, actor, target, group, cmd.role, 'revoked');
  tellTarget(
    deps,
    actor,
    target,
    text('role.revokedFromYou', { role: roleText(cmd.role), where: where(group), by: mentionOf(actor.person), reason: cmd.reason }),
  );
  return { kind: 'text', text: text('role.revoked', params) };
}
