// The moderators' side of MSG-6..9. An alert on a message is a card to the group's
// owners and moderators (for sensitive data also the security contacts: the super
// admins), sent by a durable job: rule, author, group, a link to the message and
// the redacted samples; buttons to remove the message (with a reason), dismiss it
// as a false positive (which stops it counting toward escalation; "allow" also
// teaches the list an allowed phrase), or escalate. An escalation (the third
// violation in 30 days by default, or a moderator's click) is a card with the
// person's history — rules and times, no content — and buttons to warn the
// person formally or remove them from the group with a reason. The first decision
// wins (conditional updates); every copy is updated; authority is checked on every
// click.
import { groupAdminsOf, holdersOf, localeOf, superAdminsOf } from '../../core/actor.js';
import { removalIsTeamWide } from '../../core/removal.js';
import type { CardAction, FormModel } from '../../core/cards.js';
import { tell, updateCopies } from '../../core/copies.js';
import { notAllowed, notFound } from '../../core/errors.js';
import { text, type Text } from '../../core/messages.js';
import { isUuid, qualifiedId, type Actor, type Group, type Person, type Workspace } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { ActionResult } from '../../core/replies.js';
import { loadPolicy } from '../../core/settings.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor } from '../audit/entries.js';
import type { AlertCard, EscalationCard } from './cards.js';
import { MAX_PATTERN_LENGTH, validateEntry } from './engine/index.js';
import { forgetMatcher, KEYWORD_PERMISSIONS, matcherFor, type KeywordDeps } from './lists.js';
import { ruleText } from './rules.js';
import { ESCALATE_WINDOW } from './settings.js';
import type { Escalation, ModerationAlert } from './store.js';

export const ALERT_JOB = 'keywords.alert';
export const ESCALATE_JOB = 'keywords.escalate';
const ALERT_SUBJECT = 'moderation_alert';
const ESCALATION_SUBJECT = 'escalation';
export const REASON_MAX = 500;
const HISTORY_MAX = 10;

/** The group's owners and moderators; with `security`, the super admins too. Inactive accounts are left out. */
async function moderatorsOf(deps: KeywordDeps, workspace: Workspace, group: Group, security: boolean): Promise<Person[]> {
  const people = new Map((await groupAdminsOf(deps, group)).map((p) => [p.id, p]));
  if (security) for (const p of await superAdminsOf(deps, workspace)) people.set(p.id, p);
  return [...people.values()];
}

/** Who among these people manages the lists: super admins, configured or granted. */
async function managersAmong(deps: KeywordDeps, workspace: Workspace, people: readonly Person[]): Promise<Set<string>> {
  const granted = new Set((await deps.store.roles.listSuperAdmins(workspace.id)).map((g) => g.personId));
  return new Set(people.filter((p) => granted.has(p.id) || deps.settings.superAdmins.has(qualifiedId(p))).map((p) => p.id));
}

/**
 * MSG-9, inside the transaction that recorded a violation (or a moderator's
 * Escalate): one escalation open per person and group; after a decision,
 * violations count again from then.
 */
export async function escalateIfDue(
  deps: KeywordDeps,
  tx: KeywordDeps['store'],
  who: { workspaceId: string; groupId: string; personId: string },
  windowStart: Date,
  threshold: number,
  now: Date,
  force = false,
): Promise<Escalation | null> {
  await tx.escalations.lock(who.groupId, who.personId);
  const last = await tx.escalations.latest(who.groupId, who.personId);
  if (last !== null && (last.state === 'open' || last.state === 'removing')) return null;
  const lastDecision = last?.decidedAt ?? last?.createdAt ?? null;
  const since = lastDecision !== null && lastDecision > windowStart ? lastDecision : windowStart;
  const count = await tx.findings.countMessages(who.personId, who.groupId, since);
  if (!force && count < threshold) return null;
  const e = await tx.escalations.create({ ...who, count: Math.max(count, 1) }, now);
  await deps.jobs.send(ESCALATE_JOB, { workspaceId: who.workspaceId, escalationId: e.id }, { key: e.id, in: tx });
  return e;
}

async function mayModerate(deps: KeywordDeps, actor: Actor, group: Group, target: Person): Promise<boolean> {
  if (actor.person.id === target.id) return false;
  return can(await holdersOf(deps, actor, group), KEYWORD_PERMISSIONS['keywords.moderate']);
}

async function sendCopies(deps: KeywordDeps, workspace: Workspace, subject: string, id: string, to: Person[], card: (recipient: Person) => AlertCard | EscalationCard): Promise<void> {
  const already = new Set((await deps.store.cardPosts.listFor(subject, id)).map((p) => p.recipientId));
  for (const person of to) {
    if (already.has(person.id)) continue;
    const locale = localeOf(deps, workspace, person);
    try {
      const posted = await deps.messaging.sendPrivate(workspace, person, { locale, card: card(person) });
      await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType: subject, subjectId: id, recipientId: person.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, subject, id, recipientId: person.id }, 'could not send a moderator card');
    }
  }
}

// ---------------------------------------------------------------- alerts

interface AlertView {
  workspace: Workspace;
  alert: ModerationAlert;
  group: Group;
  author: Person;
  decider: Person | null;
  moderators: Person[];
  lists: Awaited<ReturnType<typeof matcherFor>>['lists'];
}

async function loadAlert(deps: KeywordDeps, alertId: string, security = true): Promise<AlertView | null> {
  if (!isUuid(alertId)) return null;
  const alert = await deps.store.alerts.get(alertId);
  if (alert === null) return null;
  const [workspace, group, author] = await Promise.all([deps.store.workspaces.get(alert.workspaceId), deps.store.groups.get(alert.groupId), deps.store.people.get(alert.authorId)]);
  if (workspace === null || group === null || author === null) return null;
  const decider = alert.decidedBy === null ? null : await deps.store.people.get(alert.decidedBy);
  const sensitive = security && alert.findings.some((f) => f.source === 'dlp' || f.source === 'file');
  const moderators = (await moderatorsOf(deps, workspace, group, sensitive)).filter((p) => p.id !== author.id);
  const lists = (await matcherFor(deps, workspace.id)).lists;
  return { workspace, alert, group, author, decider, moderators, lists };
}

function alertCard(deps: KeywordDeps, v: AlertView, extra: { shared?: boolean; notice?: Text | null; reasonError?: Text | null; mayAllow?: boolean } = {}): AlertCard {
  const { alert } = v;
  const payload = { alertId: alert.id };
  const open = alert.state === 'open';
  const keywordHit = alert.findings.some((f) => f.source === 'keyword');
  const actions: CardAction[] = open
    ? [
        ...(!alert.removed && deps.capabilities.deleteMessage ? [{ id: 'keywords.remove', payload, style: 'danger' as const, inputs: ['reason'], label: text('keywords.alert.remove') }] : []),
        { id: 'keywords.dismiss', payload, label: text('keywords.alert.dismiss') },
        // Teaching a list an allowed phrase is for those who manage the lists.
        ...(keywordHit && extra.mayAllow === true ? [{ id: 'keywords.allow', payload, label: text('keywords.alert.allow'), dialog: true }] : []),
        { id: 'keywords.escalate', payload, label: text('keywords.alert.escalate') },
      ]
    : [];
  return {
    kind: 'keywords.alert',
    alertId: alert.id,
    group: v.group.name,
    author: mentionOf(v.author),
    at: alert.createdAt,
    link: alert.link,
    findings: alert.findings.map((f) => ({ source: f.source, rule: ruleText(f.source, f.rule, v.lists.find((l) => l.key === f.rule)?.names), sample: f.sample, confidence: f.confidence })),
    removed: alert.removed || alert.state === 'removed',
    state: alert.state,
    decision: alert.decidedAt === null || alert.state === 'open' || alert.state === 'removing' ? null : { by: v.decider === null ? null : mentionOf(v.decider), at: alert.decidedAt, reason: alert.reason },
    moderators: v.moderators.map((p) => p.address),
    actions,
    shared: extra.shared ?? false,
    notice: extra.notice ?? null,
    reasonError: extra.reasonError ?? null,
  };
}

/** The job: a card to every moderator who has none yet (safe to run again). */
export async function sendAlert(deps: KeywordDeps, alertId: string, security: boolean): Promise<void> {
  let v = await loadAlert(deps, alertId, security);
  if (v === null) return;
  if (v.alert.link === null) {
    // A link to the message (the card carries no text of it); without one the card still says where and when.
    let link: string | null = null;
    try {
      link = await deps.messaging.messageLink(v.workspace, v.group, v.alert.messageId);
    } catch (err) {
      deps.log.warn({ err, alertId }, 'could not get a link to the message');
    }
    if (link !== null) {
      await deps.store.alerts.setLink(alertId, link);
      v = { ...v, alert: { ...v.alert, link } };
    }
  }
  const view = v;
  const managers = await managersAmong(deps, view.workspace, view.moderators);
  await sendCopies(deps, view.workspace, ALERT_SUBJECT, alertId, view.moderators, (to) => alertCard(deps, view, { mayAllow: managers.has(to.id) }));
}

async function alertFor(deps: KeywordDeps, actor: Actor, alertId: string): Promise<AlertView> {
  const v = await loadAlert(deps, alertId);
  if (v === null || v.workspace.id !== actor.workspace.id) notFound(text('keywords.alert.unknown'));
  return v;
}

function removeForm(action: string, payload: Record<string, string>, value: string | null, error: Text | null, intro: Text): FormModel {
  return {
    action: { id: action, payload, label: { key: 'keywords.removeForm.submit' } },
    title: text('keywords.removeForm.title'),
    intro,
    fields: [{ id: 'reason', label: text('keywords.removeForm.reason'), multiline: true, required: true, maxLength: REASON_MAX, ...(value !== null ? { value } : {}), ...(error !== null ? { error } : {}) }],
  };
}

function reasonCheck(reason: string | null): { ok: true; reason: string } | { ok: false; error: Text | null } {
  const given = reason?.trim() ?? null;
  if (given === null) return { ok: false, error: null };
  if (given === '') return { ok: false, error: text('keywords.removeForm.required') };
  if (given.length > REASON_MAX) return { ok: false, error: text('keywords.removeForm.tooLong', { max: REASON_MAX }) };
  return { ok: true, reason: given };
}

export type AlertVerdict = 'remove' | 'dismiss' | 'escalate';

/** A removal that has not finished after this long (its process died) may be claimed again. */
const STALE_REMOVAL_MS = 5 * 60_000;

async function refuse(deps: KeywordDeps, actor: Actor, action: string, targetType: string, id: string, group: Group): Promise<never> {
  await deps.store.audit.append(byActor(actor, action, { targetType, targetId: id, groupId: group.id, outcome: 'refused' }), deps.clock.now());
  notAllowed(text('keywords.alert.notAllowed'));
}

function alreadyAlert(deps: KeywordDeps, fresh: AlertView): ActionResult {
  const notice = fresh.alert.state === 'removing' ? text('keywords.alert.beingRemoved') : text(`keywords.alert.already.${fresh.alert.state}`, { by: fresh.decider === null ? text('keywords.system') : mentionOf(fresh.decider) });
  return { kind: 'card', card: alertCard(deps, fresh, { notice }), notice };
}

function updateAlertCards(deps: KeywordDeps, v: AlertView): void {
  deps.defer('keywords.alert.cards', () => updateCopies(deps, v.workspace, ALERT_SUBJECT, v.alert.id, (shared) => alertCard(deps, v, { shared })));
}

export async function decideAlert(deps: KeywordDeps, actor: Actor, verdict: AlertVerdict, alertId: string, reason: string | null): Promise<ActionResult> {
  const v = await alertFor(deps, actor, alertId);
  const action = `keywords.${verdict}`;
  if (!(await mayModerate(deps, actor, v.group, v.author))) return refuse(deps, actor, action, 'moderation_alert', alertId, v.group);
  if (v.alert.state !== 'open') return alreadyAlert(deps, v);
  const now = deps.clock.now();

  if (verdict === 'remove') {
    const checked = reasonCheck(reason);
    if (!checked.ok) {
      const intro = text('keywords.removeForm.introMessage', { person: mentionOf(v.author), group: v.group.name });
      return { kind: 'form', form: removeForm('keywords.remove', { alertId }, reason, checked.error, intro), card: alertCard(deps, v, { reasonError: checked.error }) };
    }
    if (!deps.capabilities.deleteMessage) return { kind: 'notice', notice: text('keywords.alert.cannotRemove') };
    // Claimed first, so a dismissal cannot win while the message is being removed.
    const claimed = await deps.store.alerts.claimRemoval(alertId, actor.person.id, now, new Date(now.getTime() - STALE_REMOVAL_MS));
    if (claimed === null) return alreadyAlert(deps, await alertFor(deps, actor, alertId));
    let removed = false;
    try {
      removed = await deps.moderation.deleteMessage(v.workspace, v.group, v.alert.messageId);
    } catch (err) {
      deps.log.warn({ err, alertId }, 'removing a message failed');
    }
    const done = await deps.store.alerts.finishRemoval(alertId, removed, removed ? checked.reason : null, deps.clock.now());
    await deps.store.audit.append(
      byActor(actor, 'keywords.remove', { targetType: 'moderation_alert', targetId: alertId, groupId: v.group.id, reason: checked.reason, outcome: removed ? 'ok' : 'failed', details: { author: qualifiedId(v.author), message: v.alert.messageId } }),
      deps.clock.now(),
    );
    if (!removed || done === null) return { kind: 'notice', notice: text('keywords.alert.removeFailed') };
    await tell(deps, v.workspace, v.author, 'keywords.toAuthor.removedBy', { group: v.group.name, reason: checked.reason });
    const after: AlertView = { ...v, alert: done, decider: actor.person };
    updateAlertCards(deps, after);
    return { kind: 'card', card: alertCard(deps, after), notice: null };
  }

  // Read before the transaction: PGlite has one connection, which the transaction holds.
  const policy = await loadPolicy(deps, v.workspace.id, v.group);
  const decided = await deps.store.transaction(async (tx) => {
    const d = await tx.alerts.decide(alertId, verdict === 'dismiss' ? 'dismissed' : 'escalated', actor.person.id, now, null);
    if (d === null) return null;
    if (verdict === 'dismiss') await tx.findings.dismiss(v.group.id, v.alert.messageId);
    else await escalateIfDue(deps, tx, { workspaceId: v.workspace.id, groupId: v.group.id, personId: v.author.id }, new Date(now.getTime() - policy.get(ESCALATE_WINDOW)), 1, now, true);
    await tx.audit.append(byActor(actor, action, { targetType: 'moderation_alert', targetId: alertId, groupId: v.group.id, details: { author: qualifiedId(v.author), message: v.alert.messageId } }), now);
    return d;
  });
  if (decided === null) return alreadyAlert(deps, await alertFor(deps, actor, alertId));
  const after: AlertView = { ...v, alert: decided, decider: actor.person };
  updateAlertCards(deps, after);
  return { kind: 'card', card: alertCard(deps, after), notice: null };
}

/** "Dismiss and allow": a form for the phrase the list should allow from now on; then the alert is dismissed. */
export async function allowFromAlert(deps: KeywordDeps, actor: Actor, alertId: string, inputs: Record<string, string>): Promise<ActionResult> {
  const v = await alertFor(deps, actor, alertId);
  if (!(await mayModerate(deps, actor, v.group, v.author)) || !can(await holdersOf(deps, actor, null), KEYWORD_PERMISSIONS['keywords.manage'])) {
    await deps.store.audit.append(byActor(actor, 'keywords.allow', { targetType: 'moderation_alert', targetId: alertId, groupId: v.group.id, outcome: 'refused' }), deps.clock.now());
    notAllowed(text('keywords.alert.allowNotAllowed'));
  }
  if (v.alert.state !== 'open') return alreadyAlert(deps, v);
  const hit = v.alert.findings.find((f) => f.source === 'keyword');
  const list = v.lists.find((l) => l.key === hit?.rule);
  if (hit === undefined || list === undefined) notFound(text('keywords.alert.unknown'));
  const form = (value: string, error: Text | null): ActionResult => ({
    kind: 'form',
    form: {
      action: { id: 'keywords.allow', payload: { alertId }, label: { key: 'keywords.allowForm.submit' } },
      title: text('keywords.allowForm.title'),
      intro: text('keywords.allowForm.intro', { keyword: hit.sample }),
      fields: [{ id: 'phrase', label: text('keywords.allowForm.phrase'), multiline: false, required: true, maxLength: 200, value, ...(error !== null ? { error } : {}) }],
    },
    card: null,
  });
  const phrase = inputs['phrase'];
  if (phrase === undefined) return form(hit.sample, null);
  const checked = validateEntry('word', phrase);
  if (!checked.ok) return form(phrase, text(`keywords.rejected.${checked.reason}`, { pattern: phrase.slice(0, 80), max: MAX_PATTERN_LENGTH }));
  const now = deps.clock.now();
  const decided = await deps.store.transaction(async (tx) => {
    const d = await tx.alerts.decide(alertId, 'dismissed', actor.person.id, now, null);
    if (d === null) return null;
    await tx.findings.dismiss(v.group.id, v.alert.messageId);
    await tx.keywords.addEntries(list.id, [{ kind: 'allow', pattern: checked.pattern }], actor.person.id, now);
    await tx.keywords.bump(v.workspace.id);
    await tx.audit.append(byActor(actor, 'keyword.add', { targetType: 'keyword_list', targetId: list.key, details: { kind: 'allow', pattern: checked.pattern, alertId } }), now);
    await tx.audit.append(byActor(actor, 'keywords.dismiss', { targetType: 'moderation_alert', targetId: alertId, groupId: v.group.id, details: { author: qualifiedId(v.author), message: v.alert.messageId, allowed: checked.pattern } }), now);
    return d;
  });
  if (decided === null) return alreadyAlert(deps, await alertFor(deps, actor, alertId));
  forgetMatcher(deps, v.workspace.id);
  updateAlertCards(deps, { ...v, alert: decided, decider: actor.person });
  return { kind: 'notice', notice: text('keywords.allowForm.done', { phrase: checked.pattern }) };
}

/** Teams refresh of an alert card: only for those who moderate the group. */
export async function viewAlert(deps: KeywordDeps, actor: Actor, alertId: string): Promise<ActionResult> {
  const v = await alertFor(deps, actor, alertId);
  if (!(await mayModerate(deps, actor, v.group, v.author))) return refuse(deps, actor, 'keywords.review', 'moderation_alert', alertId, v.group);
  return { kind: 'card', card: alertCard(deps, v, { mayAllow: actor.isSuperAdmin }), notice: null };
}

// ---------------------------------------------------------------- escalations

interface EscalationView {
  workspace: Workspace;
  escalation: Escalation;
  group: Group;
  person: Person;
  decider: Person | null;
  moderators: Person[];
  history: EscalationCard['history'];
  windowMs: number;
}

async function loadEscalation(deps: KeywordDeps, id: string): Promise<EscalationView | null> {
  if (!isUuid(id)) return null;
  const escalation = await deps.store.escalations.get(id);
  if (escalation === null) return null;
  const [workspace, group, person] = await Promise.all([deps.store.workspaces.get(escalation.workspaceId), deps.store.groups.get(escalation.groupId), deps.store.people.get(escalation.personId)]);
  if (workspace === null || group === null || person === null) return null;
  const decider = escalation.decidedBy === null ? null : await deps.store.people.get(escalation.decidedBy);
  const windowMs = (await loadPolicy(deps, workspace.id, group)).get(ESCALATE_WINDOW);
  const lists = (await matcherFor(deps, workspace.id)).lists;
  const findings = await deps.store.findings.history(person.id, group.id, new Date(escalation.createdAt.getTime() - windowMs), escalation.createdAt, 100);
  const byMessage = new Map<string, EscalationCard['history'][number]>();
  for (const f of findings) {
    const entry = byMessage.get(f.messageId) ?? { at: f.createdAt, rules: [], link: null };
    entry.rules.push(ruleText(f.source, f.rule, lists.find((l) => l.key === f.rule)?.names));
    byMessage.set(f.messageId, entry);
  }
  const moderators = (await moderatorsOf(deps, workspace, group, false)).filter((p) => p.id !== person.id);
  return { workspace, escalation, group, person, decider, moderators, history: [...byMessage.values()].slice(0, HISTORY_MAX), windowMs };
}

function escalationCard(deps: KeywordDeps, v: EscalationView, extra: { shared?: boolean; notice?: Text | null; reasonError?: Text | null } = {}): EscalationCard {
  const e = v.escalation;
  const payload = { escalationId: e.id };
  return {
    kind: 'keywords.escalation',
    escalationId: e.id,
    group: v.group.name,
    person: mentionOf(v.person),
    count: e.count,
    windowDays: Math.round(v.windowMs / 86_400_000),
    history: v.history,
    state: e.state,
    decision: e.decidedAt === null || e.state === 'removing' ? null : { by: v.decider === null ? null : mentionOf(v.decider), at: e.decidedAt, reason: e.reason },
    moderators: v.moderators.map((p) => p.address),
    actions:
      e.state === 'open'
        ? [
            { id: 'keywords.warn-person', payload, style: 'primary', label: text('keywords.escalation.warn') },
            ...(deps.capabilities.removeMember ? [{ id: 'keywords.remove-person', payload, style: 'danger' as const, inputs: ['reason'], label: text('keywords.escalation.remove') }] : []),
          ]
        : [],
    shared: extra.shared ?? false,
    notice: extra.notice ?? null,
    reasonError: extra.reasonError ?? null,
  };
}

export async function sendEscalation(deps: KeywordDeps, escalationId: string): Promise<void> {
  const v = await loadEscalation(deps, escalationId);
  if (v === null) return;
  await sendCopies(deps, v.workspace, ESCALATION_SUBJECT, escalationId, v.moderators, () => escalationCard(deps, v));
}

async function escalationFor(deps: KeywordDeps, actor: Actor, id: string): Promise<EscalationView> {
  const v = await loadEscalation(deps, id);
  if (v === null || v.workspace.id !== actor.workspace.id) notFound(text('keywords.escalation.unknown'));
  return v;
}

/**
 * Why this person cannot be removed from the group here, or null: not someone who
 * holds a role in it or a super admin; and on Teams not from a channel whose team
 * holds other governed groups (removing a team member takes them out of every one).
 */
async function removalRefusal(deps: KeywordDeps, v: EscalationView): Promise<Text | null> {
  if (!deps.capabilities.removeMember) return text('keywords.escalation.cannotRemove');
  if (deps.settings.superAdmins.has(qualifiedId(v.person)) || (await deps.store.roles.rolesIn(v.person.id, v.group.id)).length > 0 || (await deps.store.roles.rolesIn(v.person.id, null)).length > 0) {
    return text('keywords.escalation.holdsRole');
  }
  if (await removalIsTeamWide(deps, v.group)) return text('keywords.escalation.teamWide');
  return null;
}

function alreadyEscalation(deps: KeywordDeps, fresh: EscalationView): ActionResult {
  const notice = text(`keywords.escalation.already.${fresh.escalation.state}`, { by: fresh.decider === null ? text('keywords.system') : mentionOf(fresh.decider) });
  return { kind: 'card', card: escalationCard(deps, fresh, { notice }), notice };
}

function updateEscalationCards(deps: KeywordDeps, v: EscalationView): void {
  deps.defer('keywords.escalation.cards', () => updateCopies(deps, v.workspace, ESCALATION_SUBJECT, v.escalation.id, (shared) => escalationCard(deps, v, { shared })));
}

export async function decideEscalation(deps: KeywordDeps, actor: Actor, verdict: 'warn' | 'remove', id: string, reason: string | null): Promise<ActionResult> {
  const v = await escalationFor(deps, actor, id);
  const action = verdict === 'warn' ? 'keywords.warn-person' : 'keywords.remove-person';
  if (!(await mayModerate(deps, actor, v.group, v.person))) return refuse(deps, actor, action, 'escalation', id, v.group);
  if (v.escalation.state !== 'open') return alreadyEscalation(deps, v);
  const now = deps.clock.now();
  const target = qualifiedId(v.person);
  if (verdict === 'warn') {
    const d = await deps.store.escalations.decide(id, 'open', 'warned', actor.person.id, now, null);
    if (d === null) return alreadyEscalation(deps, await escalationFor(deps, actor, id));
    await deps.store.audit.append(byActor(actor, 'keywords.warn-person', { targetType: 'person', targetId: target, groupId: v.group.id, details: { escalationId: id, count: v.escalation.count } }), now);
    await tell(deps, v.workspace, v.person, 'keywords.escalation.warning', { group: v.group.name, count: v.escalation.count, days: Math.round(v.windowMs / 86_400_000) });
    const after = { ...v, escalation: d, decider: actor.person };
    updateEscalationCards(deps, after);
    return { kind: 'card', card: escalationCard(deps, after), notice: null };
  }
  const checked = reasonCheck(reason);
  if (!checked.ok) {
    const intro = text('keywords.removeForm.introPerson', { person: mentionOf(v.person), group: v.group.name });
    return { kind: 'form', form: removeForm('keywords.remove-person', { escalationId: id }, reason, checked.error, intro), card: escalationCard(deps, v, { reasonError: checked.error }) };
  }
  const refusal = await removalRefusal(deps, v);
  if (refusal !== null) return { kind: 'notice', notice: refusal };
  // Claimed first, so a warning cannot win at the same time; a removal that stalled may be taken over.
  const claimed = await deps.store.escalations.claimRemoval(id, actor.person.id, now, checked.reason, new Date(now.getTime() - STALE_REMOVAL_MS));
  if (claimed === null) return alreadyEscalation(deps, await escalationFor(deps, actor, id));
  let outcome: Awaited<ReturnType<KeywordDeps['moderation']['removeMember']>>;
  try {
    outcome = await deps.moderation.removeMember(v.workspace, v.group, v.person);
  } catch (err) {
    deps.log.warn({ err, escalationId: id }, 'removing a member failed');
    outcome = { outcome: 'failed', error: 'unavailable' };
  }
  const done = outcome.outcome === 'removed' || outcome.outcome === 'not-member';
  const d = await deps.store.escalations.decide(id, 'removing', done ? 'removed' : 'open', done ? actor.person.id : null, deps.clock.now(), done ? checked.reason : null);
  await deps.store.audit.append(
    byActor(actor, 'member.remove', { targetType: 'person', targetId: target, groupId: v.group.id, reason: checked.reason, outcome: done ? 'ok' : 'failed', details: { escalationId: id } }),
    deps.clock.now(),
  );
  if (!done || d === null) return { kind: 'notice', notice: text('keywords.escalation.removeFailed') };
  await tell(deps, v.workspace, v.person, 'keywords.escalation.removedToYou', { group: v.group.name, reason: checked.reason });
  const after = { ...v, escalation: d, decider: actor.person };
  updateEscalationCards(deps, after);
  return { kind: 'card', card: escalationCard(deps, after), notice: null };
}

/** Teams refresh of an escalation card: only for those who moderate the group. */
export async function viewEscalation(deps: KeywordDeps, actor: Actor, id: string): Promise<ActionResult> {
  const v = await escalationFor(deps, actor, id);
  if (!(await mayModerate(deps, actor, v.group, v.person))) return refuse(deps, actor, 'keywords.review-escalation', 'escalation', id, v.group);
  return { kind: 'card', card: escalationCard(deps, v), notice: null };
}
