// Surveys on Teams, end to end: the survey arrives in each member's 1:1 chat with
// its questions as inputs on the card; the member answers with Action.Execute (in
// Chinese), sees the answer and changes it; the results reach the starter at the close.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { adaptiveProblems } from '../support/cards.js';
import { startTestCharter, type TestCharter } from '../support/charter.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { cardOf, later as laterBy, teamsDriver } from '../support/drive.js';
import { CHANNEL, FakeConnector, personalChat, TEAM, TeamsClient, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };
const DAY = 86_400_000;

type Json = Record<string, unknown>;

describe.each(DATABASES)('Teams surveys ($name)', (target) => {
  let db: Database;
  let charter: TestCharter;
  let teams: TeamsClient;
  const connector = new FakeConnector();
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const { send, command } = teamsDriver(() => ({ charter, teams, connector }));
  const later = (ms: number) => laterBy(charter, clock, ms);

  const surveyIn = (user: TeamsUser) => connector.sent(personalChat(user)).filter((a) => JSON.stringify(cardOf(a)).includes('survey.answer'));

  beforeAll(async () => {
    connector.join(CHANNEL, ADA, MO, BOB);
    connector.join(TEAM, ADA, MO, BOB);
    for (const u of [ADA, MO, BOB]) connector.join(personalChat(u), u);
    await connector.listen();
    db = await target.open();
    await resetDatabase(db);
    charter = await startTestCharter(db, { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` }, { clock });
    teams = new TeamsClient(charter.url, connector.url);
    for (const u of [ADA, MO, BOB]) await send(teams.personalMessage(u, 'help', u === MO ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register project Survey practice');
  });
  afterAll(async () => {
    expect(charter.logs.text()).not.toMatch(/unexpected error/);
    await charter.close();
    await db.close();
    await connector.close();
    nock.cleanAll();
  });

  it('answers with the inputs on the card, changes the answer, and closes with results', async () => {
    expect(await command(ADA, 'survey start quarterly --named')).toContain('2 people');
    const [activity] = surveyIn(MO);
    const card = cardOf(activity!);
    expect(adaptiveProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('季度评估');
    const inputs = JSON.stringify(card).match(/"id":"(goals|support|communication|workload|comment)"/g);
    expect(inputs).toHaveLength(5);
    const submit = JSON.stringify(card).match(/"verb":"survey.answer","title":"[^"]+","data":(\{"payload":\{"surveyId":"[^"]+"\}\})/);
    const data = JSON.parse(submit![1]!) as Json;
    const where = { conversation: personalChat(MO), activityId: String(activity!['id'] ?? '1') };

    const bad = (await (await send({ ...teams.invoke(MO, 'survey.answer', { ...data, goals: '7', support: '4', communication: '4', workload: '4' }, where), locale: 'zh-CN' })).json()) as { value: Json };
    expect(JSON.stringify(bad.value)).toContain('1 到 5');
    const ok = (await (await send({ ...teams.invoke(MO, 'survey.answer', { ...data, goals: '5', support: '4', communication: '4', workload: '3', comment: '不错' }, where), locale: 'zh-CN' })).json()) as { value: Json };
    expect(adaptiveProblems(ok.value)).toEqual([]);
    expect(JSON.stringify(ok.value)).toContain('已收到你的回答');
    expect(JSON.stringify(ok.value)).toContain('修改我的回答');
    // "Change" brings the inputs back, filled in; a new answer replaces the old one.
    const change = (await (await send({ ...teams.invoke(MO, 'survey.answer', data, where), locale: 'zh-CN' })).json()) as { value: Json };
    expect(JSON.stringify(change.value)).toContain('"value":"5"');
    await send({ ...teams.invoke(MO, 'survey.answer', { ...data, goals: '4', support: '4', communication: '4', workload: '4', comment: '' }, where), locale: 'zh-CN' });
    expect(await db.knex('survey_answers').count({ n: '*' }).first()).toMatchObject({});
    expect(Number(((await db.knex('survey_answers').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(1);

    await later(8 * DAY);
    const results = connector.sent(personalChat(ADA)).filter((a) => JSON.stringify(cardOf(a)).includes('Response rate'));
    expect(results).toHaveLength(1);
    expect(adaptiveProblems(cardOf(results[0]!))).toEqual([]);
    expect(JSON.stringify(cardOf(results[0]!))).toContain('1 of 2');
  });
});
