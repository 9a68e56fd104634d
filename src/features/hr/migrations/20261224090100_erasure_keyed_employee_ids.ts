import type { Knex } from 'knex';

// AUD-4, narrower: an employee id is a short text HR chose ("E77", "10234"), so it
// may equal an unrelated value in some audit row (an event id, a reference). It is
// now replaced only where it is an employee id — the target of an `hr_person` row,
// and the value of an `employeeId` key in `details` — while platform identities
// (account uuids, `slack:U…` / `teams:…` ids), which nothing else can equal, are
// replaced wherever they stand, as before. The append-only guard is unchanged.
const PSEUDONYMISE_DETAILS = `
  create function audit_pseudonymise_details(d jsonb, identities text[], employee_ids text[], pseudonym text) returns jsonb
  language plpgsql immutable as $$
  declare
    t text := d::text;
    i text;
  begin
    foreach i in array identities loop
      t := replace(t, to_jsonb(i)::text, to_jsonb(pseudonym)::text);
    end loop;
    -- jsonb prints a key and its value as "key": value.
    foreach i in array employee_ids loop
      t := replace(t, '"employeeId": ' || to_jsonb(i)::text, '"employeeId": ' || to_jsonb(pseudonym)::text);
    end loop;
    return t::jsonb;
  end
  $$`;

const PSEUDONYMISE = `
  create function audit_log_pseudonymise(identities text[], employee_ids text[], pseudonym text) returns setof bigint
  language plpgsql as $$
  begin
    if pseudonym !~ '^erased:[0-9a-f]{12}$' then
      raise exception 'not a pseudonym: %', pseudonym using errcode = 'invalid_parameter_value';
    end if;
    perform set_config('charter.audit_pseudonym', pseudonym, true);
    return query
      update audit_log set
        actor_id = case when actor_id = any(identities) then pseudonym else actor_id end,
        actor_name = case when actor_id = any(identities) then 'erased person' else actor_name end,
        target_id = case
          when target_id = any(identities) then pseudonym
          when target_type = 'hr_person' and target_id = any(employee_ids) then pseudonym
          else target_id end,
        details = audit_pseudonymise_details(details, identities, employee_ids, pseudonym)
      where actor_id = any(identities) or target_id = any(identities)
        or (target_type = 'hr_person' and target_id = any(employee_ids))
        or exists (select 1 from unnest(identities) i where strpos(details::text, to_jsonb(i)::text) > 0)
        or exists (select 1 from unnest(employee_ids) e where strpos(details::text, '"employeeId": ' || to_jsonb(e)::text) > 0)
      returning id;
    perform set_config('charter.audit_pseudonym', '', true);
  end
  $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(PSEUDONYMISE_DETAILS);
  await knex.raw(PSEUDONYMISE);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop function audit_log_pseudonymise(text[], text[], text)');
  await knex.raw('drop function audit_pseudonymise_details(jsonb, text[], text[], text)');
}
