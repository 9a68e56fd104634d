// The post feature's repositories on Knex.
import type { Knex } from 'knex';
import type { InfoClass } from './catalog.js';
import type { Locale } from '../../core/locale.js';
import type { PostStore, ScheduledPost, ScheduledPostRepo, ScheduledState, TagRepo } from './store.js';

interface TagRow {
  workspace_id: string;
  key: string;
  name_en: string;
  name_zh: string;
  class: InfoClass;
  urgent: boolean;
}

function tagRepo(db: Knex): TagRepo {
  const table = () => db<TagRow>('workspace_tags');
  return {
    async list(workspaceId) {
      const rows = (await table().where({ workspace_id: workspaceId }).orderBy('key')) as TagRow[];
      return rows.map((r) => ({ key: r.key, nameEn: r.name_en, nameZh: r.name_zh, class: r.class, urgent: r.urgent }));
    },
    async add(workspaceId, tag, by, at) {
      const rows = (await table()
        .insert({ workspace_id: workspaceId, key: tag.key, name_en: tag.nameEn, name_zh: tag.nameZh, class: tag.class, urgent: tag.urgent, created_by: by, created_at: at } as TagRow)
        .onConflict(['workspace_id', 'key'])
        .ignore()
        .returning('key')) as unknown[];
      return rows.length === 1;
    },
    async remove(workspaceId, key) {
      const rows = (await table().where({ workspace_id: workspaceId, key }).delete().returning('key')) as unknown[];
      return rows.length === 1;
    },
  };
}

interface PostRow {
  id: string;
  workspace_id: string;
  group_id: string;
  author_id: string;
  tag: string;
  fields: Record<string, string> | string;
  locale: Locale;
  send_at: Date;
  state: ScheduledState;
  claimed_at: Date | null;
  sent_at: Date | null;
  created_at: Date;
}

function toPost(r: PostRow): ScheduledPost {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    groupId: r.group_id,
    authorId: r.author_id,
    tag: r.tag,
    fields: typeof r.fields === 'string' ? (JSON.parse(r.fields) as Record<string, string>) : r.fields,
    locale: r.locale,
    sendAt: r.send_at,
    state: r.state,
    createdAt: r.created_at,
    sentAt: r.sent_at,
  };
}

function scheduledPostRepo(db: Knex): ScheduledPostRepo {
  const table = () => db<PostRow>('scheduled_posts');
  const one = (rows: PostRow[]) => (rows[0] === undefined ? null : toPost(rows[0]));
  return {
    async create(p) {
      const row = {
        workspace_id: p.workspaceId,
        group_id: p.groupId,
        author_id: p.authorId,
        tag: p.tag,
        fields: JSON.stringify(p.fields),
        locale: p.locale,
        send_at: p.sendAt,
        created_at: p.createdAt,
        form_id: p.formId,
        ...(p.sending ? { state: 'sending', claimed_at: p.createdAt } : {}),
      };
      return one((await table().insert(row as unknown as PostRow).onConflict('form_id').ignore().returning('*')) as PostRow[]);
    },
    async forget(id) {
      await table().where({ id, state: 'sending' }).delete();
    },
    async get(id) {
      const row = await table().where({ id }).first();
      return row === undefined ? null : toPost(row as PostRow);
    },
    async claim(id, at, staleBefore) {
      return one(
        (await table()
          .where({ id })
          .where((q) => q.where({ state: 'pending' }).orWhere((r) => r.where({ state: 'sending' }).where('claimed_at', '<', staleBefore)))
          .update({ state: 'sending', claimed_at: at } as Partial<PostRow>)
          .returning('*')) as PostRow[],
      );
    },
    async markSent(id, at) {
      await table().where({ id, state: 'sending' }).update({ state: 'sent', sent_at: at, fields: JSON.stringify({}) } as unknown as Partial<PostRow>);
    },
    async release(id) {
      await table().where({ id, state: 'sending' }).update({ state: 'pending', claimed_at: null } as Partial<PostRow>);
    },
    async finish(id, state) {
      await table().where({ id, state: 'sending' }).update({ state, fields: JSON.stringify({}) } as unknown as Partial<PostRow>);
    },
    async cancel(id) {
      return one((await table().where({ id, state: 'pending' }).update({ state: 'cancelled', fields: JSON.stringify({}) } as unknown as Partial<PostRow>).returning('*')) as PostRow[]);
    },
    async listPending(authorId) {
      return ((await table().where({ author_id: authorId, state: 'pending' }).orderBy('send_at')) as PostRow[]).map(toPost);
    },
  };
}

export function postStore(db: Knex): PostStore {
  return { tags: tagRepo(db), scheduledPosts: scheduledPostRepo(db) };
}
