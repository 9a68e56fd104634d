// INC-1..3, INC-5: declaring an incident, its card and the clicks on it, the
// durable clocks of its playbook and the review on resolve.
//
// Declaring records the incident with its playbook's steps and deadlines, and in
// the same transaction enqueues its jobs: the start (the card in the group and to
// the super admins, the steps Charter carries out itself), a reminder before each
// deadline, the deadline itself (a missed step escalates to the super admins once)
// and reminders while nobody has acknowledged it. Every job is keyed (enqueued
// once) and acts through a conditional update, so a retried job, a restart or a
// second instance acts once. Authority is checked on every click.
import { groupAdminsOf, holdersOf, localeOf, resolveMentioned, superAdminsOf } from '../../core/actor.js';
import type { FormModel } from '../../core/cards.js';
import { tell } from '../../core/copies.js';
import { notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { date, text, type Text } from '../../core/messages.js';
import { isUuid, qualifiedId, type Actor, type Person } from '../../core/model.js';
import { can } from '../../core/permissions.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { loadPolicy } from '../../core/settings.js';
import { mentionOf } from '../../core/summaries.js';
import { byActor, bySystem } from '../audit/entries.js';
import { groupHere } from '../group/here.js';
import { ENFORCE } from '../join/settings.js';
import { isAdminPerson } from '../rules/admins.js';
import type { IncidentReviewCard, PlaybooksCard } from './cards.js';
import { parseLevel, SUMMARY_MAX, TITLE_MAX } from './grammar.js';
import { lockGroup } from './lock.js';
import { DEFAULT_PLAYBOOKS, formatPlaybook, isAutomatic, MAX_NUDGES, NUDGE_MINUTES, playbookSetting, reminderLeadMinutes } from './playbooks.js';
import { INCIDENT_PERMISSIONS } from './permissions.js';
import { LEVELS, type Level, type Step } from './store.js';
import { incidentCard, INCIDENT_SUBJECT, loadIncident, missAt, refreshCards, stepName, type IncidentDeps, type IncidentView } from './view.js';

export const START_JOB = 'incident.start';
export const REMIND_JOB = 'incident.remind';
export const DEADLINE_JOB = 'incident.deadline';
export const NUDGE_JOB = 'incident.nudge';
/** How far back a spam attacker's messages are removed. */
const PURGE_WINDOW_MS = 24 * 3_600_000;
const PURGE_MAX = 200;
const TIMELINE_MAX = 40;
/** A manual escalation within this long of the last one is answered "already escalated". */
const ESCALATE_QUIET_MS = 10 * 60_000;

const levelText = (level: Level): Text => text(`incidents.levels.${level}`);

// ---------------------------------------------------------------- declaring

function declareForm(groupId: string, level: string | null, title: string | null, errors: { level?: Text; title?: Text } = {}): FormModel {
  return {
    action: { id: 'incident.declare', payload: { groupId }, label: text('incidents.form.submit') },
    open: { id: 'incident.declare-form', payload: { groupId }, label: text('incidents.form.title') },
    title: text('incidents.form.title'),
    intro: text('incidents.form.intro'),
    fields: [
      { id: 'level', label: text('incidents.form.level'), placeholder: text('incidents.form.levelHint'), multiline: false, required: true, maxLength: 10, ...(level !== null ? { value: level } : {}), ...(errors.level ? { error: errors.level } : {}) },
      { id: 'title', label: text('incidents.form.titleField'), multiline: false, required: true, maxLength: TITLE_MAX, ...(title !== null ? { value: title } : {}), ...(errors.title ? { error: errors.title } : {}) },
    ],
  };
}

export async function declareCommand(deps: IncidentDeps, ctx: CommandContext, level: Level | null, title: string | null, attacker: { address: string; label: string | null } | null): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  if (level === null || title === null) return { kind: 'form', form: declareForm(group.id, level, title) };
  return declare(deps, ctx.actor, group.id, level, title, attacker, true);
}

/** The form's submission (Slack modal, Teams dialog). */
export async function declareFromForm(deps: IncidentDeps, actor: Actor, groupId: string, inputs: Record<string, string>): Promise<ActionResult> {
  const rawLevel = (inputs['level'] ?? '').trim();
  const title = (inputs['title'] ?? '').replace(/\s+/g, ' ').trim();
  const level = parseLevel(rawLevel);
  const errors: { level?: Text; title?: Text } = {};
  if (level === null) errors.level = text('incidents.form.levelInvalid');
  if (title === '') errors.title = text('incidents.form.titleRequired');
  else if (title.length > TITLE_MAX) errors.title = text('incidents.titleTooLong', { max: TITLE_MAX });
  if (level === null || errors.title !== undefined) return { kind: 'form', form: declareForm(groupId, rawLevel, title, errors), card: null };
  const reply = await declare(deps, actor, groupId, level, title, null, false);
  if (reply.kind === 'card') return { kind: 'card', card: reply.card, notice: (reply.card as { notice?: Text | null }).notice ?? null };
  return reply.kind === 'text' ? { kind: 'notice', notice: reply.text } : { kind: 'notice', notice: text('incidents.declaredShort') };
}

/** The form again (a Teams dialog fetches it): for a governed group of the clicker's workspace only. */
export async function openDeclareForm(deps: IncidentDeps, actor: Actor, groupId: string): Promise<ActionResult> {
  const group = isUuid(groupId) ? await deps.store.groups.get(groupId) : null;
  if (group === null || group.workspaceId !== actor.workspace.id || group.status !== 'active') notFound(text('group.notRegistered'));
  return { kind: 'form', form: declareForm(group.id, null, null), card: null };
}

/**
 * @param typedInGroup the command was typed in the group itself (the platform shows it
 * only to people in it); a form's submission names the group in its payload, which
 * crossed the wire: there the person must be in the group (or an admin of it).
 */
async function declare(deps: IncidentDeps, actor: Actor, groupId: string, level: Level, title: string, attackerRef: { address: string; label: string | null } | null, typedInGroup: boolean): Promise<Reply> {
  const group = isUuid(groupId) ? await deps.store.groups.get(groupId) : null;
  if (group === null || group.workspaceId !== actor.workspace.id || group.status !== 'active') notFound(text('group.notRegistered'));
  const holders = await holdersOf(deps, actor, group);
  const inGroup = typedInGroup || can(holders, INCIDENT_PERMISSIONS['incident.run']) || (await deps.membership.isMember(actor.workspace, group, actor.person).catch(() => false)) === true;
  if (!inGroup || !can(holders, INCIDENT_PERMISSIONS['incident.declare'])) {
    await deps.store.audit.append(byActor(actor, 'incident.declare', { targetType: 'group', targetId: group.id, groupId: group.id, outcome: 'refused' }), deps.clock.now());
    notAllowed(text('incidents.forbidden'));
  }
  const attacker = attackerRef === null ? null : await resolveMentioned(deps, actor.workspace, attackerRef.address, attackerRef.label);
  const policy = await loadPolicy(deps, actor.workspace.id, group);
  const playbook = policy.get(playbookSetting(level));
  const now = deps.clock.now();
  const created = await deps.store.transaction(async (tx) => {
    const made = await tx.incidents.create({ workspaceId: actor.workspace.id, groupId: group.id, level, title, declaredBy: actor.person.id, attackerId: attacker?.id ?? null, declaredAt: now, steps: playbook });
    if (made === null) return null;
    const { incident, steps } = made;
    await tx.incidents.record(incident.id, 'declared', actor.person.id, { level, attacker: attacker === null ? null : qualifiedId(attacker) }, now);
    await tx.audit.append(byActor(actor, 'incident.declare', { targetType: 'incident', targetId: incident.id, groupId: group.id, details: { level, title } }), now);
    const workspaceId = actor.workspace.id;
    await deps.jobs.send(START_JOB, { workspaceId, incidentId: incident.id }, { key: incident.id, in: tx });
    for (const s of steps) {
      const lead = reminderLeadMinutes(s.minutes);
      if (lead !== null && !isAutomatic(s.key)) await deps.jobs.send(REMIND_JOB, { workspaceId, incidentId: incident.id, position: s.position }, { key: `${incident.id}:${s.position}`, at: new Date(s.dueAt.getTime() - lead * 60_000), in: tx });
      await deps.jobs.send(DEADLINE_JOB, { workspaceId, incidentId: incident.id, position: s.position }, { key: `${incident.id}:${s.position}`, at: missAt(s), in: tx });
    }
    await deps.jobs.send(NUDGE_JOB, { workspaceId, incidentId: incident.id, n: 1 }, { key: `${incident.id}:1`, at: new Date(now.getTime() + NUDGE_MINUTES[level] * 60_000), in: tx });
    return incident;
  });
  if (created === null) {
    const open = await deps.store.incidents.openInGroup(group.id);
    const v = open === null ? null : await loadIncident(deps, open.id);
    if (v === null) notFound(text('incidents.none', { group: group.name }));
    // A data leak or a spam attack during another incident still locks the group at once,
    // and a leak still reaches security and legal; the open incident's timeline says so.
    // Once: not while the group is locked, and a member cannot lock again what an admin unlocked.
    const unlockedByAdmin = (await deps.store.incidents.timeline(v.incident.id)).some((e) => e.kind === 'unlocked');
    if ((level === '2' || level === 'spam') && v.lock === null && (!unlockedByAdmin || can(holders, INCIDENT_PERMISSIONS['incident.run']))) {
      if (await lockGroup(deps, actor.workspace, group, actor.person, title, v.incident.id)) {
        const at = deps.clock.now();
        await deps.store.incidents.record(v.incident.id, 'locked', actor.person.id, { reason: title, level }, at);
        await deps.store.audit.append(byActor(actor, 'group.lock', { targetType: 'group', targetId: group.id, groupId: group.id, reason: title, details: { incident: v.incident.id, level } }), at);
        if (level === '2') for (const p of await superAdminsOf(deps, actor.workspace)) await tell(deps, actor.workspace, p, 'incidents.notifySecurity', { level: levelText(level), title, group: group.name });
        refreshCards(deps, v.incident.id);
        const fresh = (await loadIncident(deps, v.incident.id)) ?? v;
        return { kind: 'card', card: incidentCard(fresh, { notice: text('incidents.alreadyOpenLocked', { group: group.name }) }) };
      }
    }
    return { kind: 'card', card: incidentCard(v, { notice: text('incidents.alreadyOpen', { group: group.name }) }) };
  }
  return { kind: 'text', text: text('incidents.declared', { level: levelText(level), title, group: group.name }) };
}

// ---------------------------------------------------------------- the start job

async function postCopies(deps: IncidentDeps, v: IncidentView): Promise<void> {
  const posts = await deps.store.cardPosts.listFor(INCIDENT_SUBJECT, v.incident.id);
  let failure: unknown = null;
  if (!posts.some((p) => p.recipientId === null)) {
    const locale = localeOf(deps, v.workspace, null);
    try {
      const posted = await deps.messaging.postToGroup(v.workspace, v.group, { locale, card: incidentCard(v) });
      await deps.store.cardPosts.add({ workspaceId: v.workspace.id, subjectType: INCIDENT_SUBJECT, subjectId: v.incident.id, recipientId: null, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, incidentId: v.incident.id }, 'could not post the incident card in the group');
      failure = err;
    }
  }
  // The super admins get theirs even when the group's copy failed (the job retries that one).
  await sendPrivateCopies(deps, v, await superAdminsOf(deps, v.workspace));
  if (failure !== null) throw failure;
}

async function sendPrivateCopies(deps: IncidentDeps, v: IncidentView, to: Person[]): Promise<void> {
  const already = new Set((await deps.store.cardPosts.listFor(INCIDENT_SUBJECT, v.incident.id)).map((p) => p.recipientId));
  for (const person of to) {
    if (already.has(person.id)) continue;
    const locale = localeOf(deps, v.workspace, person);
    try {
      const posted = await deps.messaging.sendPrivate(v.workspace, person, { locale, card: incidentCard(v) });
      await deps.store.cardPosts.add({ workspaceId: v.workspace.id, subjectType: INCIDENT_SUBJECT, subjectId: v.incident.id, recipientId: person.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, incidentId: v.incident.id, recipientId: person.id }, 'could not send an incident card');
    }
  }
}

/**
 * Whether Charter may act on the named attacker itself: never on the group's admins,
 * a super admin or the declarer; and only when an admin declared the attack
 * (a member's word alone does not get someone's messages deleted or them removed —
 * those steps stay on the card for an admin).
 */
async function attackerActionable(deps: IncidentDeps, v: IncidentView, attacker: Person | null): Promise<'yes' | 'none' | 'protected' | 'unconfirmed'> {
  if (attacker === null) return 'none';
  if (attacker.id === v.incident.declaredBy || (await isAdminPerson(deps, attacker, v.group))) return 'protected';
  // Not a bot (Charter itself among them), and someone the platform says is in the group.
  const profile = await deps.directory.lookupProfile(v.workspace, { platformUserId: attacker.platformUserId, address: attacker.address }).catch(() => null);
  if (profile?.isBot === true) return 'protected';
  if ((await deps.membership.isMember(v.workspace, v.group, attacker).catch(() => false)) !== true) return 'none';
  const declarer = v.people.get(v.incident.declaredBy);
  if (declarer === undefined || !(await isAdminPerson(deps, declarer, v.group))) return 'unconfirmed';
  return 'yes';
}

/** Runs the steps Charter carries out itself; each is recorded on the timeline once. Safe to run again. */
async function automaticSteps(deps: IncidentDeps, v: IncidentView): Promise<void> {
  const { workspace, group, incident } = v;
  const attacker = incident.attackerId === null ? null : v.people.get(incident.attackerId) ?? null;
  const actionable = await attackerActionable(deps, v, attacker);
  const now = () => deps.clock.now();
  for (const step of v.steps) {
    if (step.doneAt !== null || step.autoOutcome !== null || !isAutomatic(step.key)) continue;
    // Resolved meanwhile (a retry, a slow purge): nothing more is done.
    if ((await deps.store.incidents.get(incident.id))?.status !== 'open') return;
    let outcome: 'done' | 'failed' | 'unsupported' = 'done';
    const details: Record<string, unknown> = {};
    try {
      switch (step.key) {
        case 'lock': {
          const locked = await lockGroup(deps, workspace, group, null, incident.title, incident.id);
          details['already'] = !locked;
          if (locked) await deps.store.audit.append(bySystem(workspace.id, 'group.lock', { targetType: 'group', targetId: group.id, groupId: group.id, reason: incident.title, details: { incident: incident.id } }), now());
          break;
        }
        case 'notify': {
          let told = 0;
          for (const p of await superAdminsOf(deps, workspace)) if (await tell(deps, workspace, p, 'incidents.notifySecurity', { level: levelText(incident.level), title: incident.title, group: group.name })) told += 1;
          details['told'] = told;
          if (told === 0) outcome = 'failed';
          break;
        }
        case 'purge': {
          if (actionable !== 'yes') {
            outcome = 'unsupported';
            details['attacker'] = actionable;
          } else if (!deps.capabilities.deleteMessage) outcome = 'unsupported';
          else {
            const ids = await deps.store.recentMessages.byAuthorSince(group.id, (attacker as Person).id, new Date(incident.declaredAt.getTime() - PURGE_WINDOW_MS), PURGE_MAX);
            let removed = 0;
            for (const id of ids) if (await deps.moderation.deleteMessage(workspace, group, id).catch(() => false)) removed += 1;
            details['removed'] = removed;
            details['found'] = ids.length;
            if (removed < ids.length) outcome = 'failed';
          }
          break;
        }
        case 'remove-attacker': {
          if (actionable !== 'yes' || !deps.capabilities.removeMember) {
            outcome = 'unsupported';
            details['attacker'] = actionable;
          } else {
            const target = attacker as Person;
            const r = await deps.moderation.removeMember(workspace, group, target);
            details['result'] = r.outcome;
            if (r.outcome === 'removed' || r.outcome === 'not-member') {
              await deps.store.audit.append(bySystem(workspace.id, 'member.remove', { targetType: 'person', targetId: target.id, groupId: group.id, reason: incident.title, details: { incident: incident.id } }), now());
              if (r.outcome === 'removed') await tell(deps, workspace, target, 'incidents.removedAttacker', { group: group.name });
            } else outcome = r.outcome === 'unsupported' ? 'unsupported' : 'failed';
          }
          break;
        }
        case 'tighten-admission': {
          const old = await deps.store.settings.setForGroup(group.id, ENFORCE.key, 'remove', incident.declaredBy, now());
          details['old'] = old;
          await deps.store.audit.append(bySystem(workspace.id, 'policy.set', { targetType: 'setting', targetId: ENFORCE.key, groupId: group.id, reason: incident.title, details: { scope: 'group', old, new: 'remove', incident: incident.id } }), now());
          break;
        }
      }
    } catch (err) {
      deps.log.warn({ err, incidentId: incident.id, step: step.key }, 'an automatic incident step failed');
      outcome = 'failed';
    }
    const kind = step.key === 'lock' ? 'locked' : step.key === 'purge' ? 'purged' : step.key === 'remove-attacker' ? 'attacker-removed' : step.key === 'tighten-admission' ? 'admission' : 'notified';
    // The outcome and its timeline entry in one transaction: a retry skips a step that has an outcome.
    await deps.store.transaction(async (tx) => {
      if (outcome === 'done') {
        if (await tx.incidents.completeStep(incident.id, step.position, null, now(), 'done')) await tx.incidents.record(incident.id, kind, null, details, now());
      } else {
        await tx.incidents.setAutoOutcome(incident.id, step.position, outcome);
        await tx.incidents.record(incident.id, 'step-auto', null, { step: step.key, outcome, ...details }, now());
      }
    });
  }
}

/** The start job: the steps Charter does itself, then the card in the group and to the super admins. */
export async function startIncident(deps: IncidentDeps, incidentId: string): Promise<void> {
  let v = await loadIncident(deps, incidentId);
  if (v === null || v.incident.status !== 'open') return;
  await automaticSteps(deps, v);
  v = (await loadIncident(deps, incidentId)) ?? v;
  await postCopies(deps, v);
  refreshCards(deps, v.incident.id);
}

// ---------------------------------------------------------------- clocks

export async function remindStep(deps: IncidentDeps, incidentId: string, position: number): Promise<void> {
  const v = await loadIncident(deps, incidentId);
  const step = v?.steps.find((s) => s.position === position);
  if (v === null || step === undefined) return;
  if (!(await deps.store.incidents.claimReminder(incidentId, position, deps.clock.now()))) return;
  await deps.store.incidents.record(incidentId, 'reminded', null, { step: step.key }, deps.clock.now());
  const commander = v.people.get(v.incident.commanderId);
  if (commander !== undefined) await tell(deps, v.workspace, commander, 'incidents.remind', { step: stepName(step.key), title: v.incident.title, group: v.group.name, due: date(step.dueAt) });
}

export async function stepDeadline(deps: IncidentDeps, incidentId: string, position: number): Promise<void> {
  const v = await loadIncident(deps, incidentId);
  const step = v?.steps.find((s) => s.position === position);
  if (v === null || step === undefined) return;
  const now = deps.clock.now();
  // The miss, its escalation and their record in one transaction: all or nothing.
  const claimed = await deps.store.transaction(async (tx) => {
    if (!(await tx.incidents.claimMiss(incidentId, position, now))) return false;
    await tx.incidents.record(incidentId, 'missed', null, { step: step.key }, now);
    await tx.incidents.escalate(incidentId, null);
    await tx.incidents.record(incidentId, 'escalated', null, { reason: 'missed', step: step.key }, now);
    await tx.audit.append(bySystem(v.workspace.id, 'incident.escalate', { targetType: 'incident', targetId: incidentId, groupId: v.group.id, details: { missed: step.key } }), now);
    return true;
  });
  if (!claimed) return;
  const admins = await superAdminsOf(deps, v.workspace);
  for (const p of admins) await tell(deps, v.workspace, p, 'incidents.missed', { step: stepName(step.key), title: v.incident.title, group: v.group.name, due: date(step.dueAt) });
  const fresh = (await loadIncident(deps, incidentId)) ?? v;
  await sendPrivateCopies(deps, fresh, admins);
  refreshCards(deps, incidentId);
}

export async function nudge(deps: IncidentDeps, incidentId: string, n: number): Promise<void> {
  const v = await loadIncident(deps, incidentId);
  if (v === null) return;
  const now = deps.clock.now();
  // Counted (nudge n-1 → n) with the next one enqueued, in one transaction: a retry of
  // a reminder that failed after this point does not stop the ones after it.
  const claimed = await deps.store.transaction(async (tx) => {
    if (!(await tx.incidents.claimNudge(incidentId, n))) return false;
    await tx.incidents.record(incidentId, 'nudged', null, { n }, now);
    if (n < MAX_NUDGES) {
      await deps.jobs.send(NUDGE_JOB, { workspaceId: v.workspace.id, incidentId, n: n + 1 }, { key: `${incidentId}:${n + 1}`, at: new Date(v.incident.declaredAt.getTime() + (n + 1) * NUDGE_MINUTES[v.incident.level] * 60_000), in: tx });
    }
    return true;
  });
  if (!claimed) return; // acknowledged, resolved, or this reminder already went out
  const to = new Map<string, Person>();
  for (const p of await groupAdminsOf(deps, v.group)) to.set(p.id, p);
  const commander = v.people.get(v.incident.commanderId);
  if (commander !== undefined) to.set(commander.id, commander);
  // From the third reminder on, the super admins hear of it too.
  if (n >= 3) for (const p of await superAdminsOf(deps, v.workspace)) to.set(p.id, p);
  for (const p of to.values()) await tell(deps, v.workspace, p, 'incidents.unacknowledged', { title: v.incident.title, group: v.group.name, since: date(v.incident.declaredAt), level: levelText(v.incident.level) });
}

// ---------------------------------------------------------------- clicks

async function viewFor(deps: IncidentDeps, actor: Actor, incidentId: string): Promise<IncidentView> {
  const v = await loadIncident(deps, incidentId);
  if (v === null || v.workspace.id !== actor.workspace.id) notFound(text('incidents.unknown'));
  return v;
}

/** Commander, or an admin of the group (owner, moderator, super admin). */
async function mayRun(deps: IncidentDeps, actor: Actor, v: IncidentView): Promise<boolean> {
  return actor.person.id === v.incident.commanderId || can(await holdersOf(deps, actor, v.group), INCIDENT_PERMISSIONS['incident.run']);
}

async function refuse(deps: IncidentDeps, actor: Actor, action: string, v: IncidentView): Promise<never> {
  await deps.store.audit.append(byActor(actor, action, { targetType: 'incident', targetId: v.incident.id, groupId: v.group.id, outcome: 'refused' }), deps.clock.now());
  notAllowed(text('incidents.notYours', { group: v.group.name }));
}

function current(v: IncidentView, notice: Text | null): ActionResult {
  return { kind: 'card', card: incidentCard(v, { notice }), notice };
}

async function after(deps: IncidentDeps, incidentId: string, fallback: IncidentView): Promise<IncidentView> {
  const fresh = (await loadIncident(deps, incidentId)) ?? fallback;
  refreshCards(deps, fresh.incident.id);
  return fresh;
}

export async function acknowledge(deps: IncidentDeps, actor: Actor, incidentId: string): Promise<ActionResult> {
  const v = await viewFor(deps, actor, incidentId);
  // Members may acknowledge: someone in the group, or an admin of it.
  // Acknowledging stops the reminders: someone the platform does not confirm is in the group may not.
  const admin = await mayRun(deps, actor, v);
  if (!admin && (await deps.membership.isMember(v.workspace, v.group, actor.person).catch(() => false)) !== true) return refuse(deps, actor, 'incident.ack', v);
  const now = deps.clock.now();
  const won = await deps.store.transaction(async (tx) => {
    if (!(await tx.incidents.acknowledge(incidentId, actor.person.id, now))) return false;
    await tx.incidents.record(incidentId, 'acknowledged', actor.person.id, {}, now);
    await tx.audit.append(byActor(actor, 'incident.ack', { targetType: 'incident', targetId: incidentId, groupId: v.group.id }), now);
    return true;
  });
  if (!won) return current(v, text(v.incident.status === 'open' ? 'incidents.alreadyAcknowledged' : 'incidents.alreadyResolved'));
  return current(await after(deps, incidentId, v), null);
}

export async function takeCommand(deps: IncidentDeps, actor: Actor, incidentId: string): Promise<ActionResult> {
  const v = await viewFor(deps, actor, incidentId);
  if (!can(await holdersOf(deps, actor, v.group), INCIDENT_PERMISSIONS['incident.run'])) return refuse(deps, actor, 'incident.command', v);
  if (v.incident.status !== 'open') return current(v, text('incidents.alreadyResolved'));
  const now = deps.clock.now();
  const won = await deps.store.transaction(async (tx) => {
    if (!(await tx.incidents.setCommander(incidentId, actor.person.id))) return false;
    await tx.incidents.record(incidentId, 'commander', actor.person.id, {}, now);
    await tx.audit.append(byActor(actor, 'incident.command', { targetType: 'incident', targetId: incidentId, groupId: v.group.id }), now);
    // Taking command acknowledges it too.
    if (await tx.incidents.acknowledge(incidentId, actor.person.id, now)) await tx.incidents.record(incidentId, 'acknowledged', actor.person.id, {}, now);
    return true;
  });
  if (!won) return current(v, text('incidents.alreadyCommander'));
  return current(await after(deps, incidentId, v), null);
}

export async function completeStep(deps: IncidentDeps, actor: Actor, incidentId: string, position: number): Promise<ActionResult> {
  const v = await viewFor(deps, actor, incidentId);
  if (!(await mayRun(deps, actor, v))) return refuse(deps, actor, 'incident.step', v);
  const step = v.steps.find((s) => s.position === position);
  if (step === undefined) notFound(text('incidents.unknownStep'));
  if (v.incident.status !== 'open') return current(v, text('incidents.alreadyResolved'));
  const now = deps.clock.now();
  const won = await deps.store.transaction(async (tx) => {
    if (!(await tx.incidents.completeStep(incidentId, position, actor.person.id, now, null))) return false;
    await tx.incidents.record(incidentId, 'step', actor.person.id, { step: step.key, late: now > step.dueAt && step.minutes > 0 }, now);
    await tx.audit.append(byActor(actor, 'incident.step', { targetType: 'incident', targetId: incidentId, groupId: v.group.id, details: { step: step.key } }), now);
    return true;
  });
  if (!won) return current(v, text('incidents.stepAlreadyDone', { step: stepName(step.key) }));
  await deps.jobs.cancel(REMIND_JOB, `${incidentId}:${position}`);
  await deps.jobs.cancel(DEADLINE_JOB, `${incidentId}:${position}`);
  return current(await after(deps, incidentId, v), null);
}

export async function escalate(deps: IncidentDeps, actor: Actor, incidentId: string): Promise<ActionResult> {
  const v = await viewFor(deps, actor, incidentId);
  if (!(await mayRun(deps, actor, v))) return refuse(deps, actor, 'incident.escalate', v);
  if (v.incident.status !== 'open') return current(v, text('incidents.alreadyResolved'));
  const now = deps.clock.now();
  // Not again within a few minutes of the last escalation: a double click (or a burst
  // of them, however they interleave) escalates once.
  const won = await deps.store.transaction(async (tx) => {
    if (!(await tx.incidents.escalate(incidentId, new Date(now.getTime() - ESCALATE_QUIET_MS)))) return false;
    await tx.incidents.record(incidentId, 'escalated', actor.person.id, { reason: 'manual' }, now);
    await tx.audit.append(byActor(actor, 'incident.escalate', { targetType: 'incident', targetId: incidentId, groupId: v.group.id }), now);
    return true;
  });
  if (!won) return current((await loadIncident(deps, incidentId)) ?? v, text('incidents.alreadyEscalated'));
  const admins = await superAdminsOf(deps, v.workspace);
  for (const p of admins) if (p.id !== actor.person.id) await tell(deps, v.workspace, p, 'incidents.escalated', { by: mentionOf(actor.person), title: v.incident.title, group: v.group.name, level: levelText(v.incident.level) });
  const fresh = await after(deps, incidentId, v);
  await sendPrivateCopies(deps, fresh, admins);
  return current(fresh, text('incidents.escalatedNotice'));
}

function resolveForm(incidentId: string, value: string | null, error: Text | null): FormModel {
  return {
    action: { id: 'incident.resolve', payload: { incidentId }, label: text('incidents.resolveForm.submit') },
    open: { id: 'incident.resolve', payload: { incidentId }, label: text('incidents.card.resolve') },
    title: text('incidents.resolveForm.title'),
    intro: text('incidents.resolveForm.intro'),
    fields: [{ id: 'summary', label: text('incidents.resolveForm.summary'), multiline: true, required: true, maxLength: SUMMARY_MAX, ...(value !== null ? { value } : {}), ...(error !== null ? { error } : {}) }],
  };
}

export async function resolveClick(deps: IncidentDeps, actor: Actor, incidentId: string, inputs: Record<string, string>): Promise<ActionResult> {
  const v = await viewFor(deps, actor, incidentId);
  if (!(await mayRun(deps, actor, v))) return refuse(deps, actor, 'incident.resolve', v);
  if (v.incident.status !== 'open') return current(v, text('incidents.alreadyResolved'));
  const raw = inputs['summary'];
  if (raw === undefined) return { kind: 'form', form: resolveForm(incidentId, null, null), card: null };
  const summary = raw.trim();
  if (summary === '' || summary.length > SUMMARY_MAX) {
    return { kind: 'form', form: resolveForm(incidentId, raw, text(summary === '' ? 'incidents.resolveForm.required' : 'incidents.summaryTooLong', { max: SUMMARY_MAX })), card: null };
  }
  const done = await resolve(deps, actor, v, summary);
  return current(done.view, text(done.won ? 'incidents.resolvedNotice' : 'incidents.alreadyResolved'));
}

export async function resolveCommand(deps: IncidentDeps, ctx: CommandContext, summary: string | null): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  const open = await deps.store.incidents.openInGroup(group.id);
  if (open === null) notFound(text('incidents.none', { group: group.name }));
  const v = await viewFor(deps, ctx.actor, open.id);
  if (!(await mayRun(deps, ctx.actor, v))) return refuse(deps, ctx.actor, 'incident.resolve', v);
  if (summary === null) return { kind: 'form', form: resolveForm(open.id, null, null) };
  const done = await resolve(deps, ctx.actor, v, summary);
  return { kind: 'text', text: done.won ? text('incidents.resolvedText', { title: v.incident.title, group: group.name }) : text('incidents.alreadyResolved') };
}

async function resolve(deps: IncidentDeps, actor: Actor, v: IncidentView, summary: string): Promise<{ view: IncidentView; won: boolean }> {
  const now = deps.clock.now();
  const id = v.incident.id;
  const won = await deps.store.transaction(async (tx) => {
    if (!(await tx.incidents.resolve(id, actor.person.id, summary, now))) return false;
    await tx.incidents.record(id, 'resolved', actor.person.id, {}, now);
    await tx.audit.append(byActor(actor, 'incident.resolve', { targetType: 'incident', targetId: id, groupId: v.group.id, details: { level: v.incident.level } }), now);
    return true;
  });
  if (!won) return { view: (await loadIncident(deps, id)) ?? v, won: false };
  for (const s of v.steps) {
    await deps.jobs.cancel(REMIND_JOB, `${id}:${s.position}`);
    await deps.jobs.cancel(DEADLINE_JOB, `${id}:${s.position}`);
  }
  const fresh = (await loadIncident(deps, id)) ?? v;
  // The review, in the group.
  try {
    await deps.messaging.postToGroup(fresh.workspace, fresh.group, { locale: localeOf(deps, fresh.workspace, null), card: await reviewCard(deps, fresh) });
  } catch (err) {
    deps.log.warn({ err, incidentId: id }, 'could not post the incident review');
  }
  // A lock is lifted by an admin with a reason, never by itself: the group's admins are reminded.
  if (fresh.lock !== null) for (const p of await groupAdminsOf(deps, fresh.group)) await tell(deps, fresh.workspace, p, 'incidents.stillLocked', { group: fresh.group.name });
  refreshCards(deps, id);
  return { view: fresh, won: true };
}

function timelineText(kind: string, details: Record<string, unknown>, actor: Person | null): Text {
  const by = actor === null ? text('incidents.timeline.charter') : mentionOf(actor);
  const step = typeof details['step'] === 'string' ? stepName(details['step']) : '';
  const outcome = details['outcome'] === 'failed' || details['outcome'] === 'unsupported' ? text(`incidents.outcomes.${details['outcome']}`) : '';
  return text(`incidents.timeline.${kind}`, { by, step, outcome, reason: String(details['reason'] ?? '') });
}

async function reviewCard(deps: IncidentDeps, v: IncidentView): Promise<IncidentReviewCard> {
  const events = await deps.store.incidents.timeline(v.incident.id);
  const actors = new Map((await deps.store.people.getMany([...new Set(events.map((e) => e.actorId).filter((x): x is string => x !== null))])).map((p) => [p.id, p]));
  const { incident } = v;
  const resolvedAt = incident.resolvedAt ?? deps.clock.now();
  return {
    kind: 'incidents.review',
    incidentId: incident.id,
    level: incident.level,
    title: incident.title,
    group: v.group.name,
    summary: incident.summary ?? '',
    declaredAt: incident.declaredAt,
    resolvedAt,
    secondsToAcknowledge: incident.acknowledgedAt === null ? null : Math.round((incident.acknowledgedAt.getTime() - incident.declaredAt.getTime()) / 1000),
    secondsToResolve: Math.round((resolvedAt.getTime() - incident.declaredAt.getTime()) / 1000),
    missed: v.steps.filter((s: Step) => s.missedAt !== null).map((s) => stepName(s.key)),
    stillLocked: v.lock !== null,
    // A long incident keeps its first and last entries (the middle is counted).
    timeline: (events.length > TIMELINE_MAX ? [...events.slice(0, 10), ...events.slice(-(TIMELINE_MAX - 10))] : events).map((e) => ({ at: e.at, what: timelineText(e.kind, e.details, e.actorId === null ? null : actors.get(e.actorId) ?? null) })),
    omitted: Math.max(0, events.length - TIMELINE_MAX),
  };
}

export async function statusCommand(deps: IncidentDeps, ctx: CommandContext): Promise<Reply> {
  const group = await groupHere(deps, ctx.actor, ctx.conversation);
  const open = await deps.store.incidents.openInGroup(group.id);
  if (open === null) return { kind: 'text', text: text('incidents.none', { group: group.name }) };
  const v = await viewFor(deps, ctx.actor, open.id);
  return { kind: 'card', card: incidentCard(v) };
}

export async function playbooksCommand(deps: IncidentDeps, ctx: CommandContext): Promise<Reply> {
  const policy = await loadPolicy(deps, ctx.actor.workspace.id, null);
  const card: PlaybooksCard = {
    kind: 'incidents.playbooks',
    levels: LEVELS.map((level) => {
      const steps = policy.get(playbookSetting(level));
      return { level, steps: steps.map((s) => ({ name: stepName(s.key), minutes: s.minutes, automatic: isAutomatic(s.key) })), custom: formatPlaybook(steps) !== formatPlaybook(DEFAULT_PLAYBOOKS[level]) };
    }),
  };
  return { kind: 'card', card };
}

