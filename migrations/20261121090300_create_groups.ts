import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('groups', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.text('channel_id').notNullable();
    t.text('channel_name');
    t.text('conversation_kind').notNullable().checkIn(['channel', 'private-channel', 'group-chat']);
    t.text('team_id');
    t.text('team_aad_group_id');
    t.text('name').notNullable();
    t.text('type').notNullable().checkIn(['core', 'project', 'task', 'community', 'announcement', 'external']);
    t.text('purpose').notNullable();
    t.text('tier').notNullable().checkIn(['core-team', 'partner-department', 'external']);
    t.date('expires_on');
    t.text('status').notNullable().defaultTo('active').checkIn(['active', 'archived']);
    t.uuid('created_by').references('people.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`create unique index groups_channel_active on groups (workspace_id, channel_id) where status = 'active'`);
  await knex.raw(`create unique index groups_name_active on groups (workspace_id, lower(name)) where status = 'active'`);
  await knex.raw(`create index groups_channel_name on groups (workspace_id, lower(channel_name)) where status = 'active'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('groups');
}
