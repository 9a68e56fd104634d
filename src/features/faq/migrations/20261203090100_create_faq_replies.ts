import type { Knex } from 'knex';

// MSG-10: the messages Charter answered from the FAQ, claimed before the answer is
// posted, so a retried event or a second process cannot answer twice. Ids only:
// the message's text is stored nowhere.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('faq_replies', (t) => {
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('message_id').notNullable();
    t.text('thread_id').notNullable();
    t.integer('entry_id').notNullable();
    t.timestamp('answered_at', { useTz: true }).notNullable();
    t.primary(['group_id', 'message_id']);
    t.index(['group_id', 'thread_id'], 'faq_replies_thread');
    t.index(['answered_at'], 'faq_replies_time');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('faq_replies');
}
