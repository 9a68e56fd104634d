// The store: repositories over one Knex connection (or transaction).
import type { Knex } from 'knex';
import type { Store } from '../core/ports.js';
import { isUnavailable } from './errors.js';
import { auditRepo } from './repos/audit.js';
import { cardPostRepo } from './repos/cardPosts.js';
import { conversationRefs, type ConversationRefs } from './repos/conversationRefs.js';
import { groupRepo } from './repos/groups.js';
import { joinRequestRepo } from './repos/joinRequests.js';
import { peopleRepo } from './repos/people.js';
import { processedEvents, type ProcessedEvents } from './repos/processedEvents.js';
import { roleRepo } from './repos/roles.js';
import { workspaceRepo } from './repos/workspaces.js';

/** The core's store plus what only adapters need (retry ids, Teams references). */
export interface CharterStore extends Store {
  events: ProcessedEvents;
  conversations: ConversationRefs;
  /** Cheap round trip for health checks. */
  ping(): Promise<void>;
}

export function createStore(db: Knex): CharterStore {
  return {
    workspaces: workspaceRepo(db),
    people: peopleRepo(db),
    groups: groupRepo(db),
    roles: roleRepo(db),
    joinRequests: joinRequestRepo(db),
    cardPosts: cardPostRepo(db),
    audit: auditRepo(db),
    events: processedEvents(db),
    conversations: conversationRefs(db),
    transaction: (fn) => db.transaction((trx) => fn(createStore(trx))),
    isUnavailable,
    async ping() {
      await db.raw('select 1');
    },
  };
}

export type { ConversationRefs, ProcessedEvents };
