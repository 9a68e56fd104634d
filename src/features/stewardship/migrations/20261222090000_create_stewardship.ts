import type { Knex } from 'knex';

// ROLE-3 and LIFE-3: an open admin shortfall per group (remembered until it is
// fixed, so a group is alerted once per shortfall); when Charter saw someone join
// a group (the start of their inactivity when they never posted); the lists of
// inactive members sent to owners, one row a person, whose Remove is claimed
// with a conditional update so a double click removes once.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stewardship_shortfalls', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.integer('admins').notNullable();
    t.timestamp('opened_at', { useTz: true }).notNullable();
    t.timestamp('fixed_at', { useTz: true });
  });
  await knex.raw('create unique index stewardship_shortfalls_open on stewardship_shortfalls (group_id) where fixed_at is null');
  await knex.schema.createTable('stewardship_joins', (t) => {
    t.uuid('group_id').notNullable().references('groups.id');
    t.uuid('person_id').notNullable().references('people.id');
    t.timestamp('joined_at', { useTz: true }).notNullable();
    t.primary(['group_id', 'person_id']);
  });
  await knex.schema.createTable('stewardship_inactive_lists', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.integer('days').notNullable();
    t.integer('total').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('stewardship_inactive_members', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('list_id').notNullable().references('stewardship_inactive_lists.id').onDelete('CASCADE');
    t.uuid('person_id').notNullable().references('people.id');
    t.timestamp('last_active_at', { useTz: true });
    t.integer('position').notNullable();
    t.text('state').notNullable().checkIn(['listed', 'removing', 'removed', 'failed']);
    t.uuid('decided_by').references('people.id');
    t.timestamp('decided_at', { useTz: true });
    t.unique(['list_id', 'person_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('stewardship_inactive_members');
  await knex.schema.dropTable('stewardship_inactive_lists');
  await knex.schema.dropTable('stewardship_joins');
  await knex.schema.dropTable('stewardship_shortfalls');
}
