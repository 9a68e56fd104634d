import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MIGRATIONS } from '../../migrations/index.js';
import * as refsWithoutNames from '../../migrations/20261225090000_conversation_refs_without_names.js';
import { FEATURES } from '../../src/features/index.js';
import { allMigrations, migrateDownAll, migrateLatest, type Database } from '../../src/store/db.js';
import { DATABASES } from '../support/db.js';

describe('the migration list', () => {
  it('names every file in migrations/, in order, one change each', () => {
    const files = readdirSync(new URL('../../migrations/', import.meta.url))
      .filter((f) => /^\d{14}_.+\.ts$/.test(f))
      .map((f) => f.replace(/\.ts$/, ''))
      .sort();
    expect(MIGRATIONS.map((m) => m.name)).toEqual(files);
    for (const m of allMigrations()) {
      expect(typeof m.migration.up, m.name).toBe('function');
      expect(typeof m.migration.down, m.name).toBe('function');
    }
  });
  it("names every file in each feature's migrations/ folder", () => {
    for (const feature of FEATURES) {
      let files: string[];
      try {
        files = readdirSync(new URL(`../../src/features/${feature.name}/migrations/`, import.meta.url));
      } catch {
        files = [];
      }
      const names = files.filter((f) => /^\d{14}_.+\.ts$/.test(f)).map((f) => f.replace(/\.ts$/, '')).sort();
      expect((feature.migrations ?? []).map((m) => m.name), feature.name).toEqual(names);
    }
  });
});

describe.each(DATABASES)('migrations on $name', (target) => {
  let db: Database;
  beforeAll(async () => {
    db = await target.openEmpty();
  });
  afterAll(async () => {
    await db.close();
  });

  it('go up, hold data, go all the way down and up again', async () => {
    const applied = await migrateLatest(db.knex);
    expect(applied).toEqual(allMigrations().map((m) => m.name));
    expect(applied.slice(0, 4)).toEqual(MIGRATIONS.slice(0, 4).map((m) => m.name));
    expect(await migrateLatest(db.knex)).toEqual([]);

    await db.knex('workspaces').insert({ id: 'slack:T1', platform: 'slack', external_id: 'T1' });
    const [person] = await db.knex('people')
      .insert({ workspace_id: 'slack:T1', platform: 'slack', platform_user_id: 'U1', address: 'U1', display_name: 'Ann' })
      .returning('id');
    const [group] = await db.knex('groups')
      .insert({
        workspace_id: 'slack:T1',
        channel_id: 'C1',
        conversation_kind: 'channel',
        name: 'ship',
        type: 'project',
        purpose: 'Ship',
        tier: 'core-team',
        created_by: person.id,
      })
      .returning('id');
    await db.knex('roles').insert({ workspace_id: 'slack:T1', group_id: group.id, person_id: person.id, role: 'owner' });
    await db.knex('audit_log').insert({
      workspace_id: 'slack:T1',
      occurred_at: new Date(),
      actor_id: 'slack:U1',
      action: 'group.register',
      outcome: 'ok',
    });

    await migrateDownAll(db.knex);
    const tables = await db.knex.raw(
      `select table_name from information_schema.tables where table_schema = current_schema() and table_name not like 'knex_%'`,
    );
    expect((tables as { rows: unknown[] }).rows).toEqual([]);
    expect(await migrateLatest(db.knex)).toHaveLength(allMigrations().length);
  });

  it('take the display name out of Teams conversation references stored before (AUD-4), keeping the ids', async () => {
    await migrateLatest(db.knex);
    const reference = { conversation: { id: '19:c@thread.tacv2' }, serviceUrl: 'https://smba.trafficmanager.net/amer/', user: { id: '29:1ann', aadObjectId: 'aad-ann', name: 'Ann Lee' } };
    await db.knex('conversation_refs').insert([
      { conversation_id: '19:c@thread.tacv2', workspace_id: 'teams:t1', kind: 'channel', reference: JSON.stringify(reference), updated_at: new Date() },
      { conversation_id: 'a:bot', workspace_id: 'teams:t1', kind: 'personal', reference: JSON.stringify({ conversation: { id: 'a:bot' } }), updated_at: new Date() },
    ]);
    await refsWithoutNames.up(db.knex);
    const rows = (await db.knex('conversation_refs').orderBy('conversation_id').pluck('reference')) as unknown[];
    expect(rows).toEqual([{ ...reference, user: { id: '29:1ann', aadObjectId: 'aad-ann' } }, { conversation: { id: 'a:bot' } }]);
    await db.knex('conversation_refs').delete();
  });

  it('refuse a role whose scope does not fit it', async () => {
    await db.knex('workspaces').insert({ id: 'slack:T2', platform: 'slack', external_id: 'T2' }).onConflict('id').ignore();
    const [p] = await db.knex('people')
      .insert({ workspace_id: 'slack:T2', platform: 'slack', platform_user_id: 'U9', address: 'U9', display_name: 'X' })
      .returning('id');
    await expect(db.knex('roles').insert({ workspace_id: 'slack:T2', group_id: null, person_id: p.id, role: 'owner' })).rejects.toThrow(
      /roles_scope/,
    );
  });
});
