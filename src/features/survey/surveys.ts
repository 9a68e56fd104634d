// SURV-1..3: a survey started in a governed group goes privately to each member (or
// to the group's admins, `--to managers`), who answers inside the card: on Teams with
// the inputs on the card, on Slack in a modal the card's button opens. One answer per
// person, changeable until the close. Non-responders are reminded twice; at the close
// (a date, default a week) the link from people to answers is destroyed and the
// starter gets the results: response rate, mean against the target, the distribution
// and free text — no breakdown and no free text below 5 answers.
import { holdersOf, localeOf, personForMember } from '../../core/actor.js';
import type { CardAction, FormField, FormModel } from '../../core/cards.js';
import { updateCopies } from '../../core/copies.js';
import { fanOut } from '../../core/fanout.js';
import { conflict, notAllowed, notFound, unavailable } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text, type Text } from '../../core/messages.js';
import type { Actor, Group, Person, Workspace } from '../../core/model.js';
import { can, definePermissions } from '../../core/permissions.js';
import type { CoreDeps } from '../../core/ports.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import type { SurveyCard, SurveyResultsCard } from './cards.js';
import type { Answer, Audience, Survey, SurveyStore, Template } from './store.js';
import { ANONYMITY_THRESHOLD, asPercent, COMMENT_MAX, TARGET, TEMPLATES } from './templates.js';

export type SurveyDeps = CoreDeps<SurveyStore>;

export const SURVEY_PERMISSIONS = definePermissions({
  'survey.run': ['super-admin', 'owner', 'moderator'],
});

export const SEND_JOB = 'survey.send';
export const CLOSE_JOB = 'survey.close';
export const REMIND_JOB = 'survey.remind';
export const RESULTS_JOB = 'survey.results';
const SUBJECT = 'survey';
const DAY = 86_400_000;
const DEFAULT_OPEN_MS = 7 * DAY;
const MAX_OPEN_MS = 90 * DAY;
const REMINDERS = 2;

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

const questionText = (template: Template, id: string): Text => text(`survey.questions.${template}.${id}`);

function answerForm(v: View, answer: Answer | null, errors: Record<string, Text> = {}, values: Record<string, string> = {}): FormModel {
  const t = v.survey.template;
  const fields: FormField[] = TEMPLATES[t].map((q) => ({
    id: q.id,
    label: text('survey.form.question', { question: questionText(t, q.id), min: q.min, max: q.max }),
    multiline: false,
    required: true,
    maxLength: 3,
    ...((values[q.id] ?? (answer !== null ? String(answer.scores[q.id] ?? '') : undefined)) !== undefined ? { value: values[q.id] ?? String(answer?.scores[q.id] ?? '') } : {}),
    ...(errors[q.id] !== undefined ? { error: errors[q.id] } : {}),
  }));
  const comment = values['comment'] ?? answer?.comment ?? undefined;
  fields.push({ id: 'comment', label: text('survey.form.comment'), multiline: true, required: false, maxLength: COMMENT_MAX, ...(comment !== undefined ? { value: comment } : {}), ...(errors['comment'] !== undefined ? { error: errors['comment'] } : {}) });
  return {
    action: { id: 'survey.answer', payload: { surveyId: v.survey.id }, style: 'primary', label: text('survey.form.submit') },
    open: { id: 'survey.answer', payload: { surveyId: v.survey.id }, label: text('survey.card.answer') },
    title: text(`survey.templates.${t}`),
    intro: text(v.survey.anonymous ? 'survey.form.introAnonymous' : 'survey.form.introNamed', { group: v.group.name }),
    fields,
  };
}

function surveyCard(v: View, answer: Answer | null, extra: { notice?: Text | null } = {}): SurveyCard {
  const open = v.survey.state === 'open';
  const t = v.survey.template;
  const actions: CardAction[] = open ? [{ id: 'survey.answer', payload: { surveyId: v.survey.id }, style: 'primary', label: text(answer === null ? 'survey.card.answer' : 'survey.card.change') }] : [];
  return {
    kind: 'survey.survey',
    surveyId: v.survey.id,
    template: t,
    group: v.group.name,
    anonymous: v.survey.anonymous,
    closesAt: v.survey.closesAt,
    state: !open ? 'closed' : answer === null ? 'open' : 'answered',
    // Teams: the questions on the card until answered; a change brings them back.
    form: open && answer === null ? answerForm(v, null) : null,
    mine:
      answer === null || !open
        ? []
        : [...TEMPLATES[t].map((q) => ({ question: questionText(t, q.id), value: String(answer.scores[q.id] ?? '') })), ...(answer.comment !== null ? [{ question: text('survey.form.comment'), value: answer.comment }] : [])],
    actions,
    notice: extra.notice ?? null,
  };
}

async function mayRun(deps: SurveyDeps, actor: Actor, group: Group, action: string): Promise<void> {
  if (can(await holdersOf(deps, actor, group), SURVEY_PERMISSIONS['survey.run'])) return;
  await deps.store.audit.append(byActor(actor, action, { targetType: 'group', targetId: group.id, groupId: group.id, outcome: 'refused' }), deps.clock.now());
  notAllowed(text('survey.forbidden', { group: group.name }));
}

export async function startSurvey(deps: SurveyDeps, ctx: CommandContext, c: { template: Template; anonymous: boolean; closes: string | null; audience: Audience }): Promise<Reply> {
  const { actor } = ctx;
  const group = await groupHere(deps, actor, ctx.conversation);
  await mayRun(deps, actor, group, 'survey.start');
  // One open survey per group: `survey results` and `survey close` speak of it.
  const latest = await deps.store.surveys.latestInGroup(group.id);
  if (latest !== null && latest.state === 'open') conflict(text('survey.alreadyOpen', { group: group.name }));
  const now = deps.clock.now();
  const closesAt = c.closes === null ? new Date(now.getTime() + DEFAULT_OPEN_MS) : new Date(`${c.closes}T23:59:59Z`);
  if (closesAt.getTime() <= now.getTime() + 3_600_000) conflict(text('survey.closesTooSoon'));
  // The link that lets people change their answers lives until the close: not for long.
  if (closesAt.getTime() > now.getTime() + MAX_OPEN_MS) conflict(text('survey.closesTooLate', { days: MAX_OPEN_MS / DAY }));
  let people: Person[];
  if (c.audience === 'managers') {
    const ids = [...new Set((await deps.store.roles.listForGroup(group.id)).map((g) => g.personId))];
    people = await deps.store.people.getMany(ids);
  } else {
    const members = await deps.membership.listMembers(actor.workspace, group);
    if (members === 'unknown') unavailable(text('survey.membersUnknown'));
    people = [];
    for (const m of members) people.push(await personForMember(deps, actor.workspace, m));
  }
  const recipients = people.filter((p) => p.id !== actor.person.id && p.employment !== 'inactive');
  if (recipients.length === 0) conflict(text('survey.nobody', { group: group.name }));
  const survey = await deps.store.transaction(async (tx) => {
    const s = await tx.surveys.create({ workspaceId: actor.workspace.id, groupId: group.id, template: c.template, anonymous: c.anonymous, audience: c.audience, createdBy: actor.person.id, createdAt: now, closesAt }, recipients.map((p) => p.id));
    await tx.audit.append(byActor(actor, 'survey.start', { targetType: 'survey', targetId: s.id, groupId: group.id, details: { template: c.template, anonymous: c.anonymous, audience: c.audience, recipients: recipients.length } }), now);
    const workspaceId = actor.workspace.id;
    await deps.jobs.send(SEND_JOB, { workspaceId, surveyId: s.id }, { key: s.id, in: tx });
    await deps.jobs.send(CLOSE_JOB, { workspaceId, surveyId: s.id }, { key: s.id, at: closesAt, in: tx });
    const span = closesAt.getTime() - now.getTime();
    for (let n = 1; n <= REMINDERS; n += 1) await deps.jobs.send(REMIND_JOB, { workspaceId, surveyId: s.id, n }, { key: `${s.id}:${n}`, at: new Date(now.getTime() + (span * n) / (REMINDERS + 1)), in: tx });
    return s;
  });
  return { kind: 'text', text: text('survey.started', { template: text(`survey.templates.${c.template}`), count: recipients.length, group: group.name, anonymity: text(survey.anonymous ? 'survey.anonymousWord' : 'survey.namedWord') }) };
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
  for (const q of TEMPLATES[v.survey.template]) {
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
  const answered = TEMPLATES[v.survey.template].some((q) => inputs[q.id] !== undefined);
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
    message: (_p, locale) => ({ locale, text: text('survey.reminder', { template: text(`survey.templates.${v.survey.template}`), group: v.group.name, n, of: REMINDERS }) }),
  });
  if (r.resumeAt !== null) await deps.jobs.send(REMIND_JOB, { workspaceId: v.workspace.id, surveyId, n, resume: true }, { key: `${surveyId}:${n}:${r.resumeAt.getTime()}`, at: r.resumeAt });
}

function resultsCard(v: View, answers: Answer[]): SurveyResultsCard {
  const t = v.survey.template;
  // While open, only the count: a breakdown watched after each answer would show that answer.
  const enough = answers.length >= ANONYMITY_THRESHOLD && v.survey.state === 'closed';
  const questions = TEMPLATES[t];
  const percents = answers.flatMap((a) => questions.map((q) => asPercent(q, a.scores[q.id] ?? q.min)));
  const mean = answers.length === 0 || !enough ? null : Math.round((percents.reduce((x, y) => x + y, 0) / percents.length) * 10) / 10;
  return {
    kind: 'survey.results',
    template: t,
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
          return { question: questionText(t, q.id), mean: Math.round((values.reduce((x, y) => x + y, 0) / values.length) * 10) / 10, bars };
        }),
    comments: enough ? answers.flatMap((a) => (a.comment === null ? [] : [a.comment])) : [],
    threshold: ANONYMITY_THRESHOLD,
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
  return { kind: 'card', card: resultsCard(v, await deps.store.surveys.answers(s.id)) };
}
