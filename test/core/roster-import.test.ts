// The roster import from chat in the core with the real store and job runner:
// `hr import` (`花名册导入`, super admins) opens a form with one file field; its
// submission is answered at once and the rows are applied in the background by the
// command line's importer; the report comes privately in the asker's language with
// the counts and the rejected lines, each reason in the asker's language.
// A member is refused when opening the form, fetching it and submitting it (a
// forged submission); a re-import changes nothing and says so; a file that is no
// roster is reported and nothing is imported. One audit entry, counts only. An
// optional export date and time (the asker's zone) dates the rows, so an older
// file does not undo a leave the webhook brought since; a bad or future one is
// told beside its field.
import { describe, expect, it } from 'vitest';
import { slackText } from '../../cards/blockkit/index.js';
import type { FormModel } from '../../src/core/cards.js';
import type { Locale } from '../../src/core/locale.js';
import type { Text } from '../../src/core/messages.js';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import type { HrStore } from '../../src/features/hr/store.js';
import type { Store } from '../../src/core/ports.js';
import { coreDriver, coreSuite } from '../support/core.js';
import { DATABASES } from '../support/db.js';
import { strictTranslator } from '../support/i18n.js';
import type { RecordingPlatform } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const DM: Conv = { id: 'D-UADA', kind: 'direct', name: null, teamId: null };

const HEADER = 'employeeId,email,realName,department,title,managerEmail,locale,status';
// Lines 2 and 3 are good; 4, 5 and 6 are not.
const ROSTER = [
  `\uFEFF${HEADER},costCenter`,
  'E-1,UB@Example.com,"Bee, Ursula",Research,Analyst,,en,active,CC-1',
  'E-2,new.hire@example.com,李雷,研发部,工程师,,zh-CN,active,CC-2',
  'E-3,not-an-email,Wrong Mail,Ops,Clerk,,,active,CC-3',
  'E-4,e4@example.com,Maybe Status,Ops,Clerk,,,maybe,CC-4',
  'E-5,e5@example.com,Too Short',
].join('\r\n');
type HrStoreOf = Store & HrStore;
const PERSONAL = ['example.com', 'Ursula', '李雷', 'Wrong Mail', 'not-an-email'];

describe.each(DATABASES)('roster import from chat ($name)', (target) => {
  const suite = coreSuite(target, {
    at: '2026-12-23T02:00:00Z',
    platform: (p: RecordingPlatform) => {
      p.profiles.set('UADA', { realName: 'Ada', email: 'uada@example.com' });
      p.profiles.set('UB', { realName: 'UB', email: 'ub@example.com' });
    },
    forbidden: PERSONAL,
  });
  const { run, click } = coreDriver(() => suite.core, DM);

  /** The private texts of the import sent to someone, rendered as Slack shows them. */
  const reports = (to: string, locale: Locale = 'en') => {
    const i18n = strictTranslator();
    const out = suite.platform
      .of('sendPrivate')
      .filter((c) => c.to === to && 'text' in c.message && c.message.text.key.startsWith('hr.import.'))
      .map((c) => {
        const message = c.message as { locale: Locale; text: Text };
        expect(message.locale).toBe(locale);
        return { key: message.text.key, text: slackText({ i18n, locale, command: '/charter' }, message.text).text ?? '' };
      });
    expect(i18n.missing).toEqual([]);
    return out;
  };
  const count = async (table: string) => Number((await suite.db.knex(table).count({ n: '*' }).first())?.['n']);
  const importAudit = async () =>
    (await suite.db.knex('audit_log').where({ action: 'hr.import' }).orderBy('id').select('actor_id', 'outcome', 'details')) as { actor_id: string; outcome: string; details: Record<string, unknown> }[];


  it('opens a form for a super admin, applies good rows in the background and reports the rejected lines privately', async () => {
    await run('UB', 'help'); // UB's account, with the e-mail the roster names in another case
    const opened = await run('UADA', '花名册导入');
    expect(opened).toMatchObject({ kind: 'form', form: { action: { id: 'hr.import' }, open: { id: 'hr.import-form' }, title: { key: 'hr.import.title' } } });
    const form = (opened as { form: FormModel }).form;
    expect(form.fields).toEqual([
      expect.objectContaining({ id: 'csv', kind: 'file', required: true, maxLength: 1_000_000 }),
      // When HR exported the file, optional, in the asker's zone (UTC where the platform tells none).
      expect.objectContaining({ id: 'exported_date', kind: 'date', required: false, label: { key: 'hr.import.exportedDate', params: { zone: 'UTC' } } }),
      expect.objectContaining({ id: 'exported_time', kind: 'time', required: false, timezone: 'UTC', label: { key: 'hr.import.exportedTime', params: { zone: 'UTC' } } }),
    ]);
    expect(form.action.payload).toEqual({ zone: 'UTC' });
    expect(form.intro).toEqual({ key: 'hr.import.intro', params: { columns: HEADER } });
    // A Teams dialog fetches the same form.
    expect(await click('UADA', 'hr.import-form', {})).toMatchObject({ kind: 'form', form: { action: { id: 'hr.import' } } });

    // Answered at once; the report follows privately.
    expect(await click('UADA', 'hr.import', {}, { csv: ROSTER })).toEqual({ kind: 'notice', notice: { key: 'hr.import.started' } });
    expect(await suite.db.knex('hr_people').orderBy('employee_id').select('employee_id', 'email', 'real_name', 'department', 'status')).toEqual([
      { employee_id: 'E-1', email: 'ub@example.com', real_name: 'Bee, Ursula', department: 'Research', status: 'active' },
      { employee_id: 'E-2', email: 'new.hire@example.com', real_name: '李雷', department: '研发部', status: 'active' },
    ]);
    // The account with the e-mail takes the HR fields.
    expect(await suite.db.knex('people').where({ address: 'UB' }).first('real_name', 'department', 'title')).toEqual({ real_name: 'Bee, Ursula', department: 'Research', title: 'Analyst' });
    const [report] = reports('UADA');
    expect(report?.key).toBe('hr.import.withRejects');
    expect(report?.text).toContain('Roster imported: 5 row(s) — 2 created, 0 updated, 0 unchanged, 0 older than the directory, 3 rejected.');
    expect(report?.text).toContain('line 4: email: not a valid e-mail address');
    expect(report?.text).toContain('line 5: status must be active or left');
    expect(report?.text).toContain('line 6: 3 fields where the header has 9');
    expect(report?.text).not.toContain('line 2:');
    expect(report?.text).not.toContain('more.');

    // One audit entry, by the asker, with counts only.
    const audit = await importAudit();
    expect(audit).toEqual([{ actor_id: 'slack:UADA', outcome: 'ok', details: { rows: 5, created: 2, updated: 0, unchanged: 0, stale: 0, rejected: 3 } }]);

    // A changed row updates; the same file again changes nothing, and the report says so.
    suite.clock.advance(60_000);
    await click('UADA', 'hr.import', {}, { csv: `${HEADER}\nE-1,ub@example.com,"Bee, Ursula",Sales,Analyst,,en,active\n` });
    expect(reports('UADA').at(-1)).toMatchObject({ key: 'hr.import.summary', text: expect.stringContaining('1 row(s) — 0 created, 1 updated') });
    expect(await suite.db.knex('people').where({ address: 'UB' }).first('department')).toEqual({ department: 'Sales' });
    suite.clock.advance(60_000);
    await click('UADA', 'hr.import', {}, { csv: `${HEADER}\nE-1,ub@example.com,"Bee, Ursula",Sales,Analyst,,en,active\n` });
    expect(reports('UADA').at(-1)).toEqual({ key: 'hr.import.summaryUnchanged', text: 'Roster imported: 1 row(s), nothing changed in the directory — 1 unchanged, 0 older than the directory, 0 rejected.' });
    expect(await suite.db.knex('people').where({ address: 'UB' }).first('department')).toEqual({ department: 'Sales' });
    expect((await importAudit()).map((a) => a.details)).toEqual([
      { rows: 5, created: 2, updated: 0, unchanged: 0, stale: 0, rejected: 3 },
      { rows: 1, created: 0, updated: 1, unchanged: 0, stale: 0, rejected: 0 },
      { rows: 1, created: 0, updated: 0, unchanged: 1, stale: 0, rejected: 0 },
    ]);
    const entries = JSON.stringify(await suite.db.knex('audit_log').where({ action: 'hr.import' }));
    for (const value of PERSONAL) expect(entries).not.toContain(value);
  });

  it('lists the first 20 rejected rows and counts the rest', async () => {
    const bad = Array.from({ length: 23 }, (_, i) => `E-${i},nobody-${i},Name,Ops,Clerk,,,active`);
    await click('UADA', 'hr.import', {}, { csv: [HEADER, ...bad].join('\n') });
    const [report] = reports('UADA');
    expect(report?.text).toContain('23 rejected');
    expect(report?.text).toContain('line 2: email: not a valid e-mail address');
    expect(report?.text).toContain('line 21: email: not a valid e-mail address');
    expect(report?.text).not.toContain('line 22:');
    expect(report?.text).toContain('… and 3 more.');
    expect(await count('hr_people')).toBe(0);
  });

  it('reports a line too long by its number, and imports the other rows', async () => {
    const long = `E-9,"${'x'.repeat(70_000)}",Ops,Clerk,,,active`;
    await click('UADA', 'hr.import', {}, { csv: [HEADER, 'E-1,ub@example.com,Bee,Research,Analyst,,en,active', long, 'E-2,li@example.com,Li,Ops,Clerk,,,active'].join('\n') });
    const [report] = reports('UADA');
    expect(report?.text).toContain('Roster imported: 3 row(s) — 2 created, 0 updated, 0 unchanged, 0 older than the directory, 1 rejected.');
    expect(report?.text).toContain('line 3: the line is too long (more than 65536 characters)');
    expect(await count('hr_people')).toBe(2);
  });

  it('dates the rows at the export time given, so an older file does not bring back a leaver the webhook told of since', async () => {
    suite.platform.profiles.set('UADA', { realName: 'Ada', email: 'uada@example.com', timezone: 'Asia/Shanghai' });
    const opened = (await run('UADA', 'hr import')) as { form: FormModel };
    expect(opened.form.fields[1]?.label).toEqual({ key: 'hr.import.exportedDate', params: { zone: 'Asia/Shanghai' } });
    expect(opened.form.action.payload).toEqual({ zone: 'Asia/Shanghai' });
    const file = [HEADER, 'E-1,ub@example.com,Bee,Research,Analyst,,en,active'].join('\n');
    await click('UADA', 'hr.import', {}, { csv: file }); // 2026-12-23T02:00Z: E-1 is in the directory
    // HR exports the roster at 11:00 in Shanghai (03:00Z); E-1 leaves by webhook at 04:00Z; the file is imported at 05:00Z.
    suite.clock.advance(2 * 3600_000);
    const hr = suite.core.deps as unknown as HrDeps;
    await applyHrEvent(hr, { id: 'evt-leave', type: 'leave', occurredAt: '2026-12-23T04:00:00Z', person: { employeeId: 'E-1', email: 'ub@example.com' } }, 'webhook');
    suite.clock.advance(3600_000);
    const payload = opened.form.action.payload;
    expect(await click('UADA', 'hr.import', payload, { csv: file, exported_date: '2026-12-23', exported_time: '11:00' })).toEqual({ kind: 'notice', notice: { key: 'hr.import.started' } });
    expect(reports('UADA').at(-1)?.text).toBe('Roster imported: 1 row(s), nothing changed in the directory — 0 unchanged, 1 older than the directory, 0 rejected.');
    expect(await suite.db.knex('hr_people').where({ employee_id: 'E-1' }).first('status')).toEqual({ status: 'left' });
    expect(await suite.db.knex('hr_events').where({ source: 'roster', outcome: 'stale' }).pluck('occurred_at')).toEqual([new Date('2026-12-23T03:00:00Z')]);
    // Without an export time the rows are dated now, as before: a row imported after the leave is news.
    await click('UADA', 'hr.import', payload, { csv: file.replace('Analyst', 'Lead') });
    expect(await suite.db.knex('hr_people').where({ employee_id: 'E-1' }).first('status')).toEqual({ status: 'active' });
  });

  it('gives the form back with the problem beside the export date or time, keeping what was typed', async () => {
    const file = [HEADER, 'E-1,ub@example.com,Bee,Research,Analyst,,en,active'].join('\n');
    const cases: [Record<string, string>, Record<string, string>][] = [
      [{ exported_date: '2026-12-22' }, { exported_time: 'hr.import.exportedTimeMissing' }],
      [{ exported_time: '09:30' }, { exported_date: 'hr.import.exportedDateMissing' }],
      [{ exported_date: '2026-02-30', exported_time: '24:00' }, { exported_date: 'hr.import.badDate', exported_time: 'hr.import.badTime' }],
      // Later than now (02:00Z here) by more than a few minutes: no export happened then.
      [{ exported_date: '2026-12-23', exported_time: '02:10' }, { exported_date: 'hr.import.exportedFuture' }],
      [{ exported_date: '2026-12-24', exported_time: '00:00' }, { exported_date: 'hr.import.exportedFuture' }],
    ];
    for (const [inputs, errors] of cases) {
      const answer = (await click('UADA', 'hr.import', { zone: 'UTC' }, { csv: file, ...inputs })) as { kind: string; form: FormModel };
      expect(answer.kind, JSON.stringify(inputs)).toBe('form');
      const byField = Object.fromEntries(answer.form.fields.filter((f) => f.error !== undefined).map((f) => [f.id, f.error?.key]));
      expect(byField, JSON.stringify(inputs)).toEqual(errors);
      for (const f of answer.form.fields.slice(1)) expect(f.value).toBe(inputs[f.id]);
    }
    // An empty file and a bad time: both told at once.
    const both = (await click('UADA', 'hr.import', {}, { csv: '', exported_date: 'soon' })) as { form: FormModel };
    expect(both.form.fields.map((f) => f.error?.key)).toEqual(['hr.import.empty', 'hr.import.badDate', 'hr.import.exportedTimeMissing']);
    expect(reports('UADA')).toEqual([]);
    expect(await count('hr_events')).toBe(0);
    // A minute ahead is a clock apart, not the future: accepted.
    expect(await click('UADA', 'hr.import', {}, { csv: file, exported_date: '2026-12-23', exported_time: '02:01' })).toEqual({ kind: 'notice', notice: { key: 'hr.import.started' } });
    expect(await suite.db.knex('hr_events').pluck('occurred_at')).toEqual([new Date('2026-12-23T02:01:00Z')]);
  });

  it('refuses a member when opening, fetching and submitting the form, and audits each refusal', async () => {
    expect(await run('UB', 'hr import')).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'hr.import.forbidden' } });
    expect(await click('UB', 'hr.import-form', {})).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'hr.import.forbidden' } });
    // A submission forged without the form: refused before anything is read.
    expect(await click('UB', 'hr.import', {}, { csv: ROSTER })).toMatchObject({ kind: 'error', code: 'not-allowed', text: { key: 'hr.import.forbidden' } });
    expect(await count('hr_people')).toBe(0);
    expect(await count('hr_events')).toBe(0);
    expect(reports('UB')).toEqual([]);
    expect(await importAudit()).toEqual([
      { actor_id: 'slack:UB', outcome: 'refused', details: {} },
      { actor_id: 'slack:UB', outcome: 'refused', details: {} },
      { actor_id: 'slack:UB', outcome: 'refused', details: {} },
    ]);
  });

  it('gives the form back with the problem beside the field when the file is empty or too large', async () => {
    for (const [csv, key] of [
      ['', 'hr.import.empty'],
      ['\uFEFF \n\n', 'hr.import.empty'],
      [`${HEADER}\n${'x'.repeat(1_000_000)}`, 'hr.import.tooLarge'],
    ] as const) {
      const answer = await click('UADA', 'hr.import', {}, { csv });
      expect(answer).toMatchObject({ kind: 'form', form: { action: { id: 'hr.import' } } });
      expect((answer as { form: FormModel }).form.fields[0]?.error).toEqual({ key });
      expect((answer as { form: FormModel }).form.fields.slice(1).map((f) => f.error)).toEqual([undefined, undefined]);
    }
    expect(await click('UADA', 'hr.import', {}, {})).toMatchObject({ kind: 'form', form: { fields: [{ error: { key: 'hr.import.empty' } }, {}, {}] } });
    expect(reports('UADA')).toEqual([]);
    expect(await count('hr_events')).toBe(0);
  });

  it('tells the asker a file with no roster header is no roster, and imports nothing', async () => {
    await click('UADA', 'hr.import', {}, { csv: 'name,mail,status\nAda,ada@example.com,active\n' });
    const [report] = reports('UADA');
    expect(report?.key).toBe('hr.import.notRoster');
    expect(report?.text).toContain('The file is not a roster, so nothing was imported: the header lacks the column(s) employeeId, email');
    expect(await count('hr_people')).toBe(0);
    expect(await count('hr_events')).toBe(0);
    expect(await importAudit()).toEqual([{ actor_id: 'slack:UADA', outcome: 'refused', details: { rows: 0 } }]);
  });

  it('tells the asker when the import stops half way, and the rows before stay applied', async () => {
    // The database fails while the third row is applied.
    const store = suite.core.deps.store as HrStoreOf;
    let rows = 0;
    const broken = Object.create(store) as HrStoreOf;
    broken.transaction = <T>(fn: (tx: HrStoreOf) => Promise<T>) =>
      store.transaction((tx) => {
        const hr = Object.create(tx.hr) as HrStoreOf['hr'];
        hr.recordEvent = async (...args) => {
          rows += 1;
          if (rows === 3) throw new Error('connection lost');
          return tx.hr.recordEvent(...args);
        };
        return fn(Object.assign(Object.create(tx) as HrStoreOf, { hr }));
      });
    suite.core.deps = { ...suite.core.deps, store: broken };
    await click('UADA', 'hr.import', {}, { csv: [HEADER, 'E-1,a@example.com,A,Ops,Clerk,,,active', 'E-2,b@example.com,B,Ops,Clerk,,,active', 'E-3,c@example.com,C,Ops,Clerk,,,active'].join('\n') });
    suite.core.deps = { ...suite.core.deps, store };
    expect(reports('UADA').map((r) => r.key)).toEqual(['hr.import.failed']);
    expect(await count('hr_people')).toBe(2);
    expect(await importAudit()).toEqual([{ actor_id: 'slack:UADA', outcome: 'failed', details: {} }]);
    expect(suite.logs.text()).toContain('background task failed');
  });

  it('reports in Chinese to a super admin who reads Chinese', async () => {
    suite.platform.profiles.set('UADA', { realName: 'Ada', email: 'uada@example.com', locale: 'zh-CN' });
    await click('UADA', 'hr.import', {}, { csv: ROSTER });
    const [report] = reports('UADA', 'zh-CN');
    expect(report?.text).toContain('花名册已导入：共 5 行——新建 2，更新 0，未变 0，早于目录现有记录 0，拒绝 3。');
    expect(report?.text).toContain('第 4 行：email：不是有效的电子邮件地址');
    await click('UADA', 'hr.import', {}, { csv: 'a,b\n1,2\n' });
    expect(reports('UADA', 'zh-CN').at(-1)?.text).toContain('该文件不是花名册，未导入任何内容');
    expect(reports('UADA', 'zh-CN').at(-1)?.text).toContain('表头缺少列：employeeId, email');
    expect(reports('UADA', 'zh-CN').map((r) => r.text).join('\n')).not.toMatch(/Invalid|must be|header lacks/);
  });
});
