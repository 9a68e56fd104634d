import type { Knex } from 'knex';

// MSG-6..9: keyword lists and their entries (administrators' content), a version
// per workspace (bumped with every change, so each running instance rebuilds its
// matcher), the findings on messages (the rule, the position and a redacted
// sample — never the text or a raw sensitive value), the moderator alerts they
// raise, and escalations of repeated violations.
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('keyword_lists', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.text('key').notNullable();
    t.text('name_en').notNullable();
    t.text('name_zh').notNullable();
    t.text('action').notNullable().checkIn(['warn', 'alert', 'remove']);
    t.jsonb('exempt').notNullable();
    t.boolean('built_in').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['workspace_id', 'key']);
  });
  await knex.schema.createTable('keyword_entries', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('list_id').notNullable().references('keyword_lists.id').onDelete('CASCADE');
    t.text('kind').notNullable().checkIn(['word', 'whole', 'regex', 'allow']);
    t.text('pattern').notNullable();
    t.uuid('created_by').references('people.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['list_id', 'kind', 'pattern']);
  });
  await knex.schema.createTable('keyword_versions', (t) => {
    t.text('workspace_id').primary().references('workspaces.id');
    t.integer('version').notNullable();
  });
  await knex.schema.createTable('message_findings', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('message_id').notNullable();
    t.uuid('author_id').notNullable().references('people.id');
    t.text('source').notNullable().checkIn(['keyword', 'dlp', 'link', 'file']);
    t.text('rule').notNullable();
    t.integer('start').notNullable();
    t.integer('end').notNullable();
    t.text('sample').notNullable();
    t.float('confidence').notNullable();
    t.text('action').notNullable().checkIn(['warn', 'alert', 'remove']);
    t.boolean('dismissed').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    // One finding per rule per message: a retried or edited message is not counted twice.
    t.unique(['group_id', 'message_id', 'source', 'rule']);
    t.index(['author_id', 'created_at'], 'message_findings_author');
  });
  await knex.schema.createTable('moderation_alerts', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.text('message_id').notNullable();
    t.uuid('author_id').notNullable().references('people.id');
    t.jsonb('findings').notNullable();
    t.boolean('removed').notNullable();
    // Where the platform opens the message (a permalink), for the moderators' card.
    t.text('link');
    t.text('state').notNullable().defaultTo('open').checkIn(['open', 'removing', 'removed', 'dismissed', 'escalated']);
    t.uuid('decided_by').references('people.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['group_id', 'message_id']);
  });
  await knex.schema.createTable('escalations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('workspace_id').notNullable().references('workspaces.id');
    t.uuid('group_id').notNullable().references('groups.id');
    t.uuid('person_id').notNullable().references('people.id');
    t.integer('count').notNullable();
    t.text('state').notNullable().defaultTo('open').checkIn(['open', 'warned', 'removing', 'removed', 'dismissed']);
    t.uuid('decided_by').references('people.id');
    t.timestamp('decided_at', { useTz: true });
    t.text('reason');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['group_id', 'person_id', 'created_at'], 'escalations_person');
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['escalations', 'moderation_alerts', 'message_findings', 'keyword_versions', 'keyword_entries', 'keyword_lists']) await knex.schema.dropTable(table);
}
