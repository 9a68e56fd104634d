import type { Knex } from 'knex';

// NOTE-1's form and NOTE-3: a notice may have a title and an acknowledgement
// deadline, and be marked important (mailed to members whose e-mail is known).
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notices', (t) => {
    t.text('title');
    /** Acknowledge by this time: no reminder after it; the author gets who has not. */
    t.timestamp('deadline', { useTz: true });
    t.boolean('important').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('notices', (t) => {
    t.dropColumn('important');
    t.dropColumn('deadline');
    t.dropColumn('title');
  });
}
