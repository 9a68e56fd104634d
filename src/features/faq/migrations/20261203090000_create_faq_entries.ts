import type { Knex } from 'knex';

// MSG-10: questions and answers admins manage, for one group (group_id) or the
// whole workspace (group_id null). Admin content, stored as written.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('faq_entries', (t) => {
    t.increments('id').primary();
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').references('groups.id');
    t.text('question').notNullable();
    t.text('answer').notNullable();
    t.uuid('created_by').references('people.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['workspace_id', 'group_id'], 'faq_entries_scope');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('faq_entries');
}
