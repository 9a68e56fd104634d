// ROLE-4: `group remove <@person> <reason…>`. Owners, moderators and super admins
// remove a member with a reason; a moderator may not remove an owner. The removal
// goes through the platform (Slack `conversations.kick`, Teams through Graph);
// where the platform cannot, the owners are asked to. The person's roles in the
// group go with them. Audited either way, and announced in the group where its
// policy (`announce.removals`) says so.
import { holdersOf, resolveMentioned } from '../../core/actor.js';
import { removalIsTeamWide } from '../../core/removal.js';
import { tell } from '../../core/copies.js';
import { invalidInput, notAllowed, notFound, unavailable } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { localeOf } from '../../core/actor.js';
import { text } from '../../core/messages.js';
import { qualifiedId } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { RemoveMemberResult } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { settingOf } from '../../core/settings.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor } from '../audit/entries.js';
import type { GroupCommand } from './grammar.js';
import { groupHere } from './here.js';
import { ownersOrAdmins } from './lifecycle.js';
import { GROUP_PERMISSIONS } from './permissions.js';
import type { GroupDeps } from './requests.js';
import { ANNOUNCE_REMOVALS } from './settings.js';

export async function removeMember(deps: GroupDeps, { actor, conversation }: CommandContext, cmd: Extract<GroupCommand, { verb: 'group.remove' }>): Promise<Reply> {
  const group = await groupHere(deps, actor, conversation);
  const holders = await holdersOf(deps, actor, group);
  const refuse = async (why: string, key: string) => {
    await deps.store.audit.append(byActor(actor, 'member.remove', { targetType: 'person', groupId: group.id, reason: cmd.reason, outcome: 'refused', details: { why } }), deps.clock.now());
    notAllowed(text(key));
  };
  if (!can(holders, GROUP_PERMISSIONS['group.remove'])) await refuse('no-authority', 'group.remove.notAllowed');
  const target = await resolveMentioned(deps, actor.workspace, cmd.user.address, cmd.user.label);
  if (target === null) notFound(text('group.remove.unknownPerson'));
  if (target.id === actor.person.id) invalidInput(text('group.remove.self'));
  const targetRoles = await deps.store.roles.rolesIn(target.id, group.id);
  if (targetRoles.includes('owner') && !holders.has('owner') && !holders.has('super-admin')) await refuse('owner-protected', 'group.remove.ownerProtected');

  if (deps.capabilities.removeMember && (await removalIsTeamWide(deps, group))) {
    await deps.store.audit.append(byActor(actor, 'member.remove', { targetType: 'person', targetId: qualifiedId(target), groupId: group.id, reason: cmd.reason, outcome: 'refused', details: { why: 'team-wide' } }), deps.clock.now());
    invalidInput(text('group.remove.teamWide', { person: mentionOf(target) }));
  }

  let result: RemoveMemberResult;
  try {
    result = deps.capabilities.removeMember ? await deps.moderation.removeMember(actor.workspace, group, target) : { outcome: 'unsupported' };
  } catch (err) {
    deps.log.warn({ err, groupId: group.id }, 'removing a member failed');
    unavailable(text('group.remove.tryAgain'));
  }
  const now = deps.clock.now();
  const removed = result.outcome === 'removed' || result.outcome === 'not-member';
  await deps.store.transaction(async (tx) => {
    for (const role of targetRoles) await tx.roles.revoke({ groupId: group.id, personId: target.id, role, revokedBy: actor.person.id, reason: cmd.reason, at: now });
    await tx.audit.append(
      byActor(actor, 'member.remove', {
        targetType: 'person',
        targetId: qualifiedId(target),
        groupId: group.id,
        reason: cmd.reason,
        outcome: removed ? 'ok' : result.outcome === 'failed' ? 'failed' : 'fallback',
        details: { result: result.outcome, ...(result.outcome === 'failed' ? { error: result.error } : {}), rolesRevoked: targetRoles },
      }),
      now,
    );
  });

  const member = mentionOf(target);
  if (!removed) {
    const error = result.outcome === 'failed' ? result.error : null;
    for (const owner of await ownersOrAdmins(deps, actor.workspace, group)) {
      if (owner.id === actor.person.id) continue;
      await tell(deps, actor.workspace, owner, 'group.remove.pleaseRemove', { member, group: group.name, by: mentionOf(actor.person), reason: cmd.reason, error: error ?? '-' });
    }
    return { kind: 'text', text: text(error === null ? 'group.remove.doItYourself' : 'group.remove.failed', { member, group: group.name, error: error ?? '' }) };
  }
  if (result.outcome === 'removed' && (await settingOf(deps, actor.workspace.id, ANNOUNCE_REMOVALS, group)) === 'on') {
    try {
      await deps.messaging.postToGroup(actor.workspace, group, { locale: localeOf(deps, actor.workspace, null), text: text('group.remove.announced', { member, by: mentionOf(actor.person), reason: cmd.reason }) });
    } catch (err) {
      deps.log.warn({ err, groupId: group.id }, 'could not announce the removal');
    }
  }
  return { kind: 'text', text: text(result.outcome === 'removed' ? 'group.remove.done' : 'group.remove.notMember', { member, group: group.name }) };
}
