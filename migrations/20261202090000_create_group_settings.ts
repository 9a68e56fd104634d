import type { Knex } from 'knex';

// A group's own policy values (GRP-5, MSG-1..5), over the workspace's and its type's defaults.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('group_settings', (t) => {
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('key').notNullable();
    t.text('value').notNullable();
    t.uuid('updated_by').references('people.id');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['group_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_settings');
}
