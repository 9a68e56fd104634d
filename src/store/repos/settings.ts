import type { Knex } from 'knex';
import type { SettingsRepo } from '../../core/ports.js';

interface Row {
  workspace_id: string;
  key: string;
  value: string;
  updated_by: string | null;
  updated_at: Date;
}

/** A key's value in one scope: upserted, or deleted with null; the previous value is returned. */
async function setIn(db: Knex, table: 'workspace_settings' | 'group_settings', scope: Record<string, string>, key: string, value: string | null, by: string, at: Date): Promise<string | null> {
  const before = (await db(table).where({ ...scope, key }).forUpdate().first()) as { value: string } | undefined;
  if (value === null) await db(table).where({ ...scope, key }).delete();
  else {
    await db(table)
      .insert({ ...scope, key, value, updated_by: by, updated_at: at })
      .onConflict([...Object.keys(scope), 'key'])
      .merge(['value', 'updated_by', 'updated_at']);
  }
  return before === undefined ? null : before.value;
}

export function settingsRepo(db: Knex): SettingsRepo {
  const table = () => db<Row>('workspace_settings');
  return {
    async get(workspaceId, key) {
      const row = await table().where({ workspace_id: workspaceId, key }).first();
      return row === undefined ? null : (row as Row).value;
    },
    async policy(workspaceId, groupId) {
      // One round trip for both scopes: every message event reads them.
      const q = db.select('key', 'value', db.raw(`'workspace' as scope`)).from('workspace_settings').where({ workspace_id: workspaceId });
      const rows = (await (groupId === null ? q : q.unionAll(db.select('key', 'value', db.raw(`'group' as scope`)).from('group_settings').where({ group_id: groupId }), true))) as { key: string; value: string; scope: 'workspace' | 'group' }[];
      const out = { workspace: {} as Record<string, string>, group: {} as Record<string, string> };
      for (const r of rows) out[r.scope][r.key] = r.value;
      return out;
    },
    set(workspaceId, key, value, by, at) {
      return setIn(db, 'workspace_settings', { workspace_id: workspaceId }, key, value, by, at);
    },
    setForGroup(groupId, key, value, by, at) {
      return setIn(db, 'group_settings', { group_id: groupId }, key, value, by, at);
    },
  };
}
