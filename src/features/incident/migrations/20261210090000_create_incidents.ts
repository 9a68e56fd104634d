import type { Knex } from 'knex';

// INC-1..5: incidents with their playbook steps (deadlines, who did them, missed
// ones), the timeline of every action, and group locks (INC-4). A step's clocks are
// durable jobs; the rows say whether a reminder or escalation is still due, so a
// job that runs twice (retried, or in two instances) acts once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('incidents', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('level').notNullable().checkIn(['1', '2', '3', '4', 'spam']);
    t.text('title').notNullable();
    t.text('status').notNullable().checkIn(['open', 'resolved']);
    t.uuid('declared_by').notNullable().references('people.id');
    t.uuid('commander_id').notNullable().references('people.id');
    t.uuid('attacker_id').references('people.id');
    t.timestamp('declared_at', { useTz: true }).notNullable();
    t.uuid('acknowledged_by').references('people.id');
    t.timestamp('acknowledged_at', { useTz: true });
    t.integer('escalations').notNullable().defaultTo(0);
    t.integer('nudges').notNullable().defaultTo(0);
    t.uuid('resolved_by').references('people.id');
    t.timestamp('resolved_at', { useTz: true });
    t.text('summary');
    t.index(['workspace_id', 'declared_at'], 'incidents_workspace_time');
  });
  // One open incident per group: a second declaration shows the open one.
  await knex.raw(`create unique index incidents_open_group on incidents (group_id) where status = 'open'`);
  await knex.schema.createTable('incident_steps', (t) => {
    t.uuid('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.text('key').notNullable();
    t.integer('minutes').notNullable();
    t.timestamp('due_at', { useTz: true }).notNullable();
    t.uuid('done_by').references('people.id');
    t.timestamp('done_at', { useTz: true });
    /** Charter did it itself (lock, purge, …), or tried: `done`, `failed`, `unsupported`. */
    t.text('auto_outcome');
    t.timestamp('reminded_at', { useTz: true });
    t.timestamp('missed_at', { useTz: true });
    t.primary(['incident_id', 'position']);
  });
  await knex.schema.createTable('incident_events', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('incident_id').notNullable().references('incidents.id').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('kind').notNullable();
    t.uuid('actor_id').references('people.id');
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['incident_id', 'at'], 'incident_events_time');
  });
  await knex.schema.createTable('group_locks', (t) => {
    t.uuid('group_id').primary().references('groups.id');
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('locked_by').references('people.id');
    t.timestamp('locked_at', { useTz: true }).notNullable();
    t.text('reason').notNullable();
    t.uuid('incident_id').references('incidents.id');
    /** How the platform enforces it: `platform` (Teams channel moderation) or `pipeline` (Charter removes or warns). */
    t.text('enforced_by').notNullable().checkIn(['platform', 'pipeline']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('group_locks');
  await knex.schema.dropTable('incident_events');
  await knex.schema.dropTable('incident_steps');
  await knex.schema.dropTable('incidents');
}
