import type { Knex } from 'knex';

// AUD-1: append-only. Updates, deletes and truncation are refused by the database
// itself, not only by the code that writes here.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.text('workspace_id').notNullable();
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.text('actor_id').notNullable();
    t.text('actor_name');
    t.text('action').notNullable();
    t.text('target_type');
    t.text('target_id');
    t.uuid('group_id');
    t.text('reason');
    t.text('outcome').notNullable().checkIn(['ok', 'refused', 'failed', 'fallback']);
    t.jsonb('details').notNullable().defaultTo('{}');
    t.index(['workspace_id', 'occurred_at'], 'audit_log_workspace_time');
  });
  await knex.raw(`
    create function audit_log_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
    end
    $$`);
  await knex.raw(`create trigger audit_log_no_change before update or delete on audit_log
    for each row execute function audit_log_append_only()`);
  await knex.raw(`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function audit_log_append_only()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('audit_log');
  await knex.raw('drop function audit_log_append_only()');
}
