import type { Knex } from 'knex';

// LIFE-4: each reconciliation report, kept so its Remove buttons act on what the card
// showed and every copy of the card shows what was done. A report holds its counts;
// its rows (the listed ones, at most a card's worth) hold ids, never names, and the
// state of each: listed, removing (claimed by a click, so a double click removes
// once), removed or not-member, with who did it.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('hr_reconciliations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.integer('groups').notNullable();
    t.integer('departed').notNullable();
    t.integer('unknown').notNullable();
    t.integer('moved').notNullable();
    t.integer('more').notNullable();
    /** Names of the groups whose members the platform would not list. */
    t.jsonb('unlisted').notNullable();
  });
  await knex.schema.createTable('hr_reconcile_rows', (t) => {
    t.uuid('reconciliation_id').notNullable().references('hr_reconciliations.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.uuid('group_id').notNullable().references('groups.id');
    t.uuid('person_id').notNullable().references('people.id');
    t.text('kind').notNullable().checkIn(['departed', 'unknown', 'moved']);
    t.text('from_department');
    t.text('to_department');
    t.text('state').notNullable().defaultTo('listed').checkIn(['listed', 'removing', 'removed', 'not-member']);
    t.uuid('by_person_id').references('people.id');
    t.timestamp('changed_at', { useTz: true });
    t.primary(['reconciliation_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('hr_reconcile_rows');
  await knex.schema.dropTable('hr_reconciliations');
}
