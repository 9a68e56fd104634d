import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('join_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.uuid('requester_id').notNullable().references('people.id');
    t.text('reason').notNullable();
    t.text('state').notNullable().defaultTo('pending').checkIn(['pending', 'approved', 'denied', 'expired', 'cancelled']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('notified_at', { useTz: true });
    t.timestamp('decided_at', { useTz: true });
    t.uuid('decided_by').references('people.id');
    t.text('decision_reason');
    t.text('fulfilment').checkIn(['pending', 'running', 'done', 'owner-asked', 'failed']);
    t.integer('fulfilment_attempts').notNullable().defaultTo(0);
    t.text('fulfilment_error');
    t.timestamp('fulfilment_claimed_at', { useTz: true });
    t.timestamp('fulfilled_at', { useTz: true });
  });
  await knex.raw(`create unique index join_requests_one_pending on join_requests (group_id, requester_id) where state = 'pending'`);
  await knex.raw(`create index join_requests_unnotified on join_requests (created_at) where state = 'pending' and notified_at is null`);
  await knex.raw(
    `create index join_requests_fulfilment on join_requests (fulfilment_claimed_at) where fulfilment in ('pending', 'running', 'failed')`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('join_requests');
}
