// SURV-1's templates: the satisfaction survey (one score 0–100 and free text) and
// the quarterly review (four 1–5 questions and free text). Question texts are in the
// locale files (`survey.questions.<template>.<id>`), so each person reads their language.
import type { Template } from './store.js';

export interface Question {
  id: string;
  min: number;
  max: number;
}

export const TEMPLATES: Readonly<Record<Template, readonly Question[]>> = {
  satisfaction: [{ id: 'score', min: 0, max: 100 }],
  quarterly: [
    { id: 'goals', min: 1, max: 5 },
    { id: 'support', min: 1, max: 5 },
    { id: 'communication', min: 1, max: 5 },
    { id: 'workload', min: 1, max: 5 },
  ],
};

/** The satisfaction target (KPI-3): a mean of 85 out of 100. */
export const TARGET = 85;
/** Below this many answers, no breakdown and no free text are shown (anonymity). */
export const ANONYMITY_THRESHOLD = 5;
export const COMMENT_MAX = 1000;

/** A score on the 0–100 scale of the target (1–5 answers: 1 → 0, 5 → 100). */
export function asPercent(q: Question, value: number): number {
  return ((value - q.min) / (q.max - q.min)) * 100;
}
