import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('people', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.text('platform').notNullable().checkIn(['slack', 'teams']);
    t.text('platform_user_id').notNullable(); // Slack user id, Teams AAD object id
    t.text('address').notNullable(); // what the bot API addresses: Slack user id, Teams 29: id
    t.text('display_name').notNullable();
    t.text('real_name');
    t.text('title');
    t.text('department');
    t.text('email');
    t.text('locale').checkIn(['en', 'zh-CN']);
    t.boolean('is_external').notNullable().defaultTo(false);
    t.text('employment').notNullable().defaultTo('unknown').checkIn(['active', 'inactive', 'unknown']);
    t.timestamp('profile_refreshed_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['workspace_id', 'platform_user_id'], { indexName: 'people_identity' });
    t.index(['workspace_id', 'address'], 'people_address');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('people');
}
