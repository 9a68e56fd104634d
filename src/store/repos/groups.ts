import type { Knex } from 'knex';
import type { ConversationKind, Group, GroupType, Tier } from '../../core/model.js';
import type { GroupRepo } from '../../core/ports.js';
import { toCount, writing } from '../errors.js';

interface Row {
  id: string;
  workspace_id: string;
  channel_id: string;
  channel_name: string | null;
  conversation_kind: Exclude<ConversationKind, 'direct'>;
  team_id: string | null;
  team_aad_group_id: string | null;
  name: string;
  type: GroupType;
  purpose: string;
  tier: Tier;
  expires_on: string | null;
  status: 'active' | 'archived';
  created_by: string | null;
  created_at: Date;
}

function toGroup(r: Row): Group {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    channelId: r.channel_id,
    channelName: r.channel_name,
    conversationKind: r.conversation_kind,
    teamId: r.team_id,
    teamAadGroupId: r.team_aad_group_id,
    name: r.name,
    type: r.type,
    purpose: r.purpose,
    tier: r.tier,
    expiresOn: r.expires_on,
    status: r.status,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

export function groupRepo(db: Knex): GroupRepo {
  const active = (workspaceId: string) => db<Row>('groups').where({ workspace_id: workspaceId, status: 'active' });
  const one = async (q: Knex.QueryBuilder<Row>) => {
    const row = (await q.first()) as Row | undefined;
    return row === undefined ? null : toGroup(row);
  };
  return {
    async create(input) {
      if (input.conversationKind === 'direct') throw new Error('a direct conversation cannot be a group');
      const [row] = await writing(() =>
        db<Row>('groups')
          .insert({
            workspace_id: input.workspaceId,
            channel_id: input.channelId,
            channel_name: input.channelName,
            conversation_kind: input.conversationKind as Row['conversation_kind'],
            team_id: input.teamId,
            name: input.name,
            type: input.type,
            purpose: input.purpose,
            tier: input.tier,
            expires_on: input.expiresOn,
            created_by: input.createdBy,
            ...(input.createdAt !== undefined ? { created_at: input.createdAt, updated_at: input.createdAt } : {}),
          } as Partial<Row>)
          .returning('*'),
      );
      return toGroup(row as Row);
    },
    get: (id) => one(db<Row>('groups').where({ id })),
    findActiveByChannel: (workspaceId, channelId) => one(active(workspaceId).where({ channel_id: channelId })),
    async listActiveInTeam(workspaceId, teamId) {
      const rows = (await active(workspaceId).where({ team_id: teamId, conversation_kind: 'channel' })) as Row[];
      return rows.map(toGroup);
    },
    findActiveByName: (workspaceId, name) => one(active(workspaceId).whereRaw('lower(name) = lower(?)', [name])),
    findActiveByChannelName: (workspaceId, channelName) =>
      one(active(workspaceId).whereRaw('lower(channel_name) = lower(?)', [channelName])),
    async listActive(workspaceId, limit) {
      const rows = (await active(workspaceId).orderByRaw('lower(name)').limit(limit)) as Row[];
      const counted = (await active(workspaceId).count<{ n: unknown }[]>('* as n')) as { n: unknown }[];
      return { groups: rows.map(toGroup), total: toCount(counted[0]?.n) };
    },
    async listAllActive(workspaceId) {
      const rows = (await active(workspaceId).orderBy('created_at').orderBy('id')) as Row[];
      return rows.map(toGroup);
    },
    async workspacesWithGroups() {
      const rows = (await db<Row>('groups').where({ status: 'active' }).distinct('workspace_id').orderBy('workspace_id')) as { workspace_id: string }[];
      return rows.map((r) => r.workspace_id);
    },
    async archive(id, at) {
      const rows = (await db<Row>('groups')
        .where({ id, status: 'active' })
        .update({ status: 'archived', updated_at: at } as Partial<Row>)
        .returning('*')) as Row[];
      return rows[0] === undefined ? null : toGroup(rows[0]);
    },
    async setExpiry(id, expiresOn) {
      const rows = (await db<Row>('groups')
        .where({ id, status: 'active' })
        .update({ expires_on: expiresOn, updated_at: db.fn.now() } as Partial<Row>)
        .returning('*')) as Row[];
      return rows[0] === undefined ? null : toGroup(rows[0]);
    },
    async renameChannel(workspaceId, channelId, channelName) {
      const rows = (await active(workspaceId)
        .where({ channel_id: channelId })
        .update({ channel_name: channelName, updated_at: db.fn.now() } as Partial<Row>)
        .returning('*')) as Row[];
      return rows[0] === undefined ? null : toGroup(rows[0]);
    },
    async setTeamAadGroupId(id, aadGroupId) {
      await db<Row>('groups').where({ id }).update({ team_aad_group_id: aadGroupId });
    },
  };
}
