import type { Knex } from 'knex';

// AUD-4: Teams conversation references are stored without the display name of the
// person they came from (a channel's reference named whoever wrote last), so an
// erased person's name does not outlive the erasure there. Messaging through a
// reference needs ids only. References stored before lose the name here.
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`update conversation_refs set reference = reference #- '{user,name}' where jsonb_exists(reference -> 'user', 'name')`);
}

export async function down(): Promise<void> {
  // The names are gone: nothing to restore.
}
