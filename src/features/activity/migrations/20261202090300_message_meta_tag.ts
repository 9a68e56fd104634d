import type { Knex } from 'knex';

// MSG-1: the tag a message carried (its key), for analytics and policy.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('message_meta', (t) => {
    t.text('tag');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('message_meta', (t) => {
    t.dropColumn('tag');
  });
}
