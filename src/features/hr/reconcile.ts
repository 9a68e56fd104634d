// LIFE-4 roster reconciliation: each governed group's members (as the platform lists
// them) against the HR directory — departed people still present, accounts the
// directory does not know, people whose department changed since the group was
// registered — on a card for the super admins, privately, with a Remove
// button for each departed person. `hr reconcile` on demand; every quarter each
// workspace's super admins get it. Every click is checked again (super admins only,
// still departed, group still governed) and goes through the platform's removal.
import { mentionOf } from '../../core/summaries.js';
import { localeOf, peopleForMembers, superAdminsOf } from '../../core/actor.js';
import type { CommandContext } from '../../core/feature.js';
import { notAllowed, notFound } from '../../core/errors.js';
import { text } from '../../core/messages.js';
import type { Actor, Person, Workspace } from '../../core/model.js';
import { isUuid, qualifiedId } from '../../core/model.js';
import type { CoreDeps, RemoveMemberResult } from '../../core/ports.js';
import { answerPrivately, type ActionResult, type Reply } from '../../core/replies.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { ReconcileCard, ReconcileRow } from './cards.js';
import type { HrPerson, HrStore } from './store.js';

type HrDepsCore = CoreDeps<HrStore>;
export const RECONCILE_JOB = 'hr.reconcile';
export const REMOVE_ACTION = 'hr.reconcile-remove';
/**
 * Rows a card lists; the rest are counted. A departed row with its Remove button is two
 * Slack blocks: 20 rows, a header, the intro and the footer stay within Slack's 50.
 */
export const RECONCILE_ROWS = 20;
const REASON = 'left the organisation (roster reconciliation)';

/** HR's record of an account, by its e-mail. */
const recordOf = (deps: HrDepsCore, person: Person) => (person.email === null ? Promise.resolve(null) : deps.store.hr.findByEmail(person.email));

/** Departed: HR says left, or the platform's directory says the account is inactive. */
const departed = (person: Person, hr: HrPerson | null): boolean => person.employment === 'inactive' || hr?.status === 'left';

async function buildReconcile(deps: HrDepsCore, workspace: Workspace): Promise<ReconcileCard> {
  const groups = await deps.store.groups.listAllActive(workspace.id);
  const rows: ReconcileRow[] = [];
  const unlisted: string[] = [];
  let departedCount = 0;
  let unknownCount = 0;
  let movedCount = 0;
  for (const group of groups) {
    const listed = await deps.membership.listMembers(workspace, group);
    if (listed === 'unknown') {
      unlisted.push(group.name);
      continue;
    }
    for (const person of await peopleForMembers(deps, workspace, listed)) {
      const hr = await recordOf(deps, person);
      if (departed(person, hr)) {
        departedCount += 1;
        rows.push({ group: group.name, person: mentionOf(person), kind: 'departed', action: deps.capabilities.removeMember ? { id: REMOVE_ACTION, payload: { groupId: group.id, personId: person.id }, style: 'danger', label: text('hr.reconcile.remove') } : null });
        continue;
      }
      if (hr === null) {
        if (person.isExternal) continue; // guests are not employees
        unknownCount += 1;
        rows.push({ group: group.name, person: mentionOf(person), kind: 'unknown', action: null });
        continue;
      }
      // Charter knows when the group was registered, not when each member joined: the change is counted from then.
      const change = await deps.store.hr.departmentChange(hr.employeeId, group.createdAt, hr.department);
      if (change !== null) {
        movedCount += 1;
        rows.push({ group: group.name, person: mentionOf(person), kind: 'moved', from: change.from, to: hr.department, action: null });
      }
    }
  }
  // Departed people first: they are what the buttons are for.
  const order = { departed: 0, unknown: 1, moved: 2 };
  rows.sort((a, b) => order[a.kind] - order[b.kind] || a.group.localeCompare(b.group) || a.person.name.localeCompare(b.person.name));
  return { kind: 'hr.reconcile', groups: groups.length, departed: departedCount, unknown: unknownCount, moved: movedCount, rows: rows.slice(0, RECONCILE_ROWS), more: Math.max(0, rows.length - RECONCILE_ROWS), unlisted };
}

export async function reconcileCommand(deps: HrDepsCore, { actor, conversation }: CommandContext): Promise<Reply> {
  const now = deps.clock.now();
  if (!actor.isSuperAdmin) {
    await deps.store.audit.append(byActor(actor, 'hr.reconcile', { outcome: 'refused', reason: 'not a super admin' }), now);
    notAllowed(text('hr.reconcile.forbidden'));
  }
  const card = await buildReconcile(deps, actor.workspace);
  await deps.store.audit.append(byActor(actor, 'hr.reconcile', { details: { groups: card.groups, departed: card.departed, unknown: card.unknown, moved: card.moved } }), now);
  return answerPrivately(deps, actor, conversation, card);
}

/** The quarterly run: each super admin of the workspace gets the card privately. */
export async function reconcileWorkspace(deps: HrDepsCore, workspaceId: string): Promise<void> {
  const workspace = await deps.store.workspaces.get(workspaceId);
  if (workspace === null) return;
  const card = await buildReconcile(deps, workspace);
  for (const admin of await superAdminsOf(deps, workspace)) {
    try {
      await deps.messaging.sendPrivate(workspace, admin, { locale: localeOf(deps, workspace, admin), card });
    } catch (err) {
      deps.log.warn({ err, personId: admin.id }, 'could not send the roster reconciliation');
    }
  }
  await deps.store.audit.append(bySystem(workspace.id, 'hr.reconcile', { details: { groups: card.groups, departed: card.departed, unknown: card.unknown, moved: card.moved } }), deps.clock.now());
}

export async function removeClick(deps: HrDepsCore, actor: Actor, groupId: string, personId: string): Promise<ActionResult> {
  const group = isUuid(groupId) ? await deps.store.groups.get(groupId) : null;
  const person = isUuid(personId) ? await deps.store.people.get(personId) : null;
  if (group === null || person === null || group.workspaceId !== actor.workspace.id || person.workspaceId !== actor.workspace.id) notFound(text('hr.reconcile.unknown'));
  const now = deps.clock.now();
  const target = { targetType: 'person', targetId: qualifiedId(person), groupId: group.id, reason: REASON };
  const params = { person: mentionOf(person), group: group.name };
  if (!actor.isSuperAdmin) {
    await deps.store.audit.append(byActor(actor, 'member.remove', { ...target, outcome: 'refused', details: { via: 'hr.reconcile' } }), now);
    notAllowed(text('hr.reconcile.forbidden'));
  }
  if (group.status !== 'active') return { kind: 'notice', notice: text('hr.reconcile.archived', params) };
  if (!departed(person, await recordOf(deps, person))) return { kind: 'notice', notice: text('hr.reconcile.notDeparted', params) };
  let result: RemoveMemberResult;
  try {
    result = await deps.moderation.removeMember(actor.workspace, group, person);
  } catch (err) {
    // The platform failed for now (a rate limit, a network error): said so, audited, the button stays.
    deps.log.warn({ err, groupId: group.id }, 'removing a departed member failed');
    result = { outcome: 'failed', error: 'unavailable' };
  }
  const outcome = result.outcome === 'removed' || result.outcome === 'not-member' ? 'ok' : 'failed';
  await deps.store.audit.append(byActor(actor, 'member.remove', { ...target, outcome, details: { via: 'hr.reconcile', result: result.outcome } }), now);
  if (result.outcome === 'removed') return { kind: 'notice', notice: text('hr.reconcile.removed', params) };
  if (result.outcome === 'not-member') return { kind: 'notice', notice: text('hr.reconcile.notMember', params) };
  if (result.outcome === 'unsupported') return { kind: 'notice', notice: text('hr.reconcile.cannotRemove', params) };
  return { kind: 'error', code: 'unavailable', text: text('hr.reconcile.removeFailed', params) };
}
