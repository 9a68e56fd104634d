// The roster import from chat on Slack, end to end through the running server:
// `/charter hr import` opens a modal with a file input; the submission carries the
// uploaded file's id only, and Charter asks files.info where the file is and
// downloads it from files.slack.com with the bot token (both answered by nock),
// answers at once and sends the report as a DM. The export date and time come from
// Slack's pickers and date the rows. A member is refused; a file that files.info
// places anywhere but files.slack.com is never fetched.
import type { KnownBlock } from '@slack/types';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/cards.js';
import { DATABASES } from '../support/db.js';
import { slackE2E } from '../support/e2e.js';
import { formSubmission, type OpenedView, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin', email: 'ada@example.com' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob', email: 'bob@example.com' };
const TEAM = 'C0TEAM';
const HEADER = 'employeeId,email,realName,department,title,managerEmail,locale,status';
const ROSTER = `\uFEFF${HEADER}\r\nE-1,ada@example.com,"Lovelace, Ada",Research,Analyst,,en,active\r\nE-2,BOB@Example.com,Bob Stone,Sales,Rep,,en,active\r\nE-3,not-an-email,Nobody,Ops,Clerk,,,active\r\n`;

describe.each(DATABASES)('Slack roster import ($name)', (target) => {
  const e2e = slackE2E(target, {
    users: [ADA, BOB],
    channels: { [TEAM]: { name: 'launch', members: [ADA, BOB] } },
    channel: TEAM,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/Lovelace|Bob Stone|not-an-email/),
  });
  const { fake, run, dms } = e2e;
  const hrPeople = async () => (await e2e.db.knex('hr_people').orderBy('employee_id').select('employee_id', 'department')) as { employee_id: string; department: string }[];

  it('opens a modal with a file input, reads the upload from files.slack.com and reports privately', async () => {
    fake.uploads.set('F0ROSTER', { name: 'roster.csv', content: ROSTER });
    expect(await run(BOB, 'hr import')).toEqual([expect.stringContaining('Only super admins can import a roster')]);
    expect(fake.of('views.open')).toHaveLength(0);

    await run(BOB, 'help'); // Bob's account, matched by his e-mail in another case
    expect(await run(ADA, 'hr import')).toEqual([]);
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    expect(view.callback_id).toBe('hr.import');
    expect(view.title.text).toBe('Import the roster');
    expect(blockKitProblems(view.blocks as unknown as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(view.blocks)).toContain('employeeId,email,realName,department,title,managerEmail,locale,status');
    expect(view.blocks.find((b) => b.block_id === 'csv')?.element?.type).toBe('file_input');
    // When HR exported the file: Slack's own date and time pickers, optional, in the asker's zone.
    expect(view.blocks.filter((b) => b.block_id?.startsWith('exported_')).map((b) => [b.block_id, b.element?.type, b.element?.timezone, b.label?.text, (b as { optional?: boolean }).optional])).toEqual([
      ['exported_date', 'datepicker', undefined, 'Date HR exported the file (optional; UTC)', true],
      ['exported_time', 'timepicker', 'UTC', 'Time HR exported it (UTC)', true],
    ]);

    // Bob submits the modal he could not open: refused before the file is even looked up, nothing imported.
    const forged = await e2e.slack.interact(formSubmission(BOB, view, { csv: 'F0ROSTER' }));
    expect(JSON.stringify(await forged.json())).toContain('Only super admins can import a roster');
    await e2e.charter.settle();
    expect(await hrPeople()).toEqual([]);
    expect(fake.of('files.info')).toEqual([]);

    const before = fake.of('files.info').length;
    const r = await e2e.slack.interact(formSubmission(ADA, view, { csv: 'F0ROSTER' }));
    // Answered at once (Slack allows three seconds); the report follows in a DM.
    expect(JSON.stringify(await r.json())).toContain('Importing the roster');
    await e2e.charter.settle();
    expect(fake.of('files.info').slice(before)).toEqual([expect.objectContaining({ file: 'F0ROSTER' })]);
    expect(fake.calls.filter((c) => c.method === 'files.info').at(-1)?.token).toBe('xoxb-e2e-token');
    expect(await hrPeople()).toEqual([
      { employee_id: 'E-1', department: 'Research' },
      { employee_id: 'E-2', department: 'Sales' },
    ]);
    expect(await e2e.db.knex('people').where({ platform_user_id: BOB.id }).first('real_name', 'department')).toEqual({ real_name: 'Bob Stone', department: 'Sales' });
    const report = dms(ADA).at(-1) ?? '';
    expect(report).toContain('Roster imported: 3 row(s) — 2 created, 0 updated, 0 unchanged, 0 older than the directory, 1 rejected.');
    expect(report).toContain('line 4: email: not a valid e-mail address');
    expect(dms(BOB).some((t) => t.includes('Roster imported'))).toBe(false);
    expect(await e2e.db.knex('audit_log').where({ action: 'hr.import' }).orderBy('id').select('actor_id', 'outcome')).toEqual([
      { actor_id: `slack:${BOB.id}`, outcome: 'refused' },
      { actor_id: `slack:${BOB.id}`, outcome: 'refused' },
      { actor_id: `slack:${ADA.id}`, outcome: 'ok' },
    ]);
  });

  it('dates the rows at the export date and time picked, and keeps the modal open with the problem when it is in the future', async () => {
    await run(ADA, 'hr import');
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    fake.uploads.set('F0OLDER', { name: 'roster.csv', content: `${HEADER}\nE-7,seven@example.com,Seven,Ops,Clerk,,,active\n` });
    const future = await e2e.slack.interact(formSubmission(ADA, view, { csv: 'F0OLDER', exported_date: '2999-01-01', exported_time: '09:00' }));
    expect(await future.json()).toEqual({ response_action: 'errors', errors: { exported_date: 'That is later than now: give the date and time HR exported the file.' } });
    const missing = await e2e.slack.interact(formSubmission(ADA, view, { csv: 'F0OLDER', exported_date: '2020-01-02' }));
    expect(await missing.json()).toEqual({ response_action: 'errors', errors: { exported_time: 'Give the time HR exported the file, with the date.' } });
    await e2e.charter.settle();
    expect(await e2e.db.knex('hr_events').where({ employee_id: 'E-7' })).toEqual([]);

    const r = await e2e.slack.interact(formSubmission(ADA, view, { csv: 'F0OLDER', exported_date: '2020-01-02', exported_time: '09:30' }));
    expect(JSON.stringify(await r.json())).toContain('Importing the roster');
    await e2e.charter.settle();
    expect(await e2e.db.knex('hr_events').where({ employee_id: 'E-7' }).pluck('occurred_at')).toEqual([new Date('2020-01-02T09:30:00Z')]);
  });

  it('never fetches a file that files.info places off files.slack.com', async () => {
    await run(ADA, 'hr import');
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    const content = `${HEADER}\nE-9,evil@example.com,Eve,Ops,Clerk,,,active\n`;
    for (const [id, url] of [
      ['F0EVIL', 'https://evil.example.net/files-pri/T0001-F0EVIL/download/roster.csv'],
      ['F0PLAIN', 'http://files.slack.com/files-pri/T0001-F0PLAIN/download/roster.csv'],
      ['F0LOOKALIKE', 'https://files.slack.com.evil.example.net/files-pri/T0001-F0LOOKALIKE/download/roster.csv'],
    ] as const) {
      fake.uploads.set(id, { name: 'roster.csv', content, url });
      const elsewhere = nock(new URL(url).origin).get(/.*/).reply(200, content);
      const r = await e2e.slack.interact(formSubmission(ADA, view, { csv: id }));
      // The modal stays open with the problem beside the field.
      expect(await r.json()).toMatchObject({ response_action: 'errors', errors: { csv: expect.stringContaining('Upload the roster CSV') } });
      await e2e.charter.settle();
      expect(elsewhere.isDone()).toBe(false);
    }
    expect((await hrPeople()).map((p) => p.employee_id)).not.toContain('E-9');
  });
});
