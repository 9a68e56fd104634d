// SURV-1..3 in the core with the real store and job runner: a survey goes to each
// member privately; answers are validated, one per person and changeable until the
// close; non-responders are reminded twice; at the close nothing links an answer to a
// person in an anonymous survey, and the results hold no breakdown below 5 answers.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { resolveActor } from '../../src/core/actor.js';
import { handleCardAction } from '../../src/core/dispatch.js';
import type { ActionResult, Reply } from '../../src/core/replies.js';
import type { SurveyCard, SurveyResultsCard, SurveyTemplatesCard } from '../../src/features/survey/cards.js';
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

  it("runs a super admin's template monthly with one reminder; results and export speak its questions, without identities", async () => {
    expect(await run('UA', 'survey template add')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UADA', 'survey template add')).toMatchObject({ kind: 'form', form: { fields: [{ id: 'key' }, { id: 'titleEn' }, { id: 'titleZh' }, { id: 'questions' }] } });
    const add = (user: string, inputs: Record<string, string>) => click(user, 'survey.template-add', {}, inputs);
    expect(await add('UA', { key: 'x1' })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    const bad = (await add('UADA', { key: 'satisfaction', titleEn: 'Pulse', titleZh: '', questions: '1-5 | Clear goals | 目标清晰\n2-7 | Bad | 坏' })) as Extract<ActionResult, { kind: 'form' }>;
    expect(Object.fromEntries(bad.form.fields.filter((f) => f.error !== undefined).map((f) => [f.id, f.error!.key]))).toEqual({ key: 'survey.catalog.form.keyInvalid', titleZh: 'survey.catalog.form.titleRequired', questions: 'survey.catalog.form.line.scale' });
    const good = { key: 'team-pulse', titleEn: 'Team pulse', titleZh: '团队脉搏', questions: '1-5 | Our goals are clear | 目标清晰\n\n0-10 | I would recommend this team | 我愿意推荐这个团队\u202e' };
    expect(await add('UADA', good)).toMatchObject({ kind: 'notice', notice: { key: 'survey.catalog.added', params: { count: 2 } } });
    expect(await add('UADA', good)).toMatchObject({ kind: 'form', form: { fields: [{ error: { key: 'survey.catalog.form.keyTaken' } }, {}, {}, {}] } });
    const listed = (await run('UA', '调查 模板')) as Extract<Reply, { kind: 'card' }>;
    expect((listed.card as SurveyTemplatesCard).templates.map((t) => t.key)).toEqual(['satisfaction', 'quarterly', 'team-pulse']);

    expect(await run('UADA', 'survey start nope')).toMatchObject({ kind: 'error', code: 'not-found', text: { key: 'survey.unknownTemplate' } });
    expect(await run('UADA', 'survey start team-pulse --repeat weekly --closes 2026-12-20')).toMatchObject({ kind: 'error', code: 'conflict', text: { key: 'survey.closesAfterNext' } });
    expect(await run('UADA', 'survey start team-pulse --repeat monthly --reminders 1')).toMatchObject({ kind: 'text', text: { key: 'survey.startedRepeating' } });
    const first = surveyCards()[0]!.card;
    expect(first.form?.fields.map((f) => f.id)).toEqual(['q1', 'q2', 'comment']);
    expect(first.title).toEqual({ key: 'survey.customText', params: { value: { type: 'localized', values: { en: 'Team pulse', 'zh-CN': '团队脉搏' } } } });
    // The template goes; the survey keeps its questions.
    expect(await run('UADA', 'survey template remove team-pulse')).toMatchObject({ kind: 'text', text: { key: 'survey.catalog.removed' } });
    const id = first.surveyId;
    expect(await click('UA', 'survey.submit', { surveyId: id }, { q1: '6', q2: '5' })).toMatchObject({ kind: 'form' });
    for (const [u, q1, q2] of [['UA', '5', '10'], ['UB', '4', '8'], ['UC', '3', '6'], ['UD', '5', '9'], ['UE', '2', '4']] as const) {
      expect(await click(u, 'survey.submit', { surveyId: id }, { q1, q2, comment: `note ${u}` })).toMatchObject({ kind: 'card', notice: { key: 'survey.thanks' } });
    }
    // One reminder, halfway, to the one who has not answered.
    await later(4 * DAY);
    await later(3 * DAY + 3_600_000);
    expect(platform.texts().filter(([, k]) => k === 'survey.reminder').map(([to]) => to)).toEqual(['UF']);
    const [r] = results();
    expect(r).toMatchObject({ closed: true, answered: 5, mean: 72, questions: [{ mean: 3.8 }, { mean: 7.4 }] });
    expect(r!.questions[1]!.bars).toHaveLength(11);

    // The export: the questions as headers, the scores and comments, and nobody's name.
    const exported = ((await run('UADA', 'survey export')) as unknown as { card: SurveyResultsCard }).card;
    expect(exported.download?.url).toMatch(/\/exports\/[A-Za-z0-9_-]{43}$/);
    expect(await run('UA', 'survey export')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    const table = await core.deps.registry.export('survey.answers')!.handle(core.deps, await resolveActor(core.deps, actorOf('UADA')), id);
    expect(table.columns.map((c) => c.key)).toEqual(['survey.export.question', 'survey.export.question', 'survey.export.comment']);
    expect(table.rows.map((row) => row.join(',')).sort()).toEqual(['2,4,note UE', '3,6,note UC', '4,8,note UB', '5,10,note UA', '5,9,note UD']);
    expect(JSON.stringify(table)).not.toMatch(/"U[A-F]"|UADA/);

    // A month on, the next run goes out with the same questions; `survey stop` ends the series.
    platform.calls.length = 0;
    await later(23 * DAY);
    const next = surveyCards();
    expect(next.map((c) => c.to).sort()).toEqual(PEOPLE);
    expect(next[0]!.card.surveyId).not.toBe(id);
    expect(next[0]!.card.form?.fields.map((f) => f.id)).toEqual(['q1', 'q2', 'comment']);
    expect(platform.texts().filter(([, k]) => k === 'survey.repeated').map(([to]) => to)).toEqual(['UADA']);
    expect(await run('UA', 'survey stop')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UADA', '调查 停止')).toMatchObject({ kind: 'text', text: { key: 'survey.stopped' } });
    expect(await run('UADA', 'survey stop')).toMatchObject({ kind: 'text', text: { key: 'survey.notRepeating' } });
    platform.calls.length = 0;
    await later(32 * DAY);
    expect(surveyCards()).toEqual([]);
  });
});
