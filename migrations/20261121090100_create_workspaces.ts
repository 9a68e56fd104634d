import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('workspaces', (t) => {
    t.text('id').primary(); // platform-qualified: slack:T123, teams:<tenant id>
    t.text('platform').notNullable().checkIn(['slack', 'teams']);
    t.text('external_id').notNullable();
    t.text('name');
    t.text('default_locale').checkIn(['en', 'zh-CN']);
    t.boolean('open_registration');
    t.text('service_url');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('workspaces');
}
