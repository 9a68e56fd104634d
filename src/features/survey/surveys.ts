// SURV-1..3: a survey started in a governed group goes privately to each member (or
// to the group's admins, `--to managers`), who answers inside the card: on Teams with
// the inputs on the card, on Slack in a modal the card's button opens. One answer per
// person, changeable until the close. Non-responders are reminded (twice unless
// told); at the close (a date, default a week) the link from people to answers is
// destroyed and the starter gets the results: response rate, mean against the target,
// the distribution and free text — no breakdown, no free text and no export below 5
// answers. A survey may repeat (weekly, monthly, quarterly): each run starts the next.
import { holdersOf, isSuperAdminPerson, localeOf, peopleForMembers } from '../../core/actor.js';
import type { CardAction, FormField, FormModel } from '../../core/cards.js';
import { updateCopies } from '../../core/copies.js';
import { fanOut } from '../../core/fanout.js';
import { conflict, notAllowed, notFound, unavailable } from '../../core/errors.js';
import { issueExportLink, type ExportTable } from '../../core/exports.js';
import type { CommandContext } from '../../core/feature.js';
import { date, localized, text, type Text } from '../../core/messages.js';
import type { Actor, Group, Person, Workspace } from '../../core/model.js';
import { can, definePermissions } from '../../core/permissions.js';
import type { CoreDeps } from '../../core/ports.js';
import { answerPrivately, type ActionResult, type Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import { localOf, zonedInstant } from '../../core/zones.js';
import type { SurveyCard, SurveyResultsCard } from './cards.js';
import type { StartCommand } from './grammar.js';
import type { Answer, Repeat, Survey, SurveyStore } from './store.js';
import { ANONYMITY_THRESHOLD, asPercent, BUILT_IN_QUESTIONS, COMMENT_MAX, isBuiltIn, TARGET, type Bilingual, type Question } from './templates.js';

export type SurveyDeps = CoreDeps<SurveyStore>;

export const SURVEY_PERMISSIONS = definePermissions({
  'survey.run': ['super-admin', 'owner', 'moderator'],
});

export const SEND_JOB = 'survey.send';
export const CLOSE_JOB = 'survey.close';
export const REMIND_JOB = 'survey.remind';
export const RESULTS_JOB = 'survey.results';
export const REPEAT_JOB = 'survey.repeat';
export const EXPORT = 'survey.answers';
const SUBJECT = 'survey';
const DAY = 86_400_000;
const DEFAULT_OPEN_MS = 7 * DAY;
const MAX_OPEN_MS = 90 * DAY;

interface View {
  workspace: Workspace;
  group: Group;
  survey: Survey;
}

async function load(deps: SurveyDeps, id: string): Promise<View | null> {
  const survey = await deps.store.surveys.get(id);
  if (survey === null) return null;
  const [workspace, group] = await Promise.all([deps.store.workspaces.get(survey.workspaceId), deps.store.groups.get(survey.groupId)]);
  return workspace === null || group === null ? null : { workspace, group, survey };
}

/** A built-in question's text from the locale files; a custom one's as its author wrote it, in each language. */
const questionText = (survey: Survey, q: Question): Text => (q.text !== undefined ? text('survey.customText', { value: localized(q.text) }) : text(`survey.questions.${survey.template}.${q.id}`));
export const titleOf = (template: string, title: Bilingual | null): Text => (title !== null ? text('survey.customText', { value: localized(title) }) : text(`survey.templates.${template}`));
const surveyTitle = (survey: Survey): Text => titleOf(survey.template, survey.title);

function answerForm(v: View, answer: Answer | null, errors: Record<string, Text> = {}, values: Record<string, string> = {}): FormModel {
  const fields: FormField[] = v.survey.questions.map((q) => ({
    id: q.id,
    label: text('survey.form.question', { question: questionText(v.survey, q), min: q.min, max: q.max }),
    multiline: false,
    required: true,
    maxLength: 3,
    ...((values[q.id] ?? (answer !== null ? String(answer.scores[q.id] ?? '') : undefined)) !== undefined ? { value: values[q.id] ?? String(answer?.scores[q.id] ?? '') } : {}),
    ...(errors[q.id] !== undefined ? { error: errors[q.id] } : {}),
  }));
  const comment = values['comment'] ?? answer?.comment ?? undefined;
  fields.push({ id: 'comment', label: text('survey.form.comment'), multiline: true, required: false, maxLength: COMMENT_MAX, ...(comment !== undefined ? { value: comment } : {}), ...(errors['comment'] !== undefined ? { error: errors['comment'] } : {}) });
  return {
    action: { id: 'survey.submit', payload: { surveyId: v.survey.id }, style: 'primary', label: text('survey.form.submit') },
    open: { id: 'survey.answer', payload: { surveyId: v.survey.id }, label: text('survey.card.answer') },
    title: surveyTitle(v.survey),
    intro: text(v.survey.anonymous ? 'survey.form.introAnonymous' : 'survey.form.introNamed', { group: v.group.name }),
    fields,
  };
}

function surveyCard(v: View, answer: Answer | null, extra: { notice?: Text | null } = {}): SurveyCard {
  const open = v.survey.state === 'open';
  const actions: CardAction[] = open ? [{ id: 'survey.answer', payload: { surveyId: v.survey.id }, style: 'primary', label: text(answer === null ? 'survey.card.answer' : 'survey.card.change') }] : [];
  return {
    kind: 'survey.survey',
    surveyId: v.survey.id,
    title: surveyTitle(v.survey),
    group: v.group.name,
    anonymous: v.survey.anonymous,
    closesAt: v.survey.closesAt,
    state: !open ? 'closed' : answer === null ? 'open' : 'answered',
    // Teams: the questions on the card until answered; a change brings them back.
    form: open && answer === null ? answerForm(v, null) : null,
    mine:
      answer === null || !open
        ? []
        : [...v.survey.questions.map((q) => ({ question: questionText(v.survey, q), value: String(answer.scores[q.id] ?? '') })), ...(answer.comment !== null ? [{ question: text('survey.form.comment'), value: answer.comment }] : [])],
    actions,
    notice: extra.notice ?? null,
  };
}

async function mayRun(deps: SurveyDeps, actor: Actor, group: Group, action: string): Promise<void> {
  if (can(await holdersOf(deps, actor, group), SURVEY_PERMISSIONS['survey.run'])) return;
  await deps.store.audit.append(byActor(actor, action, { targetType: 'group', targetId: group.id, groupId: group.id, outcome: 'refused' }), deps.clock.now());
  notAllowed(text('survey.forbidden', { group: group.name }));
}

/**
 * When run n of a series starts: n weeks, or n or 3n calendar months, after its first
 * start, on the same local day and time in the series' zone (the last day of a month
 * that has no such day). Counted from the first start, so a late job or a short month
 * does not move the runs after it.
 */
export function runAt(series: { start: Date; zone: string }, repeat: Repeat, n: number): Date {
  const local = localOf(series.start, series.zone);
  const [y, m, d] = local.date.split('-').map(Number) as [number, number, number];
  let date: Date;
  if (repeat === 'weekly') date = new Date(Date.UTC(y, m - 1, d + 7 * n));
  else {
    const month = m - 1 + n * (repeat === 'monthly' ? 1 : 3);
    const last = new Date(Date.UTC(y, month + 1, 0)).getUTCDate();
    date = new Date(Date.UTC(y, month, Math.min(d, last)));
  }
  return zonedInstant(date.toISOString().slice(0, 10), local.minutes, series.zone);
}

/** The template's title and questions: built in, or the workspace's own. */
async function templateOf(deps: SurveyDeps, workspace: Workspace, key: string): Promise<{ title: Bilingual | null; questions: Question[] }> {
  if (isBuiltIn(key)) return { title: null, questions: [...BUILT_IN_QUESTIONS[key]] };
  const custom = await deps.store.surveyTemplates.get(workspace.id, key);
  if (custom === null) notFound(text('survey.unknownTemplate', { value: key }));
  return { title: custom.title, questions: custom.questions };
}

interface Plan {
  series: Survey['series'];
  template: string;
  title: Bilingual | null;
  questions: Question[];
  anonymous: boolean;
  audience: Survey['audience'];
  repeat: Repeat | null;
  reminders: number;
  closesAt: Date;
}

/** Who a survey goes to: the group's members (or its admins), its starter and departed people left out. */
async function recipientsOf(deps: SurveyDeps, actor: Actor, group: Group, audience: Survey['audience']): Promise<Person[]> {
  let people: Person[];
  if (audience === 'managers') {
    const ids = [...new Set((await deps.store.roles.listForGroup(group.id)).map((g) => g.personId))];
    people = await deps.store.people.getMany(ids);
  } else {
    const members = await deps.membership.listMembers(actor.workspace, group);
    if (members === 'unknown') unavailable(text('survey.membersUnknown'));
    people = await peopleForMembers(deps, actor.workspace, members);
  }
  return people.filter((p) => p.id !== actor.person.id && p.employment !== 'inactive');
}

/**
 * Creates the survey with its jobs in one transaction. `before` runs first in it
 * (a repeating survey's previous run hands the series on: false stops it all).
 */
async function launch(deps: SurveyDeps, actor: Actor, group: Group, plan: Plan, recipients: Person[], before: (tx: SurveyDeps['store']) => Promise<boolean> = async () => true): Promise<Survey | null> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    if (!(await before(tx))) return null;
    const s = await tx.surveys.create(
      { workspaceId: actor.workspace.id, groupId: group.id, template: plan.template, title: plan.title, questions: plan.questions, anonymous: plan.anonymous, audience: plan.audience, createdBy: actor.person.id, createdAt: now, closesAt: plan.closesAt, remindersPlanned: plan.reminders, repeat: plan.repeat, series: plan.series },
      recipients.map((p) => p.id),
    );
    const details = { template: plan.template, anonymous: plan.anonymous, audience: plan.audience, recipients: recipients.length, repeat: plan.repeat, reminders: plan.reminders };
    await tx.audit.append(byActor(actor, 'survey.start', { targetType: 'survey', targetId: s.id, groupId: group.id, details }), now);
    const workspaceId = actor.workspace.id;
    await deps.jobs.send(SEND_JOB, { workspaceId, surveyId: s.id }, { key: s.id, in: tx });
    await deps.jobs.send(CLOSE_JOB, { workspaceId, surveyId: s.id }, { key: s.id, at: plan.closesAt, in: tx });
    const span = plan.closesAt.getTime() - now.getTime();
    for (let n = 1; n <= plan.reminders; n += 1) await deps.jobs.send(REMIND_JOB, { workspaceId, surveyId: s.id, n }, { key: `${s.id}:${n}`, at: new Date(now.getTime() + (span * n) / (plan.reminders + 1)), in: tx });
    if (plan.repeat !== null && plan.series !== null) {
      const run = plan.series.run + 1;
      await deps.jobs.send(REPEAT_JOB, { workspaceId, surveyId: s.id, run }, { key: `${s.id}:${run}`, at: runAt(plan.series, plan.repeat, run), in: tx });
    }
    return s;
  });
}

export async function startSurvey(deps: SurveyDeps, ctx: CommandContext, c: StartCommand): Promise<Reply> {
  const { actor } = ctx;
  const group = await groupHere(deps, actor, ctx.conversation);
  await mayRun(deps, actor, group, 'survey.start');
  // One open survey per group: `survey results` and `survey close` speak of it.
  const latest = await deps.store.surveys.latestInGroup(group.id);
  if (latest !== null && latest.state === 'open') conflict(text('survey.alreadyOpen', { group: group.name }));
  const template = await templateOf(deps, actor.workspace, c.template);
  const now = deps.clock.now();
  const series = c.repeat === null ? null : { start: now, zone: actor.person.timezone ?? 'UTC', run: 0 };
  const next = c.repeat === null || series === null ? null : runAt(series, c.repeat, 1);
  // A repeating survey closes before its next run starts (a weekly one after six days by default).
  const fallback = next === null ? DEFAULT_OPEN_MS : Math.min(DEFAULT_OPEN_MS, next.getTime() - now.getTime() - DAY);
  const closesAt = c.closes === null ? new Date(now.getTime() + fallback) : new Date(`${c.closes}T23:59:59Z`);
  if (closesAt.getTime() <= now.getTime() + 3_600_000) conflict(text('survey.closesTooSoon'));
  // The link that lets people change their answers lives until the close: not for long.
  if (closesAt.getTime() > now.getTime() + MAX_OPEN_MS) conflict(text('survey.closesTooLate', { days: MAX_OPEN_MS / DAY }));
  if (next !== null && closesAt >= next) conflict(text('survey.closesAfterNext', { next: date(next) }));
  const recipients = await recipientsOf(deps, actor, group, c.audience);
  if (recipients.length === 0) conflict(text('survey.nobody', { group: group.name }));
  const plan: Plan = { series, template: c.template, ...template, anonymous: c.anonymous, audience: c.audience, repeat: c.repeat, reminders: c.reminders, closesAt };
  const survey = (await launch(deps, actor, group, plan, recipients)) as Survey;
  const started = text('survey.started', { template: surveyTitle(survey), count: recipients.length, group: group.name, anonymity: text(survey.anonymous ? 'survey.anonymousWord' : 'survey.namedWord') });
  return { kind: 'text', text: next === null ? started : text('survey.startedRepeating', { started, repeat: text(`survey.repeat.${c.repeat}`), next: date(next) }) };
}

/**
 * The job when a repeating survey's next run is due: the same survey again (same
 * template, audience, anonymity, length and reminders), started in the name of whoever
 * started the series, while they still may. The previous run hands the series on in
 * the same transaction that creates the next, so a retried job starts nothing twice.
 */
export async function repeatSurvey(deps: SurveyDeps, surveyId: string, run: number): Promise<void> {
  const v = await load(deps, surveyId);
  if (v === null || v.survey.repeat === null || v.survey.series === null || v.group.status !== 'active') return;
  const starter = await deps.store.people.get(v.survey.createdBy);
  if (starter === null) return;
  const actor: Actor = { workspace: v.workspace, person: starter, locale: localeOf(deps, v.workspace, starter), isSuperAdmin: await isSuperAdminPerson(deps, starter) };
  const tell = (t: Text) => deps.messaging.sendPrivate(v.workspace, starter, { locale: actor.locale, text: t });
  if (starter.employment === 'inactive' || !can(await holdersOf(deps, actor, v.group), SURVEY_PERMISSIONS['survey.run'])) {
    await deps.store.surveys.stopRepeating(v.group.id);
    await deps.store.audit.append(byActor(actor, 'survey.repeat', { targetType: 'survey', targetId: surveyId, groupId: v.group.id, outcome: 'refused' }), deps.clock.now());
    if (starter.employment !== 'inactive') await tell(text('survey.repeatStopped', { group: v.group.name }));
    return;
  }
  const { repeat, series } = v.survey;
  // This run is skipped (someone else's survey is open, nobody to ask): the series goes on with the one after.
  const skip = () => deps.jobs.send(REPEAT_JOB, { workspaceId: v.workspace.id, surveyId, run: run + 1 }, { key: `${surveyId}:${run + 1}`, at: runAt(series, repeat, run + 1) });
  const latest = await deps.store.surveys.latestInGroup(v.group.id);
  if (latest !== null && latest.state === 'open' && latest.id !== surveyId) return skip();
  if (latest?.id === surveyId && latest.state === 'open') await closeSurvey(deps, surveyId);
  const recipients = await recipientsOf(deps, actor, v.group, v.survey.audience);
  if (recipients.length === 0) return skip();
  const span = v.survey.closesAt.getTime() - v.survey.createdAt.getTime();
  const plan: Plan = {
    series: { ...series, run },
    template: v.survey.template,
    title: v.survey.title,
    questions: v.survey.questions,
    anonymous: v.survey.anonymous,
    audience: v.survey.audience,
    repeat,
    reminders: v.survey.remindersPlanned,
    closesAt: new Date(deps.clock.now().getTime() + span),
  };
  const next = await launch(deps, actor, v.group, plan, recipients, (tx) => tx.surveys.handOn(surveyId));
  if (next !== null) await tell(text('survey.repeated', { template: surveyTitle(next), group: v.group.name, count: recipients.length }));
}

/** `survey stop`: the group's repeating survey starts no more (the open run, if any, goes on to its close). */
export async function stopCommand(deps: SurveyDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayRun(deps, ctx.actor, group, 'survey.stop');
  const stopped = await deps.store.surveys.stopRepeating(group.id);
  if (stopped.length === 0) return { kind: 'text', text: text('survey.notRepeating', { group: group.name }) };
  // The next run's job finds the series stopped and starts nothing.
  await deps.store.audit.append(byActor(ctx.actor, 'survey.stop', { targetType: 'group', targetId: group.id, groupId: group.id }), deps.clock.now());
  return { kind: 'text', text: text('survey.stopped', { group: group.name }) };
}

/** The job: the survey to every recipient, through the shared sender; it runs again when the limits say wait. */
export async function sendSurvey(deps: SurveyDeps, surveyId: string): Promise<void> {
  const v = await load(deps, surveyId);
  if (v === null || v.survey.state !== 'open') return;
  const recipients = await deps.store.people.getMany(await deps.store.surveys.recipientIds(surveyId));
  const r = await fanOut(deps, { workspace: v.workspace, subjectType: SUBJECT, subjectId: surveyId, recipients, message: (_p, locale) => ({ locale, card: surveyCard(v, null) }) });
  if (r.resumeAt !== null) await deps.jobs.send(SEND_JOB, { workspaceId: v.workspace.id, surveyId }, { key: `${surveyId}:${r.resumeAt.getTime()}`, at: r.resumeAt });
}

function parseAnswer(v: View, inputs: Record<string, string>): { ok: true; answer: Answer } | { ok: false; errors: Record<string, Text> } {
  const errors: Record<string, Text> = {};
  const scores: Record<string, number> = {};
  for (const q of v.survey.questions) {
    const raw = (inputs[q.id] ?? '').trim();
    const n = /^\d{1,3}$/.test(raw) ? Number(raw) : NaN;
    if (Number.isNaN(n) || n < q.min || n > q.max) errors[q.id] = text('survey.form.range', { min: q.min, max: q.max });
    else scores[q.id] = n;
  }
  const comment = (inputs['comment'] ?? '').trim();
  if (comment.length > COMMENT_MAX) errors['comment'] = text('survey.form.commentTooLong', { max: COMMENT_MAX });
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, answer: { scores, comment: comment === '' ? null : comment } };
}

export async function answerSurvey(deps: SurveyDeps, actor: Actor, surveyId: string, inputs: Record<string, string>): Promise<ActionResult> {
  const v = await load(deps, surveyId);
  if (v === null || v.workspace.id !== actor.workspace.id) notFound(text('survey.unknown'));
  const mine = await deps.store.surveys.recipient(surveyId, actor.person.id);
  if (mine === null) notAllowed(text('survey.notYours'));
  if (v.survey.state !== 'open') return { kind: 'card', card: surveyCard(v, null, { notice: text('survey.closedNotice') }), notice: text('survey.closedNotice') };
  const answered = v.survey.questions.some((q) => inputs[q.id] !== undefined);
  // No answers in the click: the questions (a Slack modal; on Teams the card with its inputs).
  if (!answered) {
    const card: SurveyCard = { ...surveyCard(v, null), form: answerForm(v, mine.answer) };
    return { kind: 'form', form: answerForm(v, mine.answer), card };
  }
  const parsed = parseAnswer(v, inputs);
  if (!parsed.ok) {
    const form = answerForm(v, mine.answer, parsed.errors, inputs);
    const card: SurveyCard = { ...surveyCard(v, null), form };
    return { kind: 'form', form, card };
  }
  const saved = await deps.store.surveys.saveAnswer(surveyId, actor.person.id, !v.survey.anonymous, parsed.answer);
  if (saved === 'closed') return { kind: 'card', card: surveyCard({ ...v, survey: { ...v.survey, state: 'closed' } }, null), notice: text('survey.closedNotice') };
  const notice = text(saved === 'saved' ? 'survey.thanks' : 'survey.changed');
  // The person's own copy shows their answer (a Slack modal's submission does not touch the card it came from).
  const answer = parsed.answer;
  deps.defer('survey.card', async () => {
    for (const post of await deps.store.cardPosts.listFor(SUBJECT, surveyId)) {
      if (post.recipientId === actor.person.id) await deps.messaging.updateCard(v.workspace, post, surveyCard(v, answer));
    }
  });
  return { kind: 'card', card: surveyCard(v, answer, { notice }), notice };
}

/** The job: reminder n to those who have not answered, through the shared sender (resumed when the limits say wait). */
export async function remindSurvey(deps: SurveyDeps, surveyId: string, n: number, resume = false): Promise<void> {
  const v = await load(deps, surveyId);
  if (v === null || v.survey.state !== 'open') return;
  if (!resume && !(await deps.store.surveys.claimReminder(surveyId, n))) return;
  const recipients = await deps.store.people.getMany(await deps.store.surveys.unanswered(surveyId));
  const r = await fanOut(deps, {
    workspace: v.workspace,
    subjectType: 'survey-reminder',
    subjectId: `${surveyId}:${n}`,
    cardSubject: null,
    recipients,
    message: (_p, locale) => ({ locale, text: text('survey.reminder', { template: surveyTitle(v.survey), group: v.group.name, n, of: v.survey.remindersPlanned }) }),
  });
  if (r.resumeAt !== null) await deps.jobs.send(REMIND_JOB, { workspaceId: v.workspace.id, surveyId, n, resume: true }, { key: `${surveyId}:${n}:${r.resumeAt.getTime()}`, at: r.resumeAt });
}

/** A breakdown, free text and the export: only once closed (a breakdown watched after each answer would show that answer) and from 5 answers on. */
const enoughFor = (survey: Survey, answers: number): boolean => answers >= ANONYMITY_THRESHOLD && survey.state === 'closed';

function resultsCard(v: View, answers: Answer[], download: SurveyResultsCard['download'] = null): SurveyResultsCard {
  const enough = enoughFor(v.survey, answers.length);
  const questions = v.survey.questions;
  const percents = answers.flatMap((a) => questions.map((q) => asPercent(q, a.scores[q.id] ?? q.min)));
  const mean = answers.length === 0 || !enough ? null : Math.round((percents.reduce((x, y) => x + y, 0) / percents.length) * 10) / 10;
  return {
    kind: 'survey.results',
    title: surveyTitle(v.survey),
    group: v.group.name,
    anonymous: v.survey.anonymous,
    closed: v.survey.state === 'closed',
    answered: answers.length,
    recipients: v.survey.recipients,
    mean,
    target: TARGET,
    questions: !enough
      ? []
      : questions.map((q) => {
          const values = answers.map((a) => a.scores[q.id] ?? q.min);
          const bars =
            q.max - q.min <= 10
              ? Array.from({ length: q.max - q.min + 1 }, (_, i) => ({ label: String(q.min + i), count: values.filter((x) => x === q.min + i).length }))
              : [
                  ['0–59', 0, 59],
                  ['60–69', 60, 69],
                  ['70–79', 70, 79],
                  ['80–89', 80, 89],
                  ['90–100', 90, 100],
                ].map(([label, lo, hi]) => ({ label: String(label), count: values.filter((x) => x >= Number(lo) && x <= Number(hi)).length }));
          return { question: questionText(v.survey, q), mean: Math.round((values.reduce((x, y) => x + y, 0) / values.length) * 10) / 10, bars };
        }),
    comments: enough ? answers.flatMap((a) => (a.comment === null ? [] : [a.comment])) : [],
    threshold: ANONYMITY_THRESHOLD,
    download,
  };
}

/** The job (or `survey close`): closed and the links destroyed, with the results job enqueued in the same transaction. */
export async function closeSurvey(deps: SurveyDeps, surveyId: string): Promise<void> {
  const v = await load(deps, surveyId);
  if (v === null) return;
  const closed = await deps.store.transaction(async (tx) => {
    if (!(await tx.surveys.close(surveyId))) return false;
    await deps.jobs.send(RESULTS_JOB, { workspaceId: v.workspace.id, surveyId }, { key: surveyId, in: tx });
    return true;
  });
  if (!closed) return;
  await deps.jobs.cancel(CLOSE_JOB, surveyId);
  // Old row versions that still held the links are removed now, not at the next autovacuum.
  await deps.store.surveys.vacuum().catch((err: unknown) => deps.log.warn({ err }, 'could not vacuum the survey tables'));
  const shut: View = { ...v, survey: { ...v.survey, state: 'closed' } };
  deps.defer('survey.cards', () => updateCopies(deps, v.workspace, SUBJECT, surveyId, () => surveyCard(shut, null)));
}

/** The job: the results to whoever started the survey (retried until sent). */
export async function sendResults(deps: SurveyDeps, surveyId: string): Promise<void> {
  const v = await load(deps, surveyId);
  if (v === null || v.survey.state !== 'closed') return;
  const starter = await deps.store.people.get(v.survey.createdBy);
  if (starter === null) return;
  await deps.messaging.sendPrivate(v.workspace, starter, { locale: localeOf(deps, v.workspace, starter), card: resultsCard(v, await deps.store.surveys.answers(surveyId)) });
}

export async function closeCommand(deps: SurveyDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayRun(deps, ctx.actor, group, 'survey.close');
  const s = await deps.store.surveys.latestInGroup(group.id);
  if (s === null || s.state !== 'open') notFound(text('survey.noneOpen', { group: group.name }));
  await deps.store.audit.append(byActor(ctx.actor, 'survey.close', { targetType: 'survey', targetId: s.id, groupId: group.id }), deps.clock.now());
  await closeSurvey(deps, s.id);
  return { kind: 'text', text: text('survey.closedText', { group: group.name }) };
}

/** The latest survey's results, live while it is open (the group's admins). */
export async function resultsCommand(deps: SurveyDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  await mayRun(deps, ctx.actor, group, 'survey.results');
  const s = await deps.store.surveys.latestInGroup(group.id);
  if (s === null) return { kind: 'text', text: text('survey.none', { group: group.name }) };
  const v = await load(deps, s.id);
  if (v === null) notFound(text('survey.unknown'));
  const answers = await deps.store.surveys.answers(s.id);
  const download = enoughFor(v.survey, answers.length) ? await issueExportLink(deps, ctx.actor, EXPORT, s.id) : null;
  // Comments, and a link that works for whoever holds it: for the asker's eyes only.
  return answerPrivately(deps, ctx.actor, ctx.conversation, resultsCard(v, answers, download));
}

/**
 * The answers as CSV (SURV-3), checked again when the link is opened: closed surveys
 * from 5 answers on. Anonymous: the scores and comments only, in the order the close
 * shuffled them; named: with who answered.
 */
export async function answersExport(deps: SurveyDeps, actor: Actor, surveyId: string): Promise<ExportTable> {
  const v = await load(deps, surveyId);
  if (v === null || v.workspace.id !== actor.workspace.id) notFound(text('survey.unknown'));
  await mayRun(deps, actor, v.group, 'survey.export');
  const answers = await deps.store.surveys.answers(surveyId);
  if (!enoughFor(v.survey, answers.length)) notAllowed(text('survey.exportTooFew', { threshold: ANONYMITY_THRESHOLD }));
  const people = v.survey.anonymous ? new Map<string, Person>() : new Map((await deps.store.people.getMany(answers.flatMap((a) => (a.personId === null ? [] : [a.personId])))).map((p) => [p.id, p]));
  await deps.store.audit.append(byActor(actor, 'survey.export', { targetType: 'survey', targetId: surveyId, groupId: v.group.id, details: { rows: answers.length, anonymous: v.survey.anonymous } }), deps.clock.now());
  return {
    filename: `survey-${v.group.name}-${v.survey.createdAt.toISOString().slice(0, 10)}`,
    columns: [...(v.survey.anonymous ? [] : [text('survey.export.person')]), ...v.survey.questions.map((q) => text('survey.export.question', { question: questionText(v.survey, q), min: q.min, max: q.max })), text('survey.export.comment')],
    rows: answers.map((a) => {
      const person = a.personId === null ? undefined : people.get(a.personId);
      return [...(v.survey.anonymous ? [] : [person === undefined ? '' : (person.realName ?? person.displayName)]), ...v.survey.questions.map((q) => String(a.scores[q.id] ?? '')), a.comment ?? ''];
    }),
  };
}
