import type { Knex } from 'knex';

// Workspace-wide settings declared by features, stored as the text an admin set.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspace_settings', (t) => {
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.text('key').notNullable();
    t.text('value').notNullable();
    t.uuid('updated_by').references('people.id');
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['workspace_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('workspace_settings');
}
