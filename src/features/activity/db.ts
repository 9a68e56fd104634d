// The activity feature's repository on Knex.
import type { Knex } from 'knex';
import { toCount } from '../../store/errors.js';
import type { ActivityStore, MessageMeta, MessageMetaRepo } from './store.js';

interface Row {
  workspace_id: string;
  group_id: string;
  message_id: string;
  author_id: string | null;
  author_is_bot: boolean;
  posted_at: Date;
  thread_id: string | null;
  is_question: boolean;
  mentions: number;
  broadcast: boolean;
  files: number;
  edited_at: Date | null;
  deleted_at: Date | null;
  tag: string | null;
}

function toMeta(r: Row): MessageMeta & { editedAt: Date | null; deletedAt: Date | null; tag: string | null } {
  return {
    workspaceId: r.workspace_id,
    groupId: r.group_id,
    messageId: r.message_id,
    authorId: r.author_id,
    authorIsBot: r.author_is_bot,
    postedAt: r.posted_at,
    threadId: r.thread_id,
    isQuestion: r.is_question,
    mentions: Number(r.mentions),
    broadcast: r.broadcast,
    files: Number(r.files),
    editedAt: r.edited_at,
    deletedAt: r.deleted_at,
    tag: r.tag,
  };
}

export function messageMetaRepo(db: Knex): MessageMetaRepo {
  const table = () => db<Row>('message_meta');
  return {
    async lastPosted(workspaceId) {
      const rows = (await table().where({ workspace_id: workspaceId, author_is_bot: false }).groupBy('group_id').select('group_id').max('posted_at as last')) as { group_id: string; last: Date | string }[];
      return new Map(rows.map((r) => [r.group_id, new Date(r.last)]));
    },
    async record(m) {
      const rows = (await table()
        .insert({
          workspace_id: m.workspaceId,
          group_id: m.groupId,
          message_id: m.messageId,
          author_id: m.authorId,
          author_is_bot: m.authorIsBot,
          posted_at: m.postedAt,
          thread_id: m.threadId,
          is_question: m.isQuestion,
          mentions: m.mentions,
          broadcast: m.broadcast,
          files: m.files,
        })
        .onConflict(['group_id', 'message_id'])
        .ignore()
        .returning('message_id')) as unknown[];
      return rows.length === 1;
    },
    async markEdited(groupId, messageId, at) {
      await table().where({ group_id: groupId, message_id: messageId }).update({ edited_at: at });
    },
    async markDeleted(groupId, messageId, at) {
      await table().where({ group_id: groupId, message_id: messageId }).update({ deleted_at: at });
    },
    async setTag(groupId, messageId, tag) {
      await table().where({ group_id: groupId, message_id: messageId }).update({ tag });
    },
    async get(groupId, messageId) {
      const row = await table().where({ group_id: groupId, message_id: messageId }).first();
      return row === undefined ? null : toMeta(row as Row);
    },
    async count(groupId) {
      const row = (await table().where({ group_id: groupId }).count({ n: '*' }).first()) as { n: unknown } | undefined;
      return toCount(row?.n);
    },
  };
}

export function activityStore(db: Knex): ActivityStore {
  return { messageMeta: messageMetaRepo(db) };
}
