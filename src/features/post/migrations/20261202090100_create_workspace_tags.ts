import type { Knex } from 'knex';

// MSG-1: tags a workspace adds to the built-in catalog.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspace_tags', (t) => {
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.text('key').notNullable();
    t.text('name_en').notNullable();
    t.text('name_zh').notNullable();
    t.text('class').notNullable().checkIn(['notice', 'discussion', 'report']);
    t.boolean('urgent').notNullable().defaultTo(false);
    t.uuid('created_by').references('people.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['workspace_id', 'key']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('workspace_tags');
}
