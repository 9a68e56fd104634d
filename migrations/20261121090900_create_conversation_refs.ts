import type { Knex } from 'knex';

// Teams conversation references, needed to message people and groups proactively.
// Saved from every activity, often before anything else is known of the sender,
// so a personal chat is keyed by the user's Teams address, not a person row.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('conversation_refs', (t) => {
    t.text('conversation_id').primary();
    t.text('workspace_id').notNullable();
    t.text('user_address');
    t.text('kind').notNullable().checkIn(['personal', 'channel', 'groupChat']);
    t.jsonb('reference').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.raw(`create index conversation_refs_personal on conversation_refs (workspace_id, user_address) where kind = 'personal'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('conversation_refs');
}
