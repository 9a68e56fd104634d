import type { Knex } from 'knex';

// AUD-4: erasing a departed person's personal data while the audit log stays
// append-only. The log's trigger (20261121090700_create_audit_log) still refuses
// every delete, every truncate and every update but one kind: inside
// audit_log_pseudonymise(), which sets the transaction-local setting
// `charter.audit_pseudonym` to a pseudonym of the form `erased:<12 hex>`, an update
// may replace an actor id or a target id by exactly that pseudonym, the actor's name
// by the fixed text 'erased person', and identities inside `details` by the
// pseudonym (same keys); the id, workspace, time, action, target type, group, reason
// and outcome never change. Each such erasure is itself appended to audit_erasures
// (which refuses every update and delete) with the ids of the rows it pseudonymised,
// and to the audit log as `hr.erase`. hr_people.erased_at marks the record erased.
const PSEUDONYM_PATTERN = '^erased:[0-9a-f]{12}$';
export const ERASED_NAME = 'erased person';

const PSEUDONYMISE_DETAILS = `
  create function audit_pseudonymise_details(d jsonb, identities text[], pseudonym text) returns jsonb
  language plpgsql immutable as $$
  declare
    t text := d::text;
    i text;
  begin
    foreach i in array identities loop
      t := replace(t, to_jsonb(i)::text, to_jsonb(pseudonym)::text);
    end loop;
    return t::jsonb;
  end
  $$`;

const GUARD = `
  create or replace function audit_log_append_only() returns trigger language plpgsql as $$
  declare
    p text := current_setting('charter.audit_pseudonym', true);
  begin
    if tg_op = 'UPDATE' and p ~ '${PSEUDONYM_PATTERN}'
      and new.id = old.id and new.workspace_id = old.workspace_id and new.occurred_at = old.occurred_at
      and new.action = old.action and new.target_type is not distinct from old.target_type
      and new.group_id is not distinct from old.group_id and new.reason is not distinct from old.reason
      and new.outcome = old.outcome
      and (new.actor_id = old.actor_id or new.actor_id = p)
      and (new.actor_name is not distinct from old.actor_name or (new.actor_id = p and new.actor_name = '${ERASED_NAME}'))
      and (new.target_id is not distinct from old.target_id or new.target_id = p)
      and (new.details = old.details or (
        strpos(new.details::text, to_jsonb(p)::text) > 0
        and jsonb_typeof(new.details) = jsonb_typeof(old.details)
        and (jsonb_typeof(new.details) <> 'object' or
          (select coalesce(array_agg(k order by k), '{}') from jsonb_object_keys(new.details) k) =
          (select coalesce(array_agg(k order by k), '{}') from jsonb_object_keys(old.details) k))))
    then
      return new;
    end if;
    raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
  end
  $$`;

const ORIGINAL_GUARD = `
  create or replace function audit_log_append_only() returns trigger language plpgsql as $$
  begin
    raise exception 'audit_log is append-only' using errcode = 'insufficient_privilege';
  end
  $$`;

const PSEUDONYMISE = `
  create function audit_log_pseudonymise(identities text[], pseudonym text) returns setof bigint
  language plpgsql as $$
  begin
    if pseudonym !~ '${PSEUDONYM_PATTERN}' then
      raise exception 'not a pseudonym: %', pseudonym using errcode = 'invalid_parameter_value';
    end if;
    perform set_config('charter.audit_pseudonym', pseudonym, true);
    return query
      update audit_log set
        actor_id = case when actor_id = any(identities) then pseudonym else actor_id end,
        actor_name = case when actor_id = any(identities) then '${ERASED_NAME}' else actor_name end,
        target_id = case when target_id = any(identities) then pseudonym else target_id end,
        details = audit_pseudonymise_details(details, identities, pseudonym)
      where actor_id = any(identities) or target_id = any(identities)
        or exists (select 1 from unnest(identities) i where strpos(details::text, to_jsonb(i)::text) > 0)
      returning id;
    perform set_config('charter.audit_pseudonym', '', true);
  end
  $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('hr_people', (t) => {
    t.timestamp('erased_at', { useTz: true });
  });
  await knex.schema.createTable('audit_erasures', (t) => {
    t.bigIncrements('id').primary();
    t.text('pseudonym').notNullable();
    t.timestamp('erased_at', { useTz: true }).notNullable();
    /** The super admin who erased, as the audit log names actors. */
    t.text('erased_by').notNullable();
    /** The audit_log rows whose identities became the pseudonym. */
    t.specificType('audit_ids', 'bigint[]').notNullable();
    t.integer('accounts').notNullable();
    t.integer('events').notNullable();
  });
  await knex.raw(`
    create function audit_erasures_append_only() returns trigger language plpgsql as $$
    begin
      raise exception 'audit_erasures is append-only' using errcode = 'insufficient_privilege';
    end
    $$`);
  await knex.raw(`create trigger audit_erasures_no_change before update or delete on audit_erasures
    for each row execute function audit_erasures_append_only()`);
  await knex.raw(`create trigger audit_erasures_no_truncate before truncate on audit_erasures
    for each statement execute function audit_erasures_append_only()`);
  await knex.raw(PSEUDONYMISE_DETAILS);
  await knex.raw(GUARD);
  await knex.raw(PSEUDONYMISE);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function audit_log_pseudonymise(text[], text)');
  await knex.raw(ORIGINAL_GUARD);
  await knex.raw('drop function audit_pseudonymise_details(jsonb, text[], text)');
  await knex.schema.dropTable('audit_erasures');
  await knex.raw('drop function audit_erasures_append_only()');
  await knex.schema.alterTable('hr_people', (t) => {
    t.dropColumn('erased_at');
  });
}
