// The stewardship feature's repository on Knex.
import type { Knex } from 'knex';
import { toCount } from '../../store/errors.js';
import type { InactiveList, InactiveMember, InactiveState, Shortfall, StewardshipRepo, StewardshipStore } from './store.js';

interface ShortfallRow {
  id: string;
  workspace_id: string;
  group_id: string;
  admins: number;
  opened_at: Date;
  fixed_at: Date | null;
}

interface ListRow {
  id: string;
  workspace_id: string;
  group_id: string;
  days: number;
  total: number;
  created_at: Date;
}

interface MemberRow {
  id: string;
  list_id: string;
  person_id: string;
  last_active_at: Date | null;
  position: number;
  state: InactiveState;
  decided_by: string | null;
  decided_at: Date | null;
}

const toShortfall = (r: ShortfallRow): Shortfall => ({ id: r.id, workspaceId: r.workspace_id, groupId: r.group_id, admins: Number(r.admins), openedAt: r.opened_at, fixedAt: r.fixed_at });
const toList = (r: ListRow): InactiveList => ({ id: r.id, workspaceId: r.workspace_id, groupId: r.group_id, days: Number(r.days), total: Number(r.total), createdAt: r.created_at });
const toMember = (r: MemberRow): InactiveMember => ({
  id: r.id,
  listId: r.list_id,
  personId: r.person_id,
  lastActiveAt: r.last_active_at,
  position: Number(r.position),
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

export function stewardshipRepo(db: Knex): StewardshipRepo {
  return {
    async workspaceIds() {
      const rows = (await db('workspaces').select('id').orderBy('id')) as { id: string }[];
      return rows.map((r) => r.id);
    },
    async openShortfall({ workspaceId, groupId, admins, at }) {
      const rows = (await db('stewardship_shortfalls')
        .insert({ workspace_id: workspaceId, group_id: groupId, admins, opened_at: at })
        .onConflict(db.raw('(group_id) where fixed_at is null'))
        .ignore()
        .returning('*')) as ShortfallRow[];
      const row = rows[0];
      return row === undefined ? null : toShortfall(row);
    },
    async openShortfalls(workspaceId) {
      const rows = (await db('stewardship_shortfalls').where({ workspace_id: workspaceId }).whereNull('fixed_at')) as ShortfallRow[];
      return rows.map(toShortfall);
    },
    async fixShortfall(groupId, at) {
      const rows = (await db('stewardship_shortfalls').where({ group_id: groupId }).whereNull('fixed_at').update({ fixed_at: at }).returning('*')) as ShortfallRow[];
      const row = rows[0];
      return row === undefined ? null : toShortfall(row);
    },

    async recordJoin(groupId, personId, at) {
      await db('stewardship_joins').insert({ group_id: groupId, person_id: personId, joined_at: at }).onConflict(['group_id', 'person_id']).merge({ joined_at: at });
    },
    async joinedAt(groupId, personIds) {
      const out = new Map<string, Date>();
      for (let i = 0; i < personIds.length; i += 1000) {
        const rows = (await db('stewardship_joins').where({ group_id: groupId }).whereIn('person_id', personIds.slice(i, i + 1000))) as { person_id: string; joined_at: Date }[];
        for (const r of rows) out.set(r.person_id, r.joined_at);
      }
      return out;
    },

    async lastPosted(groupId) {
      const rows = (await db('message_meta')
        .where({ group_id: groupId, author_is_bot: false })
        .whereNotNull('author_id')
        .groupBy('author_id')
        .select('author_id', db.raw('max(posted_at) as last'))) as { author_id: string; last: Date | string }[];
      return new Map(rows.map((r) => [r.author_id, new Date(r.last)]));
    },
    async mostActive(groupId, since, limit) {
      const rows = (await db('message_meta')
        .where({ group_id: groupId, author_is_bot: false })
        .whereNotNull('author_id')
        .where('posted_at', '>=', since)
        .groupBy('author_id')
        .select('author_id', db.raw('count(*) as n'))
        .orderBy([{ column: 'n', order: 'desc' }, { column: 'author_id' }])
        .limit(limit)) as { author_id: string; n: unknown }[];
      return rows.map((r) => ({ personId: r.author_id, messages: toCount(r.n) }));
    },

    async createList(list, members) {
      const [row] = (await db('stewardship_inactive_lists')
        .insert({ workspace_id: list.workspaceId, group_id: list.groupId, days: list.days, total: list.total, created_at: list.createdAt })
        .returning('*')) as ListRow[];
      if (row === undefined) throw new Error('the list was not stored');
      if (members.length > 0) {
        await db('stewardship_inactive_members').insert(
          members.map((m, position) => ({ list_id: row.id, person_id: m.personId, last_active_at: m.lastActiveAt, position, state: 'listed' })),
        );
      }
      return toList(row);
    },
    async getList(id) {
      const row = (await db('stewardship_inactive_lists').where({ id }).first()) as ListRow | undefined;
      return row === undefined ? null : toList(row);
    },
    async recentList(groupId, since) {
      const row = (await db('stewardship_inactive_lists').where({ group_id: groupId }).where('created_at', '>=', since).orderBy('created_at', 'desc').first()) as ListRow | undefined;
      return row === undefined ? null : toList(row);
    },
    async listMembers(listId) {
      const rows = (await db('stewardship_inactive_members').where({ list_id: listId }).orderBy('position')) as MemberRow[];
      return rows.map(toMember);
    },
    async getMember(id) {
      const row = (await db('stewardship_inactive_members').where({ id }).first()) as MemberRow | undefined;
      return row === undefined ? null : toMember(row);
    },
    async claimRemoval(id, by, at, staleBefore) {
      const rows = (await db('stewardship_inactive_members')
        .where({ id })
        .where((q) => q.whereIn('state', ['listed', 'failed']).orWhere((s) => s.where('state', 'removing').where('decided_at', '<', staleBefore)))
        .update({ state: 'removing', decided_by: by, decided_at: at })
        .returning('id')) as unknown[];
      return rows.length === 1;
    },
    async finishRemoval(id, state, at) {
      await db('stewardship_inactive_members').where({ id, state: 'removing' }).update({ state, decided_at: at });
    },
  };
}

export function stewardshipStore(db: Knex): StewardshipStore {
  return { stewardship: stewardshipRepo(db) };
}
