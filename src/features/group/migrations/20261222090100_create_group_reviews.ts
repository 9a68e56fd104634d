import type { Knex } from 'knex';

// GRP-3 and LIFE-5: each notice about a group goes once (a claim per group, kind
// and cycle), and owners' answers to "archive or keep?" about a quiet group.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('group_notices', (t) => {
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('kind').notNullable();
    t.text('cycle').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.primary(['group_id', 'kind', 'cycle']);
  });
  await knex.schema.createTable('group_reviews', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.timestamp('asked_at', { useTz: true }).notNullable();
    t.timestamp('last_activity_at', { useTz: true });
    t.text('state').notNullable().defaultTo('pending').checkIn(['pending', 'kept', 'archived', 'closed']);
    t.timestamp('reminded_at', { useTz: true });
    t.uuid('decided_by').references('people.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('reason');
  });
  await knex.raw(`create unique index group_reviews_pending on group_reviews (group_id) where state = 'pending'`);
  await knex.raw(`create index group_reviews_group on group_reviews (group_id, decided_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_reviews');
  await knex.schema.dropTable('group_notices');
}
