// `group info` (the group a command is typed in) and `group list` (every governed group).
import type { CommandContext } from '../../core/feature.js';
import { text } from '../../core/messages.js';
import type { CoreDeps } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { groupSummary, mentionOf } from '../../core/summaries.js';
import type { GroupInfoCard, GroupListCard } from './cards.js';
import { groupHere } from './here.js';

const LIST_LIMIT = 40;

export async function groupInfo(deps: Pick<CoreDeps, 'store'>, { actor, conversation }: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, actor, conversation);
  const grants = await deps.store.roles.listForGroup(group.id);
  const people = await deps.store.people.getMany(grants.map((g) => g.personId));
  const byId = new Map(people.map((p) => [p.id, p]));
  const holders = (role: 'owner' | 'moderator') =>
    grants.flatMap((g) => {
      const p = byId.get(g.personId);
      return g.role === role && p !== undefined ? [mentionOf(p)] : [];
    });
  const card: GroupInfoCard = { kind: 'group.info', group: groupSummary(group), owners: holders('owner'), moderators: holders('moderator'), createdAt: group.createdAt };
  return { kind: 'card', card };
}

export async function groupList(deps: Pick<CoreDeps, 'store'>, { actor }: CommandContext): Promise<Reply> {
  const { groups, total } = await deps.store.groups.listActive(actor.workspace.id, LIST_LIMIT);
  if (total === 0) return { kind: 'text', text: text('group.list.empty') };
  const card: GroupListCard = { kind: 'group.list', groups: groups.map(groupSummary), total };
  return { kind: 'card', card };
}
