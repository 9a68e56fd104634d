import type { Knex } from 'knex';

// Exports (CSV) are downloaded through a short-lived link sent privately to whoever
// asked: the link holds a random token, the table only its SHA-256, so a read of the
// database gives nobody a working link. The file is made at download time, after the
// person's authority is checked again.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('export_links', (t) => {
    t.text('token_hash').primary();
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('person_id').notNullable().references('people.id');
    /** The feature's export (`notice.missing`, `survey.answers`). */
    t.text('kind').notNullable();
    t.text('subject_id').notNullable();
    t.text('locale').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.index(['expires_at'], 'export_links_expiry');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('export_links');
}
