import type { Knex } from 'knex';
import type { SettingsRepo } from '../../core/ports.js';

interface Row {
  workspace_id: string;
  key: string;
  value: string;
  updated_by: string | null;
  updated_at: Date;
}

export function settingsRepo(db: Knex): SettingsRepo {
  const table = () => db<Row>('workspace_settings');
  return {
    async get(workspaceId, key) {
      const row = await table().where({ workspace_id: workspaceId, key }).first();
      return row === undefined ? null : (row as Row).value;
    },
    async all(workspaceId) {
      const rows = (await table().where({ workspace_id: workspaceId })) as Row[];
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    async set(workspaceId, key, value, by, at) {
      const before = await table().where({ workspace_id: workspaceId, key }).forUpdate().first();
      if (value === null) await table().where({ workspace_id: workspaceId, key }).delete();
      else {
        await table()
          .insert({ workspace_id: workspaceId, key, value, updated_by: by, updated_at: at })
          .onConflict(['workspace_id', 'key'])
          .merge(['value', 'updated_by', 'updated_at']);
      }
      return before === undefined ? null : (before as Row).value;
    },
  };
}
