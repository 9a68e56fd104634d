import type { Knex } from 'knex';

// Slack event ids / trigger ids and Teams activity ids, to drop platform retries.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('processed_events', (t) => {
    t.text('key').primary();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('completed_at', { useTz: true });
    t.index(['received_at'], 'processed_events_received');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('processed_events');
}
