// SURV-1..3: satisfaction and quarterly surveys answered inside the card, anonymous
// by default, with reminders, a close date and results against the target.
import { z } from 'zod';
import { action, defineFeature, job } from '../../core/feature.js';
import type { SurveyCards } from './cards.js';
import { surveyStore } from './db.js';
import { surveyVerb, type SurveyCommand } from './grammar.js';
import * as createSurveys from './migrations/20261216090000_create_surveys.js';
import type { SurveyStore } from './store.js';
import { answerSurvey, CLOSE_JOB, closeCommand, closeSurvey, REMIND_JOB, remindSurvey, resultsCommand, RESULTS_JOB, SEND_JOB, sendResults, sendSurvey, startSurvey, SURVEY_PERMISSIONS, type SurveyDeps } from './surveys.js';

const retry = { limit: 5, delaySeconds: 30, backoff: true };
const ids = { workspaceId: z.string(), surveyId: z.string() };

export const survey = defineFeature<SurveyCommand, SurveyStore, SurveyCards>({
  name: 'survey',
  verbs: [surveyVerb],
  commands: {
    'survey.start': (deps: SurveyDeps, ctx, c) => startSurvey(deps, ctx, c),
    'survey.results': resultsCommand,
    'survey.close': closeCommand,
  },
  actions: {
    'survey.answer': action({ payload: z.object({ surveyId: z.string().max(64) }), handle: (deps: SurveyDeps, actor, p, inputs) => answerSurvey(deps, actor, p.surveyId, inputs) }),
  },
  jobs: {
    [SEND_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: SurveyDeps, p) => sendSurvey(deps, p.surveyId) }),
    [CLOSE_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: SurveyDeps, p) => closeSurvey(deps, p.surveyId) }),
    [REMIND_JOB]: job({ scope: 'workspace', payload: z.object({ ...ids, n: z.number().int().min(1).max(10), resume: z.boolean().optional() }), retry, handle: (deps: SurveyDeps, p) => remindSurvey(deps, p.surveyId, p.n, p.resume ?? false) }),
    [RESULTS_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: SurveyDeps, p) => sendResults(deps, p.surveyId) }),
  },
  permissions: SURVEY_PERMISSIONS,
  store: surveyStore,
  migrations: [{ name: '20261216090000_create_surveys', migration: createSurveys }],
});
