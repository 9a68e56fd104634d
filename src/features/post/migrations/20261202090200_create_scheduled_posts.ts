import type { Knex } from 'knex';

// NOTE-2: posts to send later, and the claim of every form submitted (one row per
// form, so a form sent twice posts once). The fields are kept until the post is
// sent or cancelled, then cleared: Charter keeps no copy of what it posted.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('scheduled_posts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.uuid('author_id').notNullable().references('people.id');
    t.text('tag').notNullable();
    t.jsonb('fields').notNullable();
    t.text('locale').notNullable().checkIn(['en', 'zh-CN']);
    t.timestamp('send_at', { useTz: true }).notNullable();
    t.text('state').notNullable().defaultTo('pending').checkIn(['pending', 'sending', 'sent', 'cancelled', 'failed']);
    t.timestamp('claimed_at', { useTz: true });
    t.timestamp('sent_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable();
    // The form a post came from: the same form submitted twice posts once.
    t.uuid('form_id').notNullable().unique();
    t.index(['author_id', 'state'], 'scheduled_posts_author');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scheduled_posts');
}
