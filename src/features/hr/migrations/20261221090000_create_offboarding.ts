import type { Knex } from 'knex';

// LIFE-2: a leaver's offboarding, per platform account: one row per account (roles
// revoked, groups listed, finished, reported) and one per group to leave, each
// moving once from pending to what the platform answered. A job that crashes or is
// retried picks up the pending groups; nobody is removed twice. The report to HR
// is claimed once per event.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('hr_offboardings', (t) => {
    t.text('event_id').notNullable().references('hr_events.id');
    t.uuid('person_id').notNullable().references('people.id');
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.integer('roles_revoked');
    t.timestamp('roles_done_at', { useTz: true });
    t.timestamp('groups_listed_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.primary(['event_id', 'person_id']);
  });
  await knex.schema.createTable('hr_offboard_groups', (t) => {
    t.text('event_id').notNullable();
    t.uuid('person_id').notNullable();
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('state').notNullable().checkIn(['pending', 'removed', 'not-member', 'unsupported', 'failed']);
    t.integer('attempts').notNullable().defaultTo(0);
    /** The platform's error code when it failed for good. */
    t.text('detail');
    t.timestamp('done_at', { useTz: true });
    t.primary(['event_id', 'person_id', 'group_id']);
    t.foreign(['event_id', 'person_id']).references(['event_id', 'person_id']).inTable('hr_offboardings');
  });
  await knex.schema.alterTable('hr_events', (t) => {
    /** When the offboarding's report went to HR (and the owners). */
    t.timestamp('reported_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('hr_events', (t) => {
    t.dropColumn('reported_at');
  });
  await knex.schema.dropTable('hr_offboard_groups');
  await knex.schema.dropTable('hr_offboardings');
}
