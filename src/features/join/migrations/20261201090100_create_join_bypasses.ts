import type { Knex } from 'knex';

// ADM-6: joins that did not come through an approved request.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('join_bypasses', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.uuid('person_id').notNullable().references('people.id');
    t.timestamp('detected_at', { useTz: true }).notNullable();
    t.text('added_by');
    // removing: one removal under way (a claim, so Keep and Remove cannot both win).
    t.text('state').notNullable().defaultTo('flagged').checkIn(['flagged', 'removing', 'kept', 'removed', 'auto-removed']);
    t.uuid('decided_by').references('people.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('reason');
  });
  await knex.raw(`create unique index join_bypasses_one_flagged on join_bypasses (group_id, person_id) where state = 'flagged'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('join_bypasses');
}
