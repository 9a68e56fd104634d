// The store: the kernel's repositories and every feature's own, over one Knex
// connection (or transaction).
import type { Knex } from 'knex';
import type { AnyFeature } from '../core/feature.js';
import type { Store } from '../core/ports.js';
import { FEATURES } from '../features/index.js';
import { isUnavailable } from './errors.js';
import { auditRepo } from './repos/audit.js';
import { cardPostRepo } from './repos/cardPosts.js';
import { exportLinkRepo } from './repos/exportLinks.js';
import { fanOutClaimRepo, rateBucketRepo } from './repos/fanout.js';
import { conversationRefs, type ConversationRefs } from './repos/conversationRefs.js';
import { groupRepo } from './repos/groups.js';
import { peopleRepo } from './repos/people.js';
import { processedEvents, type ProcessedEvents } from './repos/processedEvents.js';
import { roleRepo } from './repos/roles.js';
import { settingsRepo } from './repos/settings.js';
import { workspaceRepo } from './repos/workspaces.js';

/** Where a store's connection (or transaction) is kept, for the job queue to enqueue on it. */
export const SQL = Symbol('charter.sql');

/** The core's store plus what only adapters need (retry ids, Teams references). */
export interface CharterStore extends Store {
  events: ProcessedEvents;
  conversations: ConversationRefs;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
  readonly [SQL]: Knex;
}

export function createStore(db: Knex, features: readonly AnyFeature[] = FEATURES): CharterStore {
  const own = Object.assign({}, ...features.map((f) => (f.store === undefined ? {} : (f.store as (db: Knex) => object)(db)))) as object;
  const store: CharterStore = {
    ...own,
    workspaces: workspaceRepo(db),
    people: peopleRepo(db),
    groups: groupRepo(db),
    roles: roleRepo(db),
    cardPosts: cardPostRepo(db),
    rateBuckets: rateBucketRepo(db),
    fanOutClaims: fanOutClaimRepo(db),
    audit: auditRepo(db),
    settings: settingsRepo(db),
    exportLinks: exportLinkRepo(db),
    events: processedEvents(db),
    conversations: conversationRefs(db),
    [SQL]: db,
    transaction: <T>(fn: (tx: CharterStore) => Promise<T>) => db.transaction((trx) => fn(createStore(trx, features))),
    isUnavailable,
    async ping() {
      await db.raw('select 1');
    },
  };
  return store;
}

/** The connection (or transaction) a store works on. */
export function sqlOf(store: Store): Knex {
  const db = (store as Partial<CharterStore>)[SQL];
  if (db === undefined) throw new Error('this store has no SQL connection');
  return db;
}

export type { ConversationRefs, ProcessedEvents };
