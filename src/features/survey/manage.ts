// SURV-1: the templates a workspace's super admins add — a key to start it by, a
// title and questions in both languages, each on a scale (1–5, 0–10, 0–100 …) — next
// to the two built in. `survey templates` lists them; `survey template add` opens the
// form; `survey template remove <key>` removes one (surveys already sent keep theirs).
import type { FormModel } from '../../core/cards.js';
import { cleanLine, cleanText } from '../../core/clean.js';
import { conflict, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text, type Text } from '../../core/messages.js';
import type { Actor } from '../../core/model.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import type { SurveyTemplatesCard } from './cards.js';
import { titleOf, type SurveyDeps } from './surveys.js';
import { BUILT_IN, BUILT_IN_QUESTIONS, MAX_QUESTIONS, parseQuestionLines, QUESTION_MAX, TEMPLATE_KEY, TITLE_MAX, type CustomTemplate, type Question } from './templates.js';

/** Words `survey start` reads as a built-in template: no custom key may be one. */
const RESERVED = new Set(['satisfaction', 'quarterly', 'group', 'managers', 'results', 'export', 'close', 'stop', 'templates', 'template', 'start']);

async function maySuperAdmin(deps: SurveyDeps, actor: Actor, action: string): Promise<void> {
  if (actor.isSuperAdmin) return;
  await deps.store.audit.append(byActor(actor, action, { targetType: 'survey-template', targetId: null, outcome: 'refused' }), deps.clock.now());
  notAllowed(text('survey.catalog.forbidden'));
}

const scaleOf = (q: Question): string => `${q.min}–${q.max}`;

export async function listTemplates(deps: SurveyDeps, ctx: CommandContext): Promise<Reply> {
  const custom = await deps.store.surveyTemplates.list(ctx.actor.workspace.id);
  const card: SurveyTemplatesCard = {
    kind: 'survey.templates',
    templates: [
      ...BUILT_IN.map((key) => ({ key, title: titleOf(key, null), questions: BUILT_IN_QUESTIONS[key].length, scales: [...new Set(BUILT_IN_QUESTIONS[key].map(scaleOf))], builtIn: true })),
      ...custom.map((t) => ({ key: t.key, title: titleOf(t.key, t.title), questions: t.questions.length, scales: [...new Set(t.questions.map(scaleOf))], builtIn: false })),
    ],
    canManage: ctx.actor.isSuperAdmin,
  };
  return { kind: 'card', card };
}

type Values = Record<'key' | 'titleEn' | 'titleZh' | 'questions', string>;

function templateForm(values: Partial<Values> = {}, errors: Partial<Record<keyof Values, Text>> = {}): FormModel {
  const field = (id: keyof Values) => ({ ...(values[id] !== undefined && values[id] !== '' ? { value: values[id] } : {}), ...(errors[id] !== undefined ? { error: errors[id] } : {}) });
  return {
    action: { id: 'survey.template-add', payload: {}, style: 'primary', label: text('survey.catalog.form.submit') },
    open: { id: 'survey.template-form', payload: {}, label: text('survey.catalog.form.title') },
    title: text('survey.catalog.form.title'),
    intro: text('survey.catalog.form.intro', { max: MAX_QUESTIONS }),
    fields: [
      { id: 'key', label: text('survey.catalog.form.key'), placeholder: text('survey.catalog.form.keyHint'), multiline: false, required: true, maxLength: 30, ...field('key') },
      { id: 'titleEn', label: text('survey.catalog.form.titleEn'), multiline: false, required: true, maxLength: TITLE_MAX, ...field('titleEn') },
      { id: 'titleZh', label: text('survey.catalog.form.titleZh'), multiline: false, required: true, maxLength: TITLE_MAX, ...field('titleZh') },
      { id: 'questions', label: text('survey.catalog.form.questions'), placeholder: text('survey.catalog.form.questionsHint'), multiline: true, required: true, maxLength: MAX_QUESTIONS * (QUESTION_MAX * 2 + 20), ...field('questions') },
    ],
  };
}

export async function addTemplateCommand(deps: SurveyDeps, ctx: CommandContext): Promise<Reply> {
  await maySuperAdmin(deps, ctx.actor, 'survey.template.add');
  return { kind: 'form', form: templateForm() };
}

/** The form again (a Teams dialog fetches it). */
export async function openTemplateForm(deps: SurveyDeps, actor: Actor): Promise<ActionResult> {
  await maySuperAdmin(deps, actor, 'survey.template.add');
  return { kind: 'form', form: templateForm(), card: null };
}

export async function submitTemplate(deps: SurveyDeps, actor: Actor, inputs: Readonly<Record<string, string>>): Promise<ActionResult> {
  await maySuperAdmin(deps, actor, 'survey.template.add');
  const values: Values = {
    key: cleanLine(inputs['key'] ?? '').trim().toLowerCase(),
    titleEn: cleanLine(inputs['titleEn'] ?? '').trim(),
    titleZh: cleanLine(inputs['titleZh'] ?? '').trim(),
    questions: cleanText(inputs['questions'] ?? '').trim(),
  };
  const errors: Partial<Record<keyof Values, Text>> = {};
  if (!TEMPLATE_KEY.test(values.key) || RESERVED.has(values.key)) errors.key = text('survey.catalog.form.keyInvalid');
  for (const id of ['titleEn', 'titleZh'] as const) {
    if (values[id] === '') errors[id] = text('survey.catalog.form.titleRequired');
    else if (values[id].length > TITLE_MAX) errors[id] = text('survey.catalog.form.titleTooLong', { max: TITLE_MAX });
  }
  const parsed = parseQuestionLines(values.questions);
  if (!parsed.ok) {
    const e = parsed.error;
    errors.questions = e === 'none' ? text('survey.catalog.form.questionsNone') : e === 'tooMany' ? text('survey.catalog.form.questionsTooMany', { max: MAX_QUESTIONS }) : text(`survey.catalog.form.line.${e.problem}`, { line: e.line, max: QUESTION_MAX });
  }
  if (Object.keys(errors).length > 0 || !parsed.ok) return { kind: 'form', form: templateForm(values, errors), card: null };
  const template: CustomTemplate = { key: values.key, title: { en: values.titleEn, 'zh-CN': values.titleZh }, questions: parsed.questions };
  const now = deps.clock.now();
  const added = await deps.store.transaction(async (tx) => {
    if (!(await tx.surveyTemplates.add(actor.workspace.id, template, actor.person.id, now))) return false;
    await tx.audit.append(byActor(actor, 'survey.template.add', { targetType: 'survey-template', targetId: template.key, details: { questions: template.questions.length } }), now);
    return true;
  });
  if (!added) return { kind: 'form', form: templateForm(values, { key: text('survey.catalog.form.keyTaken') }), card: null };
  return { kind: 'notice', notice: text('survey.catalog.added', { key: template.key, count: template.questions.length }) };
}

export async function removeTemplate(deps: SurveyDeps, ctx: CommandContext, key: string): Promise<Reply> {
  await maySuperAdmin(deps, ctx.actor, 'survey.template.remove');
  if (RESERVED.has(key)) conflict(text('survey.catalog.builtIn', { key }));
  const now = deps.clock.now();
  const removed = await deps.store.transaction(async (tx) => {
    if (!(await tx.surveyTemplates.remove(ctx.actor.workspace.id, key))) return false;
    await tx.audit.append(byActor(ctx.actor, 'survey.template.remove', { targetType: 'survey-template', targetId: key }), now);
    return true;
  });
  if (!removed) notFound(text('survey.unknownTemplate', { value: key }));
  return { kind: 'text', text: text('survey.catalog.removed', { key }) };
}
