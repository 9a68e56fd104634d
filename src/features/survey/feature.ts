// SURV-1..3: surveys answered inside the card (the built-in satisfaction and quarterly
// templates, and those super admins add), anonymous by default, with reminders, a
// close date, repeats, results against the target and a CSV export.
import { z } from 'zod';
import { action, defineFeature, job } from '../../core/feature.js';
import type { SurveyCards } from './cards.js';
import { surveyStore } from './db.js';
import { surveyVerb, type SurveyCommand } from './grammar.js';
import { addTemplateCommand, listTemplates, openTemplateForm, removeTemplate, submitTemplate } from './manage.js';
import * as createSurveys from './migrations/20261216090000_create_surveys.js';
import * as templatesAndSeries from './migrations/20261218090200_survey_templates_and_series.js';
import type { SurveyStore } from './store.js';
import {
  answersExport,
  answerSurvey,
  CLOSE_JOB,
  closeCommand,
  closeSurvey,
  EXPORT,
  REMIND_JOB,
  remindSurvey,
  REPEAT_JOB,
  repeatSurvey,
  resultsCommand,
  RESULTS_JOB,
  SEND_JOB,
  sendResults,
  sendSurvey,
  startSurvey,
  stopCommand,
  SURVEY_PERMISSIONS,
  type SurveyDeps,
} from './surveys.js';

const retry = { limit: 5, delaySeconds: 30, backoff: true };
const ids = { workspaceId: z.string(), surveyId: z.string() };
const answer = action({ payload: z.object({ surveyId: z.string().max(64) }), handle: (deps: SurveyDeps, actor, p, inputs) => answerSurvey(deps, actor, p.surveyId, inputs) });

export const survey = defineFeature<SurveyCommand, SurveyStore, SurveyCards>({
  name: 'survey',
  verbs: [surveyVerb],
  commands: {
    'survey.start': (deps: SurveyDeps, ctx, c) => startSurvey(deps, ctx, c),
    'survey.results': resultsCommand,
    'survey.close': closeCommand,
    'survey.stop': stopCommand,
    'survey.templates': listTemplates,
    'survey.template-add': addTemplateCommand,
    'survey.template-remove': (deps: SurveyDeps, ctx, c) => removeTemplate(deps, ctx, c.key),
  },
  actions: {
    // `survey.answer` opens the questions (and, from cards sent before `survey.submit`, saved them too).
    'survey.answer': answer,
    'survey.submit': answer,
    'survey.template-form': action({ payload: z.object({}), handle: (deps: SurveyDeps, actor) => openTemplateForm(deps, actor) }),
    'survey.template-add': action({ payload: z.object({}), handle: (deps: SurveyDeps, actor, _p, inputs) => submitTemplate(deps, actor, inputs) }),
  },
  jobs: {
    [SEND_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: SurveyDeps, p) => sendSurvey(deps, p.surveyId) }),
    [CLOSE_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: SurveyDeps, p) => closeSurvey(deps, p.surveyId) }),
    [REMIND_JOB]: job({ scope: 'workspace', payload: z.object({ ...ids, n: z.number().int().min(1).max(10), resume: z.boolean().optional() }), retry, handle: (deps: SurveyDeps, p) => remindSurvey(deps, p.surveyId, p.n, p.resume ?? false) }),
    [RESULTS_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: SurveyDeps, p) => sendResults(deps, p.surveyId) }),
    [REPEAT_JOB]: job({ scope: 'workspace', payload: z.object({ ...ids, run: z.number().int().min(1).max(10_000) }), retry, handle: (deps: SurveyDeps, p) => repeatSurvey(deps, p.surveyId, p.run) }),
  },
  exports: { [EXPORT]: { handle: (deps: SurveyDeps, actor, surveyId) => answersExport(deps, actor, surveyId) } },
  permissions: SURVEY_PERMISSIONS,
  store: surveyStore,
  migrations: [
    { name: '20261216090000_create_surveys', migration: createSurveys },
    { name: '20261218090200_survey_templates_and_series', migration: templatesAndSeries },
  ],
});
