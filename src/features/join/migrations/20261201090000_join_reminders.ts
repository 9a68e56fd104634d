import type { Knex } from 'knex';

// ADM-5: when the one reminder went out; expiry decides without a person.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('join_requests', (t) => {
    t.timestamp('reminded_at', { useTz: true });
  });
  await knex.raw(`create index join_requests_approved on join_requests (group_id, requester_id, decided_at) where state = 'approved'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index join_requests_approved');
  await knex.schema.alterTable('join_requests', (t) => {
    t.dropColumn('reminded_at');
  });
}
