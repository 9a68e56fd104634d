import type { Knex } from 'knex';
import type { RoleGrant, RoleName } from '../../core/model.js';
import type { RoleRepo } from '../../core/ports.js';

interface Row {
  id: string;
  workspace_id: string;
  group_id: string | null;
  person_id: string;
  role: RoleName;
  granted_by: string | null;
  granted_at: Date;
  reason: string | null;
}

function toGrant(r: Row): RoleGrant {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    groupId: r.group_id,
    personId: r.person_id,
    role: r.role,
    grantedBy: r.granted_by,
    grantedAt: r.granted_at,
    reason: r.reason,
  };
}

export function roleRepo(db: Knex): RoleRepo {
  const activeRoles = () => db<Row>('roles').whereNull('revoked_at');
  return {
    async grant(input) {
      const conflict =
        input.groupId === null
          ? db.raw('(workspace_id, person_id, role) where revoked_at is null and group_id is null')
          : db.raw('(group_id, person_id, role) where revoked_at is null and group_id is not null');
      const rows = (await db<Row>('roles')
        .insert({
          workspace_id: input.workspaceId,
          group_id: input.groupId,
          person_id: input.personId,
          role: input.role,
          granted_by: input.grantedBy,
          reason: input.reason,
        })
        .onConflict(conflict)
        .ignore()
        .returning('*')) as Row[];
      const row = rows[0];
      return row === undefined ? null : toGrant(row);
    },
    async revoke(input) {
      const scope = input.groupId === null ? activeRoles().whereNull('group_id') : activeRoles().where({ group_id: input.groupId });
      const n = await scope
        .where({ person_id: input.personId, role: input.role })
        .update({ revoked_at: input.at, revoked_by: input.revokedBy, revoke_reason: input.reason } as Partial<Row>);
      return n > 0;
    },
    async listForPerson(personId) {
      const rows = (await activeRoles().where({ person_id: personId }).orderBy('granted_at')) as Row[];
      return rows.map(toGrant);
    },
    async listForGroup(groupId) {
      const rows = (await activeRoles().where({ group_id: groupId }).orderBy('granted_at')) as Row[];
      return rows.map(toGrant);
    },
    async rolesIn(personId, groupId) {
      const q = activeRoles().where({ person_id: personId });
      const rows = (await (groupId === null ? q.whereNull('group_id') : q.where((w) => w.where({ group_id: groupId }).orWhereNull('group_id')))) as Row[];
      return [...new Set(rows.map((r) => r.role))];
    },
    async listSuperAdmins(workspaceId) {
      const rows = (await activeRoles().where({ workspace_id: workspaceId, role: 'super-admin' })) as Row[];
      return rows.map(toGrant);
    },
  };
}
