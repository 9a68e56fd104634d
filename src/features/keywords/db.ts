// The keywords feature's repositories on Knex.
import type { Knex } from 'knex';
import type { RoleName } from '../../core/model.js';
import { toCount } from '../../store/errors.js';
import { jsonColumn } from '../../store/json.js';
import type {
  AlertFinding,
  AlertRepo,
  AlertState,
  EntryKind,
  Escalation,
  EscalationRepo,
  EscalationState,
  Finding,
  FindingRepo,
  FindingSource,
  KeywordEntry,
  KeywordList,
  KeywordRepo,
  KeywordStore,
  ListAction,
  ModerationAlert,
} from './store.js';


interface ListRow {
  id: string;
  workspace_id: string;
  key: string;
  name_en: string;
  name_zh: string;
  action: ListAction;
  exempt: RoleName[] | string;
  built_in: boolean;
}

const toList = (r: ListRow): KeywordList => ({
  id: r.id,
  workspaceId: r.workspace_id,
  key: r.key,
  names: { en: r.name_en, 'zh-CN': r.name_zh },
  action: r.action,
  exempt: jsonColumn(r.exempt),
  builtIn: r.built_in,
});

function keywordRepo(db: Knex): KeywordRepo {
  return {
    async lists(workspaceId) {
      return ((await db<ListRow>('keyword_lists').where({ workspace_id: workspaceId }).orderBy('key')) as ListRow[]).map(toList);
    },
    async createList(l, at) {
      const rows = (await db('keyword_lists')
        .insert({ workspace_id: l.workspaceId, key: l.key, name_en: l.names.en, name_zh: l.names['zh-CN'], action: l.action, exempt: JSON.stringify(l.exempt), built_in: l.builtIn, created_at: at })
        .onConflict(['workspace_id', 'key'])
        .ignore()
        .returning('*')) as ListRow[];
      return rows[0] === undefined ? null : toList(rows[0]);
    },
    async updateList(listId, change) {
      const patch: Record<string, unknown> = {};
      if (change.action !== undefined) patch['action'] = change.action;
      if (change.exempt !== undefined) patch['exempt'] = JSON.stringify(change.exempt);
      if (Object.keys(patch).length > 0) await db('keyword_lists').where({ id: listId }).update(patch);
    },
    async removeList(listId) {
      return ((await db('keyword_lists').where({ id: listId }).delete().returning('id')) as unknown[]).length === 1;
    },
    async entries(workspaceId) {
      const rows = (await db('keyword_entries as e')
        .join('keyword_lists as l', 'l.id', 'e.list_id')
        .where('l.workspace_id', workspaceId)
        .orderBy([{ column: 'e.created_at' }, { column: 'e.id' }])
        .select('e.id', 'e.list_id', 'e.kind', 'e.pattern')) as { id: string; list_id: string; kind: EntryKind; pattern: string }[];
      return rows.map((r): KeywordEntry => ({ id: r.id, listId: r.list_id, kind: r.kind, pattern: r.pattern }));
    },
    async addEntries(listId, entries, by, at) {
      let added = 0;
      // In chunks: an import of 10,000 entries is a few statements, not one per entry.
      for (let i = 0; i < entries.length; i += 1000) {
        const rows = entries.slice(i, i + 1000).map((e) => ({ list_id: listId, kind: e.kind, pattern: e.pattern, created_by: by, created_at: at }));
        added += ((await db('keyword_entries').insert(rows).onConflict(['list_id', 'kind', 'pattern']).ignore().returning('id')) as unknown[]).length;
      }
      return added;
    },
    async removeEntry(listId, pattern) {
      return ((await db('keyword_entries').where({ list_id: listId, pattern }).delete().returning('id')) as unknown[]).length;
    },
    async version(workspaceId) {
      const row = (await db('keyword_versions').where({ workspace_id: workspaceId }).first('version')) as { version: number } | undefined;
      return row?.version ?? 0;
    },
    async bump(workspaceId) {
      await db('keyword_versions')
        .insert({ workspace_id: workspaceId, version: 1 })
        .onConflict('workspace_id')
        .merge({ version: db.raw('keyword_versions.version + 1') });
    },
  };
}

interface FindingRow {
  id: string;
  workspace_id: string;
  group_id: string;
  message_id: string;
  author_id: string;
  source: FindingSource;
  rule: string;
  start: number;
  end: number;
  sample: string;
  confidence: number;
  action: ListAction;
  dismissed: boolean;
  created_at: Date;
}

const toFinding = (r: FindingRow): Finding => ({
  id: r.id,
  workspaceId: r.workspace_id,
  groupId: r.group_id,
  messageId: r.message_id,
  authorId: r.author_id,
  source: r.source,
  rule: r.rule,
  start: r.start,
  end: r.end,
  sample: r.sample,
  confidence: Number(r.confidence),
  action: r.action,
  dismissed: r.dismissed,
  createdAt: r.created_at,
});

function findingRepo(db: Knex): FindingRepo {
  return {
    async record(findings, at) {
      if (findings.length === 0) return [];
      const rows = findings.map((f) => ({
        workspace_id: f.workspaceId,
        group_id: f.groupId,
        message_id: f.messageId,
        author_id: f.authorId,
        source: f.source,
        rule: f.rule,
        start: f.start,
        end: f.end,
        sample: f.sample,
        confidence: f.confidence,
        action: f.action,
        created_at: at,
      }));
      return ((await db('message_findings').insert(rows).onConflict(['group_id', 'message_id', 'source', 'rule']).ignore().returning('*')) as FindingRow[]).map(toFinding);
    },
    async countMessages(personId, groupId, since) {
      const rows = (await db('message_findings')
        .where({ author_id: personId, group_id: groupId, dismissed: false })
        .where('created_at', '>=', since)
        .countDistinct<{ n: unknown }[]>('message_id as n')) as { n: unknown }[];
      return toCount(rows[0]?.n);
    },
    async history(personId, groupId, since, until, limit) {
      return ((await db<FindingRow>('message_findings')
        .where({ author_id: personId, group_id: groupId, dismissed: false })
        .where('created_at', '>=', since)
        .where('created_at', '<=', until)
        .orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id' }])
        .limit(limit)) as FindingRow[]).map(toFinding);
    },
    async dismiss(groupId, messageId) {
      await db('message_findings').where({ group_id: groupId, message_id: messageId }).update({ dismissed: true });
    },
    async forMessage(groupId, messageId) {
      return ((await db<FindingRow>('message_findings').where({ group_id: groupId, message_id: messageId }).orderBy('start')) as FindingRow[]).map(toFinding);
    },
  };
}

interface AlertRow {
  id: string;
  workspace_id: string;
  group_id: string;
  message_id: string;
  author_id: string;
  findings: AlertFinding[] | string;
  removed: boolean;
  link: string | null;
  state: AlertState;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  created_at: Date;
}

const toAlert = (r: AlertRow): ModerationAlert => ({
  id: r.id,
  workspaceId: r.workspace_id,
  groupId: r.group_id,
  messageId: r.message_id,
  authorId: r.author_id,
  findings: jsonColumn(r.findings),
  removed: r.removed,
  link: r.link,
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reason: r.reason,
  createdAt: r.created_at,
});

function alertRepo(db: Knex): AlertRepo {
  const one = (rows: AlertRow[]) => (rows[0] === undefined ? null : toAlert(rows[0]));
  return {
    async create(a, at) {
      const row = { workspace_id: a.workspaceId, group_id: a.groupId, message_id: a.messageId, author_id: a.authorId, findings: JSON.stringify(a.findings), removed: a.removed, created_at: at };
      return one((await db('moderation_alerts').insert(row).onConflict(['group_id', 'message_id']).ignore().returning('*')) as AlertRow[]);
    },
    async setLink(id, link) {
      await db('moderation_alerts').where({ id }).update({ link });
    },
    async get(id) {
      return one((await db('moderation_alerts').where({ id }).limit(1)) as AlertRow[]);
    },
    async decide(id, state, by, at, reason) {
      return one((await db('moderation_alerts').where({ id, state: 'open' }).update({ state, decided_by: by, decided_at: at, reason }).returning('*')) as AlertRow[]);
    },
    async claimRemoval(id, by, at, staleBefore) {
      return one(
        (await db('moderation_alerts')
          .where({ id })
          .where((q) => q.where({ state: 'open' }).orWhere((r) => r.where({ state: 'removing' }).where('decided_at', '<', staleBefore)))
          .update({ state: 'removing', decided_by: by, decided_at: at })
          .returning('*')) as AlertRow[],
      );
    },
    async finishRemoval(id, removed, reason, at) {
      const change = removed ? { state: 'removed', removed: true, reason, decided_at: at } : { state: 'open', decided_by: null, decided_at: null };
      return one((await db('moderation_alerts').where({ id, state: 'removing' }).update(change).returning('*')) as AlertRow[]);
    },
  };
}

interface EscalationRow {
  id: string;
  workspace_id: string;
  group_id: string;
  person_id: string;
  count: number;
  state: EscalationState;
  decided_by: string | null;
  decided_at: Date | null;
  reason: string | null;
  created_at: Date;
}

const toEscalation = (r: EscalationRow): Escalation => ({
  id: r.id,
  workspaceId: r.workspace_id,
  groupId: r.group_id,
  personId: r.person_id,
  count: r.count,
  state: r.state,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
  reason: r.reason,
  createdAt: r.created_at,
});

function escalationRepo(db: Knex): EscalationRepo {
  const one = (rows: EscalationRow[]) => (rows[0] === undefined ? null : toEscalation(rows[0]));
  return {
    async lock(groupId, personId) {
      await db.raw('select pg_advisory_xact_lock(hashtext(?))', [`escalation:${groupId}:${personId}`]);
    },
    async create(e, at) {
      const rows = (await db('escalations').insert({ workspace_id: e.workspaceId, group_id: e.groupId, person_id: e.personId, count: e.count, created_at: at }).returning('*')) as EscalationRow[];
      return toEscalation(rows[0] as EscalationRow);
    },
    async latest(groupId, personId) {
      return one((await db('escalations').where({ group_id: groupId, person_id: personId }).orderBy([{ column: 'created_at', order: 'desc' }, { column: 'id', order: 'desc' }]).limit(1)) as EscalationRow[]);
    },
    async get(id) {
      return one((await db('escalations').where({ id }).limit(1)) as EscalationRow[]);
    },
    async decide(id, from, to, by, at, reason) {
      return one((await db('escalations').where({ id, state: from }).update({ state: to, decided_by: by, decided_at: at, reason }).returning('*')) as EscalationRow[]);
    },
    async claimRemoval(id, by, at, reason, staleBefore) {
      return one(
        (await db('escalations')
          .where({ id })
          .where((q) => q.where({ state: 'open' }).orWhere((r) => r.where({ state: 'removing' }).where('decided_at', '<', staleBefore)))
          .update({ state: 'removing', decided_by: by, decided_at: at, reason })
          .returning('*')) as EscalationRow[],
      );
    },
  };
}

export function keywordStore(db: Knex): KeywordStore {
  return { keywords: keywordRepo(db), findings: findingRepo(db), alerts: alertRepo(db), escalations: escalationRepo(db) };
}
