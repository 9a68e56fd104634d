import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('card_posts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.text('subject_type').notNullable();
    t.uuid('subject_id').notNullable();
    t.uuid('recipient_id').references('people.id');
    t.text('conversation_id').notNullable();
    t.text('message_id').notNullable();
    t.text('locale').notNullable().checkIn(['en', 'zh-CN']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['subject_type', 'subject_id'], 'card_posts_subject');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('card_posts');
}
