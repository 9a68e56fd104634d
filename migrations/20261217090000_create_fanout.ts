import type { Knex } from 'knex';

// The shared sender of private messages to many people (survey cards, notice
// reminders): token buckets per platform limit, shared by every running Charter
// (the limit is the platform's, not the process's), and a claim per subject and
// recipient, so a message goes to a person at most once — across retries, restarts
// and instances.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('rate_buckets', (t) => {
    t.text('key').primary();
    t.double('tokens').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    /** A 429's Retry-After: nothing is taken from the bucket before then. */
    t.timestamp('blocked_until', { useTz: true });
  });
  await knex.schema.createTable('fanout_claims', (t) => {
    t.text('subject_type').notNullable();
    t.text('subject_id').notNullable();
    t.uuid('recipient_id').notNullable().references('people.id');
    t.text('state').notNullable().checkIn(['sending', 'sent', 'failed']);
    t.timestamp('claimed_at', { useTz: true }).notNullable();
    t.primary(['subject_type', 'subject_id', 'recipient_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('fanout_claims');
  await knex.schema.dropTable('rate_buckets');
}
