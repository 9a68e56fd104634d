import type { Knex } from 'knex';

// LIFE-1/LIFE-2: the HR directory. hr_events keeps every event received, by the
// sender's id (a replay is a no-op; the offboarding reads it back); hr_people keeps
// each employee's HR record, also before any platform account with that e-mail is
// known. People are matched to platform accounts by e-mail, in any case: an index
// on lower(email) keeps that cheap for a roster of thousands.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('hr_events', (t) => {
    t.text('id').primary();
    t.text('type').notNullable().checkIn(['hire', 'change', 'leave']);
    t.text('employee_id').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.text('source').notNullable().checkIn(['webhook', 'roster']);
    t.jsonb('payload').notNullable();
    t.text('outcome').checkIn(['created', 'updated', 'unchanged', 'stale']);
    t.timestamp('handled_at', { useTz: true });
    t.index(['employee_id', 'occurred_at'], 'hr_events_employee_time');
  });
  await knex.schema.createTable('hr_people', (t) => {
    t.text('employee_id').primary();
    t.text('email').notNullable();
    t.text('real_name');
    t.text('department');
    t.text('title');
    t.text('manager_email');
    t.text('locale');
    t.text('status').notNullable().checkIn(['active', 'left']);
    t.text('last_event_id').notNullable();
    t.timestamp('last_occurred_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['email'], 'hr_people_email');
  });
  await knex.raw('create index people_email_lower on people (lower(email))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index people_email_lower');
  await knex.schema.dropTable('hr_people');
  await knex.schema.dropTable('hr_events');
}
