import type { Knex } from 'knex';

// SURV-1..3: surveys, who they went to and whether each has answered (for
// reminders), and the answers — kept apart from the people. In an anonymous survey
// an answer has no person; the only link, which lets a person change their answer
// before the close (`survey_recipients.answer_id`), is destroyed at the close. No
// answer or recipient row carries a time that could be matched up.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('surveys', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('template').notNullable().checkIn(['satisfaction', 'quarterly']);
    t.boolean('anonymous').notNullable();
    t.text('audience').notNullable().checkIn(['group', 'managers']);
    t.uuid('created_by').notNullable().references('people.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('closes_at', { useTz: true }).notNullable();
    t.text('state').notNullable().checkIn(['open', 'closed']);
    t.integer('reminders').notNullable().defaultTo(0);
    t.integer('recipients').notNullable();
  });
  await knex.schema.createTable('survey_recipients', (t) => {
    t.uuid('survey_id').notNullable().references('surveys.id').onDelete('CASCADE');
    t.uuid('person_id').notNullable().references('people.id');
    t.boolean('answered').notNullable().defaultTo(false);
    t.uuid('answer_id');
    t.primary(['survey_id', 'person_id']);
  });
  await knex.schema.createTable('survey_answers', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('survey_id').notNullable().references('surveys.id').onDelete('CASCADE');
    /** Named surveys only. */
    t.uuid('person_id').references('people.id');
    t.jsonb('scores').notNullable();
    t.text('comment');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('survey_answers');
  await knex.schema.dropTable('survey_recipients');
  await knex.schema.dropTable('surveys');
}
