import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('roles', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').references('groups.id');
    t.uuid('person_id').notNullable().references('people.id');
    t.text('role').notNullable().checkIn(['owner', 'moderator', 'super-admin']);
    t.uuid('granted_by').references('people.id');
    t.timestamp('granted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('reason');
    t.timestamp('revoked_at', { useTz: true });
    t.uuid('revoked_by').references('people.id');
    t.text('revoke_reason');
  });
  await knex.raw(`alter table roles add constraint roles_scope check ((role = 'super-admin') = (group_id is null))`);
  await knex.raw(
    `create unique index roles_group_active on roles (group_id, person_id, role) where revoked_at is null and group_id is not null`,
  );
  await knex.raw(
    `create unique index roles_workspace_active on roles (workspace_id, person_id, role) where revoked_at is null and group_id is null`,
  );
  await knex.raw(`create index roles_person on roles (person_id) where revoked_at is null`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('roles');
}
