import type { Knex } from 'knex';
import { isLocale } from '../../core/locale.js';
import type { EmploymentStatus, Person, Platform } from '../../core/model.js';
import type { PeopleRepo } from '../../core/ports.js';
import { translateError } from '../errors.js';

interface Row {
  id: string;
  /** AUD-4: set when the account's personal data was erased; it then stays as it is. */
  erased_at?: Date | null;
  workspace_id: string;
  platform: Platform;
  platform_user_id: string;
  address: string;
  display_name: string;
  real_name: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
  locale: string | null;
  is_external: boolean;
  employment: EmploymentStatus;
  timezone: string | null;
  profile_refreshed_at: Date | null;
}

function toPerson(r: Row): Person {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    platform: r.platform,
    platformUserId: r.platform_user_id,
    address: r.address,
    displayName: r.display_name,
    realName: r.real_name,
    title: r.title,
    department: r.department,
    email: r.email,
    locale: r.locale !== null && isLocale(r.locale) ? r.locale : null,
    isExternal: r.is_external,
    employment: r.employment,
    timezone: r.timezone,
    profileRefreshedAt: r.profile_refreshed_at,
  };
}

export function peopleRepo(db: Knex): PeopleRepo {
  const one = async (q: Knex.QueryBuilder<Row>) => {
    const row = (await q.first()) as Row | undefined;
    return row === undefined ? null : toPerson(row);
  };
  return {
    async upsertIdentity(input) {
      const identity = { workspace_id: input.workspaceId, platform_user_id: input.platformUserId };
      const existing = await db<Row>('people').where(identity).first();
      if (existing !== undefined) {
        if (existing.address === input.address && existing.display_name === input.displayName) return toPerson(existing);
        if (existing.erased_at !== null && existing.erased_at !== undefined) return toPerson(existing); // AUD-4: no name comes back
        const [row] = await db<Row>('people')
          .where({ id: existing.id })
          .update({ address: input.address, display_name: input.displayName, updated_at: db.fn.now() } as Partial<Row>)
          .returning('*');
        return toPerson(row as Row);
      }
      // A person first seen through a mention is stored under their address until
      // the platform reveals the stable id; adopt that row instead of making a twin.
      const provisional = await db<Row>('people')
        .where({ workspace_id: input.workspaceId, address: input.address })
        .whereRaw('platform_user_id = address')
        .first();
      if (provisional !== undefined) {
        const [row] = await db<Row>('people')
          .where({ id: provisional.id })
          .update({ platform_user_id: input.platformUserId, display_name: input.displayName, updated_at: db.fn.now() } as Partial<Row>)
          .returning('*');
        return toPerson(row as Row);
      }
      const [row] = await db<Row>('people')
        .insert({ ...identity, platform: input.platform, address: input.address, display_name: input.displayName })
        .onConflict(['workspace_id', 'platform_user_id'])
        .merge({ address: input.address, display_name: input.displayName })
        .returning('*');
      return toPerson(row as Row);
    },
    async updateProfile(personId, profile, at) {
      const changes: Partial<Row> = {
        display_name: profile.displayName,
        real_name: profile.realName,
        title: profile.title,
        department: profile.department,
        email: profile.email,
        ...(profile.locale !== null ? { locale: profile.locale } : {}), // keep a locale the platform reported earlier
        ...(profile.timezone !== undefined && profile.timezone !== null ? { timezone: profile.timezone } : {}),
        is_external: profile.isExternal,
        employment: profile.employment,
        profile_refreshed_at: at,
      };
      const current = await db<Row>('people').where({ id: personId }).first();
      if (current === undefined) throw new Error('person not found');
      if (current.erased_at !== null && current.erased_at !== undefined) return toPerson(current); // AUD-4: erased stays erased
      if (current.platform_user_id === current.address && profile.platformUserId !== current.address) {
        const twin = await db<Row>('people')
          .where({ workspace_id: current.workspace_id, platform_user_id: profile.platformUserId })
          .first();
        if (twin === undefined) changes.platform_user_id = profile.platformUserId;
      }
      try {
        const [row] = await db<Row>('people')
          .where({ id: personId })
          .update({ ...changes, updated_at: db.fn.now() } as Partial<Row>)
          .returning('*');
        return toPerson(row as Row);
      } catch (err) {
        throw translateError(err);
      }
    },
    async setLocale(personId, locale) {
      await db<Row>('people').where({ id: personId }).update({ locale } as Partial<Row>);
    },
    async setTimezone(personId, timezone) {
      await db<Row>('people').where({ id: personId }).update({ timezone } as Partial<Row>);
    },
    get: (id) => one(db<Row>('people').where({ id })),
    async getMany(ids) {
      if (ids.length === 0) return [];
      const rows = (await db<Row>('people').whereIn('id', [...ids])) as Row[];
      const order = new Map(ids.map((id, i) => [id, i]));
      return rows.map(toPerson).sort((a, b) => (order.get(a.id) ?? 0) - (order.get(b.id) ?? 0));
    },
    findByAddress: (workspaceId, address) =>
      one(db<Row>('people').where({ workspace_id: workspaceId, address }).orderBy('updated_at', 'desc')),
    async findByAddresses(workspaceId, addresses) {
      const out = new Map<string, Person>();
      for (let i = 0; i < addresses.length; i += 1000) {
        // Oldest first, so the latest row of an address (as findByAddress) is the one kept.
        const rows = (await db<Row>('people').where({ workspace_id: workspaceId }).whereIn('address', addresses.slice(i, i + 1000)).orderBy('updated_at', 'asc')) as Row[];
        for (const r of rows) out.set(r.address, toPerson(r));
      }
      return out;
    },
    async findByPlatformUserIds(workspaceId, platformUserIds) {
      if (platformUserIds.length === 0) return [];
      const rows = (await db<Row>('people')
        .where({ workspace_id: workspaceId })
        .whereIn('platform_user_id', [...platformUserIds])) as Row[];
      return rows.map(toPerson);
    },
  };
}
