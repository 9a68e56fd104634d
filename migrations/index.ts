// The kernel's migrations (workspaces, people, groups, roles, card posts, audit
// log, retry ids, conversation references, settings). Features bring their own
// (src/features/<feature>/migrations/, declared in the feature); src/store/db.ts
// runs both lists in name (timestamp) order. Listed explicitly (not read from the
// folder) so the same list loads from TypeScript under test and from dist/ in
// production; test/store/migrations.test.ts fails when a file is missing.
import type { Knex } from 'knex';
import * as m0100 from './20261121090100_create_workspaces.js';
import * as m0200 from './20261121090200_create_people.js';
import * as m0300 from './20261121090300_create_groups.js';
import * as m0400 from './20261121090400_create_roles.js';
import * as m0600 from './20261121090600_create_card_posts.js';
import * as m0700 from './20261121090700_create_audit_log.js';
import * as m0800 from './20261121090800_create_processed_events.js';
import * as m0900 from './20261121090900_create_conversation_refs.js';
import * as m1201 from './20261201085900_create_workspace_settings.js';
import * as m1202 from './20261202090000_create_group_settings.js';
import * as m1203 from './20261202090400_add_people_timezone.js';
import * as m1217 from './20261217090000_create_fanout.js';
import * as m1218 from './20261218090000_create_export_links.js';
import * as m1223 from './20261223090100_add_people_erased_at.js';
import * as m1225 from './20261225090000_conversation_refs_without_names.js';

export interface NamedMigration {
  name: string;
  migration: Knex.Migration;
}

export const MIGRATIONS: readonly NamedMigration[] = [
  { name: '20261121090100_create_workspaces', migration: m0100 },
  { name: '20261121090200_create_people', migration: m0200 },
  { name: '20261121090300_create_groups', migration: m0300 },
  { name: '20261121090400_create_roles', migration: m0400 },
  { name: '20261121090600_create_card_posts', migration: m0600 },
  { name: '20261121090700_create_audit_log', migration: m0700 },
  { name: '20261121090800_create_processed_events', migration: m0800 },
  { name: '20261121090900_create_conversation_refs', migration: m0900 },
  { name: '20261201085900_create_workspace_settings', migration: m1201 },
  { name: '20261202090000_create_group_settings', migration: m1202 },
  { name: '20261202090400_add_people_timezone', migration: m1203 },
  { name: '20261217090000_create_fanout', migration: m1217 },
  { name: '20261218090000_create_export_links', migration: m1218 },
  { name: '20261223090100_add_people_erased_at', migration: m1223 },
  { name: '20261225090000_conversation_refs_without_names', migration: m1225 },
];
