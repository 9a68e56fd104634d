import type { Knex } from 'knex';

// LIFE-2: a removal an offboarding did not make because HR took the leave back
// while it ran (a hire or change after the leave) is recorded as `withdrawn`.
const STATES = (extra: string[]) => ['pending', 'removed', 'not-member', 'unsupported', 'failed', ...extra].map((s) => `'${s}'`).join(', ');

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`alter table hr_offboard_groups drop constraint hr_offboard_groups_state_check`);
  await knex.raw(`alter table hr_offboard_groups add constraint hr_offboard_groups_state_check check (state in (${STATES(['withdrawn'])}))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`delete from hr_offboard_groups where state = 'withdrawn'`);
  await knex.raw(`alter table hr_offboard_groups drop constraint hr_offboard_groups_state_check`);
  await knex.raw(`alter table hr_offboard_groups add constraint hr_offboard_groups_state_check check (state in (${STATES([])}))`);
}
