// SURV-1's templates: two built in — the satisfaction survey (one score 0–100 and
// free text) and the quarterly review (four 1–5 questions and free text), whose texts
// are in the locale files (`survey.questions.<template>.<id>`) — and those a super
// admin adds, with each question in both languages. A survey keeps its questions.
import type { Locale } from '../../core/locale.js';

export type Bilingual = Readonly<Record<Locale, string>>;

export interface Question {
  id: string;
  min: number;
  max: number;
  /** A custom template's question; a built-in one's text is in the locale files. */
  text?: Bilingual;
}

export const BUILT_IN = ['satisfaction', 'quarterly'] as const;
export type BuiltIn = (typeof BUILT_IN)[number];

export const BUILT_IN_QUESTIONS: Readonly<Record<BuiltIn, readonly Question[]>> = {
  satisfaction: [{ id: 'score', min: 0, max: 100 }],
  quarterly: [
    { id: 'goals', min: 1, max: 5 },
    { id: 'support', min: 1, max: 5 },
    { id: 'communication', min: 1, max: 5 },
    { id: 'workload', min: 1, max: 5 },
  ],
};

export function isBuiltIn(key: string): key is BuiltIn {
  return (BUILT_IN as readonly string[]).includes(key);
}

/** A template a super admin added to the workspace. */
export interface CustomTemplate {
  key: string;
  title: Bilingual;
  questions: Question[];
}

/** The satisfaction target (KPI-3): a mean of 85 out of 100. */
export const TARGET = 85;
/** Below this many answers, no breakdown, no free text and no export (anonymity). */
export const ANONYMITY_THRESHOLD = 5;
export const COMMENT_MAX = 1000;
export const MAX_QUESTIONS = 10;
export const QUESTION_MAX = 200;
export const TITLE_MAX = 60;
/** A custom template's key: what `survey start <key>` is typed with. */
export const TEMPLATE_KEY = /^[a-z][a-z0-9-]{1,29}$/;

/** A score on the 0–100 scale of the target (1–5 answers: 1 → 0, 5 → 100). */
export function asPercent(q: Question, value: number): number {
  return ((value - q.min) / (q.max - q.min)) * 100;
}

/** The scales a question may have: small ones shown value by value, or 0–100 in bands. */
export function isScale(min: number, max: number): boolean {
  return (min === 0 || min === 1) && ((max - min >= 2 && max <= 10) || (min === 0 && max === 100));
}

export type QuestionLineError = { line: number; problem: 'format' | 'scale' | 'text' };

/**
 * The questions of the template form, one per line: `1-5 | English | 中文`.
 * Returns the questions, or the first bad line.
 */
export function parseQuestionLines(raw: string): { ok: true; questions: Question[] } | { ok: false; error: QuestionLineError | 'none' | 'tooMany' } {
  const questions: Question[] = [];
  const lines = raw.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const line = (lines[i] ?? '').trim();
    if (line === '') continue;
    const parts = line.split(/[|｜]/).map((p) => p.trim());
    const scale = /^(\d{1,3})\s*[-–~～]\s*(\d{1,3})$/.exec(parts[0] ?? '');
    if (parts.length !== 3 || scale === null) return { ok: false, error: { line: i + 1, problem: 'format' } };
    const min = Number(scale[1]);
    const max = Number(scale[2]);
    if (!isScale(min, max)) return { ok: false, error: { line: i + 1, problem: 'scale' } };
    const en = (parts[1] ?? '').replace(/\s+/g, ' ');
    const zh = (parts[2] ?? '').replace(/\s+/g, ' ');
    if (en === '' || zh === '' || en.length > QUESTION_MAX || zh.length > QUESTION_MAX) return { ok: false, error: { line: i + 1, problem: 'text' } };
    questions.push({ id: `q${questions.length + 1}`, min, max, text: { en, 'zh-CN': zh } });
    if (questions.length > MAX_QUESTIONS) return { ok: false, error: 'tooMany' };
  }
  return questions.length === 0 ? { ok: false, error: 'none' } : { ok: true, questions };
}
