// The faq feature's repositories on Knex.
import type { Knex } from 'knex';
import { toCount } from '../../store/errors.js';
import type { FaqEntry, FaqEntryRepo, FaqReplyRepo, FaqStore } from './store.js';

interface EntryRow {
  id: number;
  workspace_id: string;
  group_id: string | null;
  question: string;
  answer: string;
  created_by: string | null;
  created_at: Date;
}

function toEntry(r: EntryRow): FaqEntry {
  return {
    id: Number(r.id),
    workspaceId: r.workspace_id,
    groupId: r.group_id,
    question: r.question,
    answer: r.answer,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function entryRepo(db: Knex): FaqEntryRepo {
  const table = () => db<EntryRow>('faq_entries');
  const scope = (q: Knex.QueryBuilder, workspaceId: string, groupId: string | null) =>
    groupId === null ? q.where({ workspace_id: workspaceId }).whereNull('group_id') : q.where({ workspace_id: workspaceId, group_id: groupId });
  return {
    async add(e) {
      const row = { workspace_id: e.workspaceId, group_id: e.groupId, question: e.question, answer: e.answer, created_by: e.createdBy, created_at: e.createdAt };
      const [created] = (await table().insert(row as EntryRow).returning('*')) as EntryRow[];
      if (created === undefined) throw new Error('the FAQ entry was not created');
      return toEntry(created);
    },
    async get(workspaceId, id) {
      const row = (await table().where({ workspace_id: workspaceId, id }).first()) as EntryRow | undefined;
      return row === undefined ? null : toEntry(row);
    },
    async listFor(workspaceId, groupId) {
      const q = table()
        .where({ workspace_id: workspaceId })
        .where((w) => (groupId === null ? w.whereNull('group_id') : w.whereNull('group_id').orWhere({ group_id: groupId })))
        .orderBy('id');
      return ((await q) as EntryRow[]).map(toEntry);
    },
    async countScope(workspaceId, groupId) {
      const [row] = (await scope(table(), workspaceId, groupId).count({ n: '*' })) as { n: number | string }[];
      return toCount(row?.n);
    },
    async remove(workspaceId, id) {
      const rows = (await table().where({ workspace_id: workspaceId, id }).delete().returning('id')) as unknown[];
      return rows.length === 1;
    },
  };
}

interface ReplyRow {
  group_id: string;
  message_id: string;
  thread_id: string;
  entry_id: number;
  answered_at: Date;
}

function replyRepo(db: Knex): FaqReplyRepo {
  const table = () => db<ReplyRow>('faq_replies');
  return {
    async claim(c) {
      const rows = (await table()
        .insert({ group_id: c.groupId, message_id: c.messageId, thread_id: c.threadId, entry_id: c.entryId, answered_at: c.at })
        .onConflict(['group_id', 'message_id'])
        .ignore()
        .returning('message_id')) as unknown[];
      return rows.length === 1;
    },
    async release(groupId, messageId) {
      await table().where({ group_id: groupId, message_id: messageId }).delete();
    },
    async answeredInThread(groupId, threadId, entryId) {
      return (await table().where({ group_id: groupId, thread_id: threadId, entry_id: entryId }).first('message_id')) !== undefined;
    },
    async prune(before) {
      // Counted from `returning`: the deleted-row count is not reliable on PGlite.
      const rows = (await table().where('answered_at', '<', before).delete().returning('message_id')) as unknown[];
      return rows.length;
    },
  };
}

export function faqStore(db: Knex): FaqStore {
  return { faqEntries: entryRepo(db), faqReplies: replyRepo(db) };
}
