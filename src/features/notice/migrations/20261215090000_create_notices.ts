import type { Knex } from 'knex';

// NOTE-1: acknowledged notices, and who acknowledged each (once per person).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notices', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.uuid('author_id').notNullable().references('people.id');
    t.text('body').notNullable();
    /** Members when it was posted (Charter and the author left out). */
    t.integer('members').notNullable();
    /** Reminders sent to those who had not acknowledged (at most 3). */
    t.integer('reminders').notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['group_id', 'created_at'], 'notices_group_time');
  });
  await knex.schema.createTable('notice_acks', (t) => {
    t.uuid('notice_id').notNullable().references('notices.id').onDelete('CASCADE');
    t.uuid('person_id').notNullable().references('people.id');
    t.timestamp('at', { useTz: true }).notNullable();
    t.primary(['notice_id', 'person_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notice_acks');
  await knex.schema.dropTable('notices');
}
