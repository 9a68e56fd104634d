import type { Knex } from 'knex';

// LIFE-1: a new employee's onboarding, per platform account: one row per account
// (groups listed once, finished once: the welcome pack goes out then) and one per
// default group, each moving once from pending to what the platform answered. A
// job that crashes or is retried picks up the pending groups; nobody is added twice.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('hr_onboardings', (t) => {
    t.text('event_id').notNullable().references('hr_events.id');
    t.uuid('person_id').notNullable().references('people.id');
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('groups_listed_at', { useTz: true });
    t.timestamp('finished_at', { useTz: true });
    t.primary(['event_id', 'person_id']);
  });
  await knex.schema.createTable('hr_onboard_groups', (t) => {
    t.text('event_id').notNullable();
    t.uuid('person_id').notNullable();
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('state').notNullable().checkIn(['pending', 'added', 'already-member', 'owner-asked', 'failed']);
    t.integer('attempts').notNullable().defaultTo(0);
    /** The platform's error code when it failed for good. */
    t.text('detail');
    t.timestamp('done_at', { useTz: true });
    t.primary(['event_id', 'person_id', 'group_id']);
    t.foreign(['event_id', 'person_id']).references(['event_id', 'person_id']).inTable('hr_onboardings');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('hr_onboard_groups');
  await knex.schema.dropTable('hr_onboardings');
}
