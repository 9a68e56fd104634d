// Surveys on Teams, end to end: the survey arrives in each member's 1:1 chat with
// its questions as inputs on the card; the member answers with Action.Execute (in
// Chinese), sees the answer and changes it; the results reach the starter at the close.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { actionsOf, cardOf } from '../support/drive.js';
import { teamsE2E } from '../support/e2e.js';
import { CHANNEL, personalChat, TEAM, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };
const MORE: TeamsUser[] = ['cat', 'dan', 'eve', 'fay'].map((n, i) => ({ id: `29:1${n}`, name: `${n[0]!.toUpperCase()}${n.slice(1)} Test`, aadObjectId: `aad-${n}-0000-0000-0000-00000000001${i}` }));
const DAY = 86_400_000;

type Json = Record<string, unknown>;

describe.each(DATABASES)('Teams surveys ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = teamsE2E(target, {
    channel: [ADA, MO, BOB],
    chats: [ADA, MO, BOB, ...MORE],
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
    clock,
  });
  const { connector, send, command, later } = e2e;

  const surveyIn = (user: TeamsUser) => connector.sent(personalChat(user)).filter((a) => JSON.stringify(cardOf(a)).includes('"verb":"survey.'));

  beforeAll(async () => {
    for (const u of [ADA, MO, BOB]) await send(e2e.teams.personalMessage(u, 'help', u === MO ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register project Survey practice');
  });

  it('answers with the inputs on the card, changes the answer, and closes with results', async () => {
    expect(await command(ADA, 'survey start quarterly --named')).toContain('2 people');
    const [activity] = surveyIn(MO);
    const card = cardOf(activity!);
    expect(adaptiveProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('季度评估');
    const inputs = JSON.stringify(card).match(/"id":"(goals|support|communication|workload|comment)"/g);
    expect(inputs).toHaveLength(5);
    const submit = JSON.stringify(card).match(/"verb":"survey.submit","title":"[^"]+","data":(\{"payload":\{"surveyId":"[^"]+"\}\})/);
    const data = JSON.parse(submit![1]!) as Json;
    const where = { conversation: personalChat(MO), activityId: String(activity!['id'] ?? '1') };

    const bad = (await (await send({ ...e2e.teams.invoke(MO, 'survey.submit', { ...data, goals: '7', support: '4', communication: '4', workload: '4' }, where), locale: 'zh-CN' })).json()) as { value: Json };
    expect(JSON.stringify(bad.value)).toContain('1 到 5');
    const ok = (await (await send({ ...e2e.teams.invoke(MO, 'survey.submit', { ...data, goals: '5', support: '4', communication: '4', workload: '3', comment: '不错' }, where), locale: 'zh-CN' })).json()) as { value: Json };
    expect(adaptiveProblems(ok.value)).toEqual([]);
    expect(JSON.stringify(ok.value)).toContain('已收到你的回答');
    expect(JSON.stringify(ok.value)).toContain('修改我的回答');
    // "Change" brings the inputs back, filled in; a new answer replaces the old one.
    const change = (await (await send({ ...e2e.teams.invoke(MO, 'survey.answer', data, where), locale: 'zh-CN' })).json()) as { value: Json };
    expect(JSON.stringify(change.value)).toContain('"value":"5"');
    await send({ ...e2e.teams.invoke(MO, 'survey.submit', { ...data, goals: '4', support: '4', communication: '4', workload: '4', comment: '' }, where), locale: 'zh-CN' });
    expect(await e2e.db.knex('survey_answers').count({ n: '*' }).first()).toMatchObject({});
    expect(Number(((await e2e.db.knex('survey_answers').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(1);

    await later(8 * DAY);
    const results = connector.sent(personalChat(ADA)).filter((a) => JSON.stringify(cardOf(a)).includes('Response rate'));
    expect(results).toHaveLength(1);
    expect(adaptiveProblems(cardOf(results[0]!))).toEqual([]);
    expect(JSON.stringify(cardOf(results[0]!))).toContain('1 of 2');
  });

  it("adds a template in a dialog, and once five have answered gives its starter a CSV of the answers without names", async () => {
    // More members now: five answers are the least for a breakdown and an export.
    connector.join(CHANNEL, ...MORE);
    connector.join(TEAM, ...MORE);
    const launcher = cardOf(JSON.parse(await command(ADA, 'survey template add', 'zh-CN')) as Json);
    const open = actionsOf(launcher).find((a) => (a.data['msteams'] as { type?: string } | undefined)?.type === 'task/fetch')!;
    const fetched = (await (await send(e2e.teams.dialog(ADA, 'task/fetch', open.data, CHANNEL, 'zh-CN'))).json()) as { task: { value: { card: { content: Json } } } };
    const form = fetched.task.value.card.content;
    expect(adaptiveProblems(form)).toEqual([]);
    const submit = actionsOf(form).find((a) => a.type === 'Action.Submit')!;
    const fields = { key: 'team-pulse', titleEn: 'Team pulse', titleZh: '团队脉搏', questions: '1-5 | Our goals are clear | 目标清晰\n0-10 | I would recommend this team | 我愿意推荐这个团队' };
    const added = await send(e2e.teams.dialog(ADA, 'task/submit', { ...submit.data, ...fields }, CHANNEL, 'zh-CN'));
    expect(JSON.stringify(await added.json())).toContain('已添加模板');

    expect(await command(ADA, 'survey start team-pulse')).toContain('6 people');
    for (const [i, u] of [MO, BOB, ...MORE].entries()) {
      const [activity] = surveyIn(u).slice(-1);
      const card = cardOf(activity!);
      expect(adaptiveProblems(card)).toEqual([]);
      expect(JSON.stringify(card)).toContain(u === MO ? '团队脉搏' : 'Team pulse');
      const data = (actionsOf(card).find((a) => a.verb === 'survey.submit')!.data as Json);
      const r = await send(e2e.teams.invoke(u, 'survey.submit', { ...data, q1: String((i % 5) + 1), q2: String(i + 4), comment: `note ${i}` }, { conversation: personalChat(u), activityId: String(activity!['id'] ?? '1') }));
      expect(r.status).toBe(200);
    }
    await later(8 * DAY);
    const results = connector.sent(personalChat(ADA)).filter((a) => JSON.stringify(cardOf(a)).includes('Team pulse'));
    expect(results.length).toBeGreaterThanOrEqual(1);
    const shown = JSON.stringify(cardOf(results.at(-1)!));
    expect(adaptiveProblems(cardOf(results.at(-1)!))).toEqual([]);
    expect(shown).toContain('6 of 6');
    // Six answers: the mean against the target, each question's distribution as bars, and the comments.
    expect(shown).toMatch(/Mean: \*\*\d+(\.\d)?\*\* \/ 100 — below the target of 85/);
    expect(shown).toContain('Our goals are clear — mean 2.7');
    expect(shown).toMatch(/"text":"1 +█+ 2"/);
    expect(shown).toContain('note 3');

    expect(await command(ADA, 'survey export')).toContain('sent it to you privately');
    const status = cardOf(connector.sent(personalChat(ADA)).filter((a) => JSON.stringify(cardOf(a)).includes('Action.OpenUrl')).at(-1)!);
    expect(adaptiveProblems(status)).toEqual([]);
    const link = actionsOf(status).find((a) => a.type === 'Action.OpenUrl')?.url;
    const csv = await fetch(link!);
    expect(csv.status).toBe(200);
    const lines = Buffer.from(await csv.arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Our goals are clear (1–5),I would recommend this team (0–10),Comment');
    expect(lines.slice(1).sort()).toEqual(['1,4,note 0', '2,5,note 1', '3,6,note 2', '4,7,note 3', '5,8,note 4', '1,9,note 5'].sort());
    expect(lines.join('\n')).not.toMatch(/Mo Li|Bob|Test/);
  });
});
