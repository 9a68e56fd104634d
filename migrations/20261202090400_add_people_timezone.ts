import type { Knex } from 'knex';

// A person's own time zone (Slack's profile `tz`, the Teams client's): quiet hours
// in a group without a time zone of its own follow the author's clock.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('people', (t) => {
    t.text('timezone');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('people', (t) => {
    t.dropColumn('timezone');
  });
}
