// SURV-1..3 in the core with the real store and job runner: a survey goes to each
// member privately; answers are validated, one per person and changeable until the
// close; non-responders are reminded twice; at the close nothing links an answer to a
// person in an anonymous survey, and the results hold no breakdown below 5 answers.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction } from '../../src/core/dispatch.js';
import type { SurveyCard, SurveyResultsCard } from '../../src/features/survey/cards.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from '../support/clock.js';
import { actorOf, coreDriver, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { dumpAllTables } from '../support/dlp.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const TEAM: Conv = { id: 'CTEAM', kind: 'channel', name: 'team', teamId: null };
const DAY = 86_400_000;
const PEOPLE = ['UA', 'UB', 'UC', 'UD', 'UE', 'UF'];


describe.each(DATABASES)('surveys ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  const clock = new TestClock();
  const logs = memoryLogger();
  const { run, click, later } = coreDriver(() => core, TEAM);
  const answer = (user: string, surveyId: string, inputs: Record<string, string>) => click(user, 'survey.answer', { surveyId }, inputs);

  const surveyCards = () => platform.of('sendPrivate').flatMap((c) => ('card' in c.message && c.message.card.kind === 'survey.survey' ? [{ to: c.to, card: c.message.card as unknown as SurveyCard }] : []));
  const results = () => platform.of('sendPrivate').flatMap((c) => ('card' in c.message && c.message.card.kind === 'survey.results' ? [c.message.card as unknown as SurveyResultsCard] : []));

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-24T03:00:00Z');
    await resetDatabase(db);
    platform = new RecordingPlatform();
    for (const u of ['UADA', ...PEOPLE, 'UZED']) platform.profiles.set(u, { realName: u });
    platform.members.set(TEAM.id, new Set(['UADA', ...PEOPLE]));
    core = await startCore(db, platform, clock, logs);
    await run('UADA', 'group register project The launch team');
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  it('runs an anonymous satisfaction survey: answers in the card, changes, reminders, and at the close no link to people', async () => {
    expect(await run('UA', 'survey start satisfaction')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UADA', 'survey start satisfaction --closes 2027-06-01')).toMatchObject({ kind: 'error', code: 'conflict', text: { key: 'survey.closesTooLate' } });
    expect(await run('UADA', 'survey start satisfaction --closes 2026-12-01')).toMatchObject({ kind: 'text', text: { key: 'survey.started', params: { count: 6 } } });
    expect(surveyCards().map((c) => c.to).sort()).toEqual(PEOPLE);
    const id = surveyCards()[0]!.card.surveyId;
    expect(surveyCards()[0]!.card.form?.fields.map((f) => f.id)).toEqual(['score', 'comment']);

    // A click without answers brings the questions (the Slack modal); wrong values stay beside their fields.
    expect(await answer('UA', id, {})).toMatchObject({ kind: 'form', form: { fields: [{ id: 'score' }, { id: 'comment' }] } });
    expect(await answer('UA', id, { score: '120', comment: '' })).toMatchObject({ kind: 'form', form: { fields: [{ error: { key: 'survey.form.range' } }, {}] } });
    expect(await answer('UZED', id, { score: '50' })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await answer('UA', 'not-a-survey', { score: '50' })).toMatchObject({ kind: 'error', code: 'not-found' });
    const elsewhere = await handleCardAction(core.deps, { actor: actorOf('UA', 'T2'), actionId: 'survey.answer', payload: { surveyId: id }, inputs: { score: '50' } });
    expect(elsewhere.result).toMatchObject({ kind: 'error', code: 'not-found' });
    for (const [u, score] of [['UA', '90'], ['UB', '80'], ['UC', '70'], ['UD', '100']] as const) {
      expect(await answer(u, id, { score, comment: `comment from ${u}` })).toMatchObject({ kind: 'card', notice: { key: 'survey.thanks' } });
    }
    // Free text is cleaned at the edge: no NUL, control or bidi character is stored or shown.
    await answer('UB', id, { score: '80', comment: 'comment from UB\u0000\u202e\u0007' });
    // A change replaces the answer: still four answers.
    expect(await answer('UA', id, { score: '95', comment: 'changed my mind' })).toMatchObject({ kind: 'card', notice: { key: 'survey.changed' }, card: { state: 'answered', mine: [{ value: '95' }, { value: 'changed my mind' }] } });

    // Live results below 5 answers: rate only.
    const live = (await run('UADA', 'survey results')) as unknown as { card: SurveyResultsCard };
    expect(await run('UADA', 'survey start satisfaction')).toMatchObject({ kind: 'error', code: 'conflict', text: { key: 'survey.alreadyOpen' } });
    expect(live.card).toMatchObject({ answered: 4, recipients: 6, mean: null, questions: [], comments: [] });

    // Two reminders to those who have not answered (UE, UF), no more.
    await later(3 * DAY);
    await later(3 * DAY);
    expect(platform.texts().filter(([, k]) => k === 'survey.reminder').map(([to]) => to).sort()).toEqual(['UE', 'UE', 'UF', 'UF']);
    expect(await answer('UE', id, { score: '60' })).toMatchObject({ kind: 'card' });

    // The close: results to the starter; the answer-to-person links are gone.
    await later(2 * DAY);
    const [r] = results();
    expect(r).toMatchObject({ closed: true, answered: 5, recipients: 6, mean: 81, target: 85 });
    expect(r!.questions[0]!.bars.map((b) => [b.label, b.count])).toEqual([['0–59', 0], ['60–69', 1], ['70–79', 1], ['80–89', 1], ['90–100', 2]]);
    expect(r!.comments.sort()).toEqual(['changed my mind', 'comment from UB', 'comment from UC', 'comment from UD']);
    expect(await db.knex('survey_recipients').whereNotNull('answer_id').count({ n: '*' }).first()).toMatchObject({ n: expect.anything() });
    expect(Number(((await db.knex('survey_recipients').whereNotNull('answer_id').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(0);
    expect(Number(((await db.knex('survey_answers').whereNotNull('person_id').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(0);
    // No row of any table holds both a person and an answer.
    const person = ((await db.knex('people').where({ address: 'UA' }).first('id')) as { id: string }).id;
    const answerRow = ((await db.knex('survey_answers').where({ comment: 'changed my mind' }).first('id')) as { id: string }).id;
    const tables = (await db.knex.raw("select table_name from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'")) as { rows: { table_name: string }[] };
    for (const { table_name } of tables.rows) {
      for (const row of (await db.knex(table_name).select()) as unknown[]) {
        const line = JSON.stringify(row);
        expect(line.includes(person) && (line.includes(answerRow) || line.includes('changed my mind')), `${table_name}: ${line}`).toBe(false);
      }
    }
    expect(await dumpAllTables(db)).toContain('changed my mind');
    // Closed: no more answers or changes.
    expect(await answer('UF', id, { score: '10' })).toMatchObject({ kind: 'card', notice: { key: 'survey.closedNotice' } });
    expect(await answer('UA', id, { score: '10' })).toMatchObject({ kind: 'card', notice: { key: 'survey.closedNotice' } });
    // Every recipient's card shows the survey closed.
    expect(platform.of('updateCard').filter((u) => (u.card as SurveyCard).state === 'closed')).toHaveLength(6);
  });

  it('asks quarterly questions of the managers, named, and shows per-question results', async () => {
    for (const u of ['UA', 'UB', 'UC', 'UD', 'UE']) await run('UADA', `role grant <@${u}> moderator helps`);
    platform.calls.length = 0;
    await run('UADA', '调查 开始 季度 --named --to managers');
    const cards = surveyCards();
    expect(cards.map((c) => c.to).sort()).toEqual(['UA', 'UB', 'UC', 'UD', 'UE']);
    const id = cards[0]!.card.surveyId;
    for (const u of ['UA', 'UB', 'UC', 'UD', 'UE']) await answer(u, id, { goals: '5', support: '4', communication: '3', workload: '2', comment: '' });
    expect(Number(((await db.knex('survey_answers').whereNotNull('person_id').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(5);
    // While open, only the count: a breakdown watched after each answer would show that answer.
    expect(((await run('UADA', 'survey results')) as unknown as { card: SurveyResultsCard }).card).toMatchObject({ answered: 5, mean: null, questions: [], comments: [] });
    await run('UADA', 'survey close');
    const [r] = results();
    expect(r).toMatchObject({ answered: 5, mean: 62.5, questions: [{ mean: 5 }, { mean: 4 }, { mean: 3 }, { mean: 2 }] });
  });
});
