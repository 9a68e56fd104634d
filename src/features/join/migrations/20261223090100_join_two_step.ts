import type { Knex } from 'knex';

// ADM-3 two-step: a moderator's approval of a cross-department request, kept while
// the request waits for an owner's.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('join_requests', (t) => {
    t.uuid('first_approved_by').references('people.id');
    t.timestamp('first_approved_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('join_requests', (t) => {
    t.dropColumn('first_approved_at');
    t.dropColumn('first_approved_by');
  });
}
