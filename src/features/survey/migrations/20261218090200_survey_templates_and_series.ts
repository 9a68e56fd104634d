import type { Knex } from 'knex';

// SURV-1's templates super admins add (questions in both languages), and SURV-2's
// repeating surveys and settable reminders. A survey keeps a copy of its questions, so
// a template changed or removed later does not change a survey already sent.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('survey_templates', (t) => {
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.text('key').notNullable();
    /** `{ "en": …, "zh-CN": … }` */
    t.jsonb('title').notNullable();
    /** `[{ "id", "min", "max", "text": { "en", "zh-CN" } }]` */
    t.jsonb('questions').notNullable();
    t.uuid('created_by').notNullable().references('people.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.primary(['workspace_id', 'key']);
  });
  // Templates are no longer only the two built in.
  await knex.raw(`
    do $$
    declare c record;
    begin
      for c in select conname from pg_constraint where conrelid = 'surveys'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%template%' loop
        execute format('alter table surveys drop constraint %I', c.conname);
      end loop;
    end $$;
  `);
  await knex.schema.alterTable('surveys', (t) => {
    /** A template's title and questions as they were at the start; null: a built-in template's. */
    t.jsonb('title');
    t.jsonb('questions');
    /** Repeats every `weekly`, `monthly` or `quarterly`; null: once (or the series was stopped). */
    t.text('repeat').checkIn(['weekly', 'monthly', 'quarterly']);
    /** A series' first start and the zone its dates are kept in, and which run this is (0: the first). */
    t.timestamp('series_start', { useTz: true });
    t.text('series_zone');
    t.integer('series_run');
    /** How many reminders non-responders get (SURV-2, default 2). */
    t.integer('reminders_planned').notNullable().defaultTo(2);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('surveys', (t) => {
    t.dropColumn('reminders_planned');
    t.dropColumn('series_run');
    t.dropColumn('series_zone');
    t.dropColumn('series_start');
    t.dropColumn('repeat');
    t.dropColumn('questions');
    t.dropColumn('title');
  });
  await knex.schema.dropTable('survey_templates');
}
