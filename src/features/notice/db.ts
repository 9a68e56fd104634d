// The notice feature's repositories on Knex.
import type { Knex } from 'knex';
import { isUuid } from '../../core/model.js';
import { toCount } from '../../store/errors.js';
import type { Notice, NoticeRepo, NoticeStore } from './store.js';

interface Row {
  id: string;
  workspace_id: string;
  group_id: string;
  author_id: string;
  title: string | null;
  body: string;
  deadline: Date | null;
  important: boolean;
  members: number;
  reminders: number;
  created_at: Date;
}

const toNotice = (r: Row): Notice => ({
  id: r.id,
  workspaceId: r.workspace_id,
  groupId: r.group_id,
  authorId: r.author_id,
  title: r.title,
  body: r.body,
  deadline: r.deadline === null ? null : new Date(r.deadline),
  important: r.important,
  members: r.members,
  reminders: r.reminders,
  createdAt: new Date(r.created_at),
});


function noticeRepo(db: Knex): NoticeRepo {
  return {
    async create(n) {
      const rows = (await db('notices')
        .insert({ workspace_id: n.workspaceId, group_id: n.groupId, author_id: n.authorId, title: n.title, body: n.body, deadline: n.deadline, important: n.important, members: n.members, created_at: n.createdAt })
        .returning('*')) as Row[];
      return toNotice(rows[0] as Row);
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const row = (await db<Row>('notices').where({ id }).first()) as Row | undefined;
      return row === undefined ? null : toNotice(row);
    },
    async latestInGroup(groupId) {
      const row = (await db<Row>('notices').where({ group_id: groupId }).orderBy('created_at', 'desc').first()) as Row | undefined;
      return row === undefined ? null : toNotice(row);
    },
    async acknowledge(id, personId, at) {
      const rows = await db('notice_acks').insert({ notice_id: id, person_id: personId, at }).onConflict(['notice_id', 'person_id']).ignore().returning('person_id');
      return (rows as unknown[]).length === 1;
    },
    async acknowledgedBy(id) {
      return new Set(((await db('notice_acks').where({ notice_id: id }).select('person_id')) as { person_id: string }[]).map((r) => r.person_id));
    },
    async count(id) {
      const row = (await db('notice_acks').where({ notice_id: id }).count({ n: '*' }).first()) as { n: number | string } | undefined;
      return Number(row?.n ?? 0);
    },
    async claimReminder(id, n) {
      return toCount(await db('notices').where({ id, reminders: n - 1 }).update({ reminders: n })) === 1;
    },
  };
}

export function noticeStore(db: Knex): NoticeStore {
  return { notices: noticeRepo(db) };
}
