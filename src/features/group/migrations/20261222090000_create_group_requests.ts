import type { Knex } from 'knex';

// GRP-2: requests for a new group, decided by a super admin; the follow-up
// (creating the channel, registering it) is claimed like a join request's.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('group_requests', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('requester_id').notNullable().references('people.id');
    t.text('name').notNullable();
    t.text('type').notNullable().checkIn(['core', 'project', 'task', 'community', 'announcement', 'external']);
    t.text('purpose').notNullable();
    t.text('channel_name').notNullable();
    t.text('origin_channel_id');
    t.text('origin_team_id');
    t.jsonb('similar').notNullable().defaultTo('[]');
    t.text('state').notNullable().defaultTo('pending').checkIn(['pending', 'approved', 'denied']);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('notified_at', { useTz: true });
    t.uuid('decided_by').references('people.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('decision_reason');
    t.text('fulfilment').checkIn(['pending', 'running', 'failed', 'done', 'owner-asked', 'gave-up']);
    t.integer('fulfilment_attempts').notNullable().defaultTo(0);
    t.text('fulfilment_error');
    t.timestamp('fulfilment_claimed_at', { useTz: true });
    t.uuid('group_id').references('groups.id');
  });
  await knex.raw(`create unique index group_requests_pending_name on group_requests (workspace_id, lower(name)) where state = 'pending'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_requests');
}
