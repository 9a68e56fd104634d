import type { Knex } from 'knex';

// Message metadata for analytics (KPI-1, KPI-2): who posted where and when, in
// which thread, whether it asks something. Never the text.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('message_meta', (t) => {
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('message_id').notNullable();
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('author_id').references('people.id');
    t.boolean('author_is_bot').notNullable().defaultTo(false);
    t.timestamp('posted_at', { useTz: true }).notNullable();
    t.text('thread_id');
    t.boolean('is_question').notNullable().defaultTo(false);
    t.integer('mentions').notNullable().defaultTo(0);
    t.boolean('broadcast').notNullable().defaultTo(false);
    t.integer('files').notNullable().defaultTo(0);
    t.timestamp('edited_at', { useTz: true });
    t.timestamp('deleted_at', { useTz: true });
    t.primary(['group_id', 'message_id']);
    t.index(['group_id', 'posted_at'], 'message_meta_group_time');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('message_meta');
}
