// The survey feature's repositories on Knex.
import type { Knex } from 'knex';
import { isUuid } from '../../core/model.js';
import { jsonColumn } from '../../store/json.js';
import { toCount } from '../../store/errors.js';
import type { Survey, SurveyRepo, SurveyStore, TemplateRepo } from './store.js';
import { BUILT_IN_QUESTIONS, isBuiltIn, type Bilingual, type CustomTemplate, type Question } from './templates.js';

interface Row {
  id: string;
  workspace_id: string;
  group_id: string;
  template: string;
  title: Bilingual | string | null;
  questions: Question[] | string | null;
  anonymous: boolean;
  audience: Survey['audience'];
  created_by: string;
  created_at: Date;
  closes_at: Date;
  state: Survey['state'];
  reminders: number;
  reminders_planned: number;
  repeat: Survey['repeat'];
  series_start: Date | null;
  series_zone: string | null;
  series_run: number | null;
  recipients: number;
}

const toSurvey = (r: Row): Survey => ({
  id: r.id,
  workspaceId: r.workspace_id,
  groupId: r.group_id,
  template: r.template,
  title: r.title === null ? null : jsonColumn(r.title),
  // Surveys from before templates were stored kept theirs in the code.
  questions: r.questions !== null ? jsonColumn(r.questions) : isBuiltIn(r.template) ? [...BUILT_IN_QUESTIONS[r.template]] : [],
  anonymous: r.anonymous,
  audience: r.audience,
  createdBy: r.created_by,
  createdAt: new Date(r.created_at),
  closesAt: new Date(r.closes_at),
  state: r.state,
  reminders: r.reminders,
  remindersPlanned: r.reminders_planned,
  repeat: r.repeat,
  series: r.series_start === null || r.series_zone === null || r.series_run === null ? null : { start: new Date(r.series_start), zone: r.series_zone, run: r.series_run },
  recipients: r.recipients,
});


function surveyRepo(db: Knex): SurveyRepo {
  return {
    async create(s, recipients) {
      const rows = (await db('surveys')
        .insert({
          workspace_id: s.workspaceId,
          group_id: s.groupId,
          template: s.template,
          title: s.title === null ? null : JSON.stringify(s.title),
          questions: JSON.stringify(s.questions),
          anonymous: s.anonymous,
          audience: s.audience,
          created_by: s.createdBy,
          created_at: s.createdAt,
          closes_at: s.closesAt,
          state: 'open',
          reminders_planned: s.remindersPlanned,
          repeat: s.repeat,
          series_start: s.series?.start ?? null,
          series_zone: s.series?.zone ?? null,
          series_run: s.series?.run ?? null,
          recipients: recipients.length,
        })
        .returning('*')) as Row[];
      const survey = toSurvey(rows[0] as Row);
      for (let i = 0; i < recipients.length; i += 1000) {
        await db('survey_recipients').insert(recipients.slice(i, i + 1000).map((p) => ({ survey_id: survey.id, person_id: p })));
      }
      return survey;
    },
    async stopRepeating(groupId) {
      const rows = (await db('surveys').where({ group_id: groupId }).whereNotNull('repeat').update({ repeat: null }).returning('id')) as { id: string }[];
      return rows.map((r) => r.id);
    },
    async handOn(id) {
      return toCount(await db('surveys').where({ id }).whereNotNull('repeat').update({ repeat: null })) === 1;
    },
    async get(id) {
      if (!isUuid(id)) return null;
      const row = (await db<Row>('surveys').where({ id }).first()) as Row | undefined;
      return row === undefined ? null : toSurvey(row);
    },
    async latestInGroup(groupId) {
      const row = (await db<Row>('surveys').where({ group_id: groupId }).orderBy('created_at', 'desc').first()) as Row | undefined;
      return row === undefined ? null : toSurvey(row);
    },
    async recipient(id, personId) {
      const r = (await db('survey_recipients as r').leftJoin('survey_answers as a', 'a.id', 'r.answer_id').where({ 'r.survey_id': id, 'r.person_id': personId }).first('r.answered', 'a.scores', 'a.comment')) as
        | { answered: boolean; scores: Record<string, number> | string | null; comment: string | null }
        | undefined;
      if (r === undefined) return null;
      return { answered: r.answered, answer: r.scores === null ? null : { scores: jsonColumn(r.scores), comment: r.comment } };
    },
    async recipientIds(id) {
      return ((await db('survey_recipients').where({ survey_id: id }).select('person_id')) as { person_id: string }[]).map((r) => r.person_id);
    },
    async unanswered(id) {
      return ((await db('survey_recipients').where({ survey_id: id, answered: false }).select('person_id')) as { person_id: string }[]).map((r) => r.person_id);
    },
    async saveAnswer(id, personId, named, answer) {
      return db.transaction(async (trx) => {
        const survey = (await trx('surveys').where({ id }).forUpdate().first('state')) as { state: string } | undefined;
        if (survey?.state !== 'open') return 'closed';
        const r = (await trx('survey_recipients').where({ survey_id: id, person_id: personId }).forUpdate().first('answer_id')) as { answer_id: string | null } | undefined;
        if (r === undefined) return 'closed';
        const values = { scores: JSON.stringify(answer.scores), comment: answer.comment };
        if (r.answer_id !== null) {
          await trx('survey_answers').where({ id: r.answer_id }).update(values);
          return 'changed';
        }
        const rows = (await trx('survey_answers').insert({ survey_id: id, person_id: named ? personId : null, ...values }).returning('id')) as { id: string }[];
        await trx('survey_recipients').where({ survey_id: id, person_id: personId }).update({ answered: true, answer_id: (rows[0] as { id: string }).id });
        return 'saved';
      });
    },
    async answers(id) {
      const rows = (await db('survey_answers').where({ survey_id: id }).orderBy('id').select('scores', 'comment', 'person_id')) as { scores: Record<string, number> | string; comment: string | null; person_id: string | null }[];
      return rows.map((r) => ({ scores: jsonColumn(r.scores), comment: r.comment, personId: r.person_id }));
    },
    async close(id) {
      return db.transaction(async (trx) => {
        const closed = toCount(await trx('surveys').where({ id, state: 'open' }).update({ state: 'closed' })) === 1;
        if (!closed) return false;
        const anonymous = ((await trx('surveys').where({ id }).first('anonymous')) as { anonymous: boolean }).anonymous;
        // The links go; and since rows lie on disk in the order they were written (an answer
        // beside its person's row), both tables are written again: the answers in random
        // order with new ids, the recipients in the order of their ids. Old row versions
        // stay until PostgreSQL vacuums them (see closeSurvey).
        const recipients = (await trx('survey_recipients').where({ survey_id: id }).orderBy('person_id').select('person_id', 'answered')) as { person_id: string; answered: boolean }[];
        await trx('survey_recipients').where({ survey_id: id }).delete();
        for (let i = 0; i < recipients.length; i += 1000) await trx('survey_recipients').insert(recipients.slice(i, i + 1000).map((r) => ({ survey_id: id, person_id: r.person_id, answered: r.answered, answer_id: null })));
        if (anonymous) {
          const answers = (await trx('survey_answers').where({ survey_id: id }).select('scores', 'comment')) as { scores: unknown; comment: string | null }[];
          await trx('survey_answers').where({ survey_id: id }).delete();
          const shuffled = answers.map((a) => ({ a, k: Math.random() })).sort((x, y) => x.k - y.k).map((x) => x.a);
          for (let i = 0; i < shuffled.length; i += 1000) {
            await trx('survey_answers').insert(shuffled.slice(i, i + 1000).map((a) => ({ survey_id: id, person_id: null, scores: typeof a.scores === 'string' ? a.scores : JSON.stringify(a.scores), comment: a.comment })));
          }
        }
        return true;
      });
    },
    async vacuum() {
      await db.raw('vacuum survey_answers, survey_recipients');
    },
    async claimReminder(id, n) {
      return toCount(await db('surveys').where({ id, state: 'open', reminders: n - 1 }).update({ reminders: n })) === 1;
    },
  };
}

interface TemplateRow {
  key: string;
  title: Bilingual | string;
  questions: Question[] | string;
}

const toTemplate = (r: TemplateRow): CustomTemplate => ({ key: r.key, title: jsonColumn(r.title), questions: jsonColumn(r.questions) });

function templateRepo(db: Knex): TemplateRepo {
  return {
    async list(workspaceId) {
      return ((await db('survey_templates').where({ workspace_id: workspaceId }).orderBy('key').select('key', 'title', 'questions')) as TemplateRow[]).map(toTemplate);
    },
    async get(workspaceId, key) {
      const r = (await db('survey_templates').where({ workspace_id: workspaceId, key }).first('key', 'title', 'questions')) as TemplateRow | undefined;
      return r === undefined ? null : toTemplate(r);
    },
    async add(workspaceId, t, by, at) {
      const rows = (await db('survey_templates')
        .insert({ workspace_id: workspaceId, key: t.key, title: JSON.stringify(t.title), questions: JSON.stringify(t.questions), created_by: by, created_at: at })
        .onConflict(['workspace_id', 'key'])
        .ignore()
        .returning('key')) as unknown[];
      return rows.length === 1;
    },
    async remove(workspaceId, key) {
      const rows = (await db('survey_templates').where({ workspace_id: workspaceId, key }).delete().returning('key')) as unknown[];
      return rows.length === 1;
    },
  };
}

export function surveyStore(db: Knex): SurveyStore {
  return { surveys: surveyRepo(db), surveyTemplates: templateRepo(db) };
}
