import type { Knex } from 'knex';

// AUD-4: an account whose personal data was erased stays erased — a later look-up
// of the platform's directory (profile refresh, a member list) does not write the
// name, e-mail or other fields back.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('people', (t) => {
    t.timestamp('erased_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('people', (t) => {
    t.dropColumn('erased_at');
  });
}
