// The roster import from chat on Teams, end to end through the running server:
// `@Charter hr import` answers with a card whose button opens a dialog
// (task/fetch) with the roster's text and, optionally, when HR exported it (a date
// and a time input, which date the rows); it is submitted (task/submit),
// answered at once, applied in the background, and the report reaches the asker's
// 1:1 chat in their language. A member can neither fetch the dialog nor submit it.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { DATABASES } from '../support/db.js';
import { actionsOf, cardOf } from '../support/drive.js';
import { teamsE2E } from '../support/e2e.js';
import { CHANNEL, personalChat, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001', email: 'ada@example.com' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004', email: 'bob@example.com' };
const HEADER = 'employeeId,email,realName,department,title,managerEmail,locale,status';
const ROSTER = [HEADER, 'E-1,ada@example.com,阿达,研发部,分析师,,zh-CN,active', 'E-2,Bob@Example.com,"Stone, Bob",Sales,Rep,,en,active', 'E-3,carol@example.com,Carol,Ops,Clerk,,,retired'].join('\n');

type Dialog = { task: { type: string; value: string | { card: { content: Record<string, unknown> } } } };

describe.each(DATABASES)('Teams roster import ($name)', (target) => {
  const e2e = teamsE2E(target, {
    channel: [ADA, BOB],
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/Stone, Bob|阿达|carol@example\.com/),
  });
  const { connector, send, command } = e2e;
  const dialog = async (user: TeamsUser, name: 'task/fetch' | 'task/submit', data: Record<string, unknown>) => (await (await send(e2e.teams.dialog(user, name, data, CHANNEL, user === ADA ? 'zh-CN' : 'en-US'))).json()) as Dialog;

  beforeAll(async () => {
    await send(e2e.teams.personalMessage(ADA, 'help', 'zh-CN'));
    await send(e2e.teams.personalMessage(BOB, 'help'));
  });

  it('opens a dialog from the command, imports the pasted roster and reports in the asker’s 1:1 chat', async () => {
    expect(await command(BOB, 'hr import')).toContain('Only super admins can import a roster');

    const launcher = cardOf(JSON.parse(await command(ADA, '花名册导入', 'zh-CN')) as Record<string, unknown>);
    expect(adaptiveProblems(launcher)).toEqual([]);
    expect(JSON.stringify(launcher)).toContain('导入花名册');
    const open = actionsOf(launcher).find((a) => (a.data['msteams'] as { type?: string } | undefined)?.type === 'task/fetch')!;
    expect(open.data['charter']).toMatchObject({ action: 'hr.import-form' });

    // Bob clicks the button on the card in the channel: no dialog for him.
    expect(JSON.stringify(await dialog(BOB, 'task/fetch', open.data))).toContain('Only super admins can import a roster');
    const fetched = await dialog(ADA, 'task/fetch', open.data);
    expect(fetched.task.type).toBe('continue');
    const form = (fetched.task.value as { card: { content: Record<string, unknown> } }).card.content;
    expect(adaptiveProblems(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain('"isMultiline":true');
    // When HR exported the file: a date and a time input, optional, in the zone Ada's Teams client reports.
    const inputs = (form['body'] as { type: string; id?: string; label?: string; isRequired?: boolean }[]).filter((e) => e.id?.startsWith('exported_'));
    expect(inputs.map((e) => [e.type, e.id, e.label, e.isRequired])).toEqual([
      ['Input.Date', 'exported_date', 'HR 导出文件的日期（可选；Asia/Shanghai）', false],
      ['Input.Time', 'exported_time', 'HR 导出文件的时间（Asia/Shanghai）', false],
    ]);
    expect(JSON.stringify(form)).not.toContain('hr.import.empty'); // opened clean, no error yet
    const submit = actionsOf(form).find((a) => a.type === 'Action.Submit')!;
    expect(submit.data['charter']).toMatchObject({ action: 'hr.import' });

    // Empty: the dialog again, with the problem beside the field.
    expect(JSON.stringify(await dialog(ADA, 'task/submit', { ...submit.data, csv: '  ' }))).toContain('请上传花名册 CSV');
    // A time without its date, or a date in the future: the dialog again, the problem beside the field, what was typed kept.
    const undatedDialog = await dialog(ADA, 'task/submit', { ...submit.data, csv: ROSTER, exported_time: '09:30' });
    const undated = JSON.stringify(undatedDialog);
    expect(undated).toContain('请同时填写 HR 导出该文件的日期。');
    expect(undated).toContain('"value":"09:30"');
    // The pasted roster is kept in the dialog drawn again, so Ada need not paste it a second time.
    const redrawn = (undatedDialog.task.value as { card: { content: { body: { id?: string; value?: string }[] } } }).card.content;
    expect(redrawn.body.find((e) => e.id === 'csv')?.value).toBe(ROSTER);
    // A paste too long for a Teams card is not kept: the field says to paste it again.
    const long = `${ROSTER}\n${'E-9,nine@example.com,Nine,Sales,Rep,,en,active\n'.repeat(400)}`;
    const longDialog = await dialog(ADA, 'task/submit', { ...submit.data, csv: long, exported_time: '09:30' });
    const longCard = (longDialog.task.value as { card: { content: { body: { id?: string; value?: string }[] } } }).card.content;
    expect(longCard.body.find((e) => e.id === 'csv')?.value).toBeUndefined();
    expect(JSON.stringify(longCard)).toContain('请重新粘贴');
    expect(Buffer.byteLength(JSON.stringify(longDialog))).toBeLessThan(28_000);
    expect(JSON.stringify(await dialog(ADA, 'task/submit', { ...submit.data, csv: ROSTER, exported_date: '2999-01-01', exported_time: '09:30' }))).toContain('该时间晚于现在');
    // Bob's forged submission is refused and imports nothing.
    expect(JSON.stringify(await dialog(BOB, 'task/submit', { ...submit.data, csv: ROSTER }))).toContain('Only super admins can import a roster');
    expect(Number((await e2e.db.knex('hr_people').count({ n: '*' }).first())?.['n'])).toBe(0);

    const done = await dialog(ADA, 'task/submit', { ...submit.data, csv: ROSTER, exported_date: '2020-01-02', exported_time: '09:30' });
    expect(done.task).toEqual({ type: 'message', value: '正在导入花名册；完成后会私下把结果发给你。' });
    expect((await e2e.db.knex('hr_people').orderBy('employee_id').select('employee_id', 'department')) as unknown[]).toEqual([
      { employee_id: 'E-1', department: '研发部' },
      { employee_id: 'E-2', department: 'Sales' },
    ]);
    expect(await e2e.db.knex('people').where({ platform_user_id: BOB.aadObjectId }).first('real_name', 'department')).toEqual({ real_name: 'Stone, Bob', department: 'Sales' });
    // The rows are dated at the export the dialog gave, 09:30 in Shanghai.
    expect(await e2e.db.knex('hr_events').distinct('occurred_at').pluck('occurred_at')).toEqual([new Date('2020-01-02T01:30:00Z')]);
    const report = connector.said(personalChat(ADA)).find((t) => t.includes('花名册已导入')) ?? '';
    expect(report).toContain('花名册已导入：共 3 行——新建 2，更新 0，未变 0，早于目录现有记录 0，拒绝 1。');
    expect(report).toContain('第 4 行：status 必须为 active 或 left');
    expect(connector.said(CHANNEL).some((t) => t.includes('花名册已导入'))).toBe(false);
    expect(connector.said(personalChat(BOB)).some((t) => t.includes('Roster imported'))).toBe(false);

    // The same text again changes nothing, and the report says so.
    await dialog(ADA, 'task/submit', { ...submit.data, csv: ROSTER });
    expect(connector.said(personalChat(ADA)).filter((t) => t.includes('花名册已导入')).at(-1)).toContain('目录没有任何变化');
  });
});
