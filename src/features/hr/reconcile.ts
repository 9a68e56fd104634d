// LIFE-4 roster reconciliation: each governed group's members (as the platform lists
// them) against the HR directory — departed people still present, accounts the
// directory does not know, people whose department changed since the group was
// registered — on a card for the super admins, privately, with a Remove
// button for each departed person. `hr reconcile` on demand; every quarter each
// workspace's super admins get it. Every click is checked again (super admins only,
// still departed, group still governed) and goes through the platform's removal.
import { mentionOf } from '../../core/summaries.js';
import { localeOf, peopleForMembers, superAdminsOf } from '../../core/actor.js';
import { updateCopies } from '../../core/copies.js';
import type { CommandContext } from '../../core/feature.js';
import { notAllowed, notFound } from '../../core/errors.js';
import { text, type Text } from '../../core/messages.js';
import type { Actor, Person, Workspace } from '../../core/model.js';
import { displayName, isUuid, qualifiedId } from '../../core/model.js';
import type { CoreDeps, RemoveMemberResult } from '../../core/ports.js';
import { answerPrivately, type ActionResult, type Reply } from '../../core/replies.js';
import { byActor, bySystem } from '../audit/entries.js';
import type { ReconcileCard, ReconcileRow } from './cards.js';
import type { HrPerson, HrStore, StoredReconcileRow } from './store.js';

type HrDepsCore = CoreDeps<HrStore>;
export const RECONCILE_JOB = 'hr.reconcile';
export const REMOVE_ACTION = 'hr.reconcile-remove';
/**
 * Rows a card lists; the rest are counted. A departed row with its Remove button is two
 * Slack blocks: 20 rows, a header, the intro and the footer stay within Slack's 50.
 */
export const RECONCILE_ROWS = 20;
const REASON = 'left the organisation (roster reconciliation)';
/** Every copy of a report's card is updated when a row is done. */
const RECONCILE_SUBJECT = 'hr.reconcile';
/** A row claimed longer ago than this is a click that died: it can be clicked again. */
const CLAIM_MS = 2 * 60_000;

/** HR's record of an account, by its e-mail. */
const recordOf = (deps: HrDepsCore, person: Person) => (person.email === null ? Promise.resolve(null) : deps.store.hr.findByEmail(person.email));

/** Departed: HR says left, or the platform's directory says the account is inactive. */
const departed = (person: Person, hr: HrPerson | null): boolean => person.employment === 'inactive' || hr?.status === 'left';

type Found = Pick<StoredReconcileRow, 'groupId' | 'personId' | 'kind' | 'from' | 'to'> & { groupName: string; personName: string };

/** Compares every governed group's members with the directory, keeps the report, and answers its id. */
async function reconcile(deps: HrDepsCore, workspace: Workspace): Promise<string> {
  const groups = await deps.store.groups.listAllActive(workspace.id);
  const found: Found[] = [];
  const unlisted: string[] = [];
  for (const group of groups) {
    const listed = await deps.membership.listMembers(workspace, group);
    if (listed === 'unknown') {
      unlisted.push(group.name);
      continue;
    }
    for (const person of await peopleForMembers(deps, workspace, listed)) {
      const hr = await recordOf(deps, person);
      const row = { groupId: group.id, personId: person.id, groupName: group.name, personName: displayName(person), from: null, to: null };
      if (departed(person, hr)) {
        found.push({ ...row, kind: 'departed' });
      } else if (hr === null) {
        if (!person.isExternal) found.push({ ...row, kind: 'unknown' }); // guests are not employees
      } else {
        // Charter knows when the group was registered, not when each member joined: the change is counted from then.
        const change = await deps.store.hr.departmentChange(hr.employeeId, group.createdAt, hr.department);
        if (change !== null) found.push({ ...row, kind: 'moved', from: change.from, to: hr.department });
      }
    }
  }
  // Departed people first: they are what the buttons are for.
  const order = { departed: 0, unknown: 1, moved: 2 };
  found.sort((a, b) => order[a.kind] - order[b.kind] || a.groupName.localeCompare(b.groupName) || a.personName.localeCompare(b.personName));
  const count = (kind: Found['kind']) => found.filter((f) => f.kind === kind).length;
  return deps.store.reconciliations.create(
    { workspaceId: workspace.id, createdAt: deps.clock.now(), groups: groups.length, departed: count('departed'), unknown: count('unknown'), moved: count('moved'), more: Math.max(0, found.length - RECONCILE_ROWS), unlisted },
    found.slice(0, RECONCILE_ROWS).map(({ groupId, personId, kind, from, to }) => ({ groupId, personId, kind, from, to })),
  );
}

/** The card of a stored report: names looked up now, each row's button or what was done. */
async function cardOf(deps: HrDepsCore, reconciliationId: string): Promise<ReconcileCard | null> {
  const stored = await deps.store.reconciliations.get(reconciliationId);
  if (stored === null) return null;
  const { report } = stored;
  const people = new Map((await deps.store.people.getMany([...new Set(stored.rows.flatMap((r) => (r.byPersonId === null ? [r.personId] : [r.personId, r.byPersonId])))])).map((p) => [p.id, p]));
  const groups = new Map<string, string>();
  const rows: ReconcileRow[] = [];
  for (const r of stored.rows) {
    const person = people.get(r.personId);
    if (person === undefined) continue;
    if (!groups.has(r.groupId)) groups.set(r.groupId, (await deps.store.groups.get(r.groupId))?.name ?? '—');
    const by = r.byPersonId === null ? undefined : people.get(r.byPersonId);
    const open = r.kind === 'departed' && (r.state === 'listed' || r.state === 'removing') && deps.capabilities.removeMember;
    rows.push({
      group: groups.get(r.groupId) as string,
      person: mentionOf(person),
      kind: r.kind,
      ...(r.kind === 'moved' ? { from: r.from, to: r.to } : {}),
      action: open ? { id: REMOVE_ACTION, payload: { reconciliationId: report.id, position: r.position }, style: 'danger', label: text('hr.reconcile.remove') } : null,
      done: r.state === 'removed' || r.state === 'not-member' ? { state: r.state, by: by === undefined ? null : mentionOf(by) } : null,
    });
  }
  return { kind: 'hr.reconcile', groups: report.groups, departed: report.departed, unknown: report.unknown, moved: report.moved, rows, more: report.more, unlisted: report.unlisted };
}

async function buildReconcile(deps: HrDepsCore, workspace: Workspace): Promise<{ id: string; card: ReconcileCard }> {
  const id = await reconcile(deps, workspace);
  return { id, card: (await cardOf(deps, id)) as ReconcileCard };
}

export async function reconcileCommand(deps: HrDepsCore, { actor, conversation }: CommandContext): Promise<Reply> {
  const now = deps.clock.now();
  if (!actor.isSuperAdmin) {
    await deps.store.audit.append(byActor(actor, 'hr.reconcile', { outcome: 'refused', reason: 'not a super admin' }), now);
    notAllowed(text('hr.reconcile.forbidden'));
  }
  const { id, card } = await buildReconcile(deps, actor.workspace);
  await deps.store.audit.append(byActor(actor, 'hr.reconcile', { targetType: 'hr_reconciliation', targetId: id, details: { groups: card.groups, departed: card.departed, unknown: card.unknown, moved: card.moved } }), now);
  return answerPrivately(deps, actor, conversation, card);
}

/** The quarterly run: each super admin of the workspace gets the card privately. */
export async function reconcileWorkspace(deps: HrDepsCore, workspaceId: string): Promise<void> {
  const workspace = await deps.store.workspaces.get(workspaceId);
  if (workspace === null) return;
  const { id, card } = await buildReconcile(deps, workspace);
  for (const admin of await superAdminsOf(deps, workspace)) {
    const locale = localeOf(deps, workspace, admin);
    try {
      const posted = await deps.messaging.sendPrivate(workspace, admin, { locale, card });
      // Kept, so a removal from one super admin's copy shows on every copy.
      await deps.store.cardPosts.add({ workspaceId: workspace.id, subjectType: RECONCILE_SUBJECT, subjectId: id, recipientId: admin.id, conversationId: posted.conversationId, messageId: posted.messageId, locale });
    } catch (err) {
      deps.log.warn({ err, personId: admin.id }, 'could not send the roster reconciliation');
    }
  }
  await deps.store.audit.append(bySystem(workspace.id, 'hr.reconcile', { targetType: 'hr_reconciliation', targetId: id, details: { groups: card.groups, departed: card.departed, unknown: card.unknown, moved: card.moved } }), deps.clock.now());
}

/**
 * Remove on a report's row: super admins only, the row as the report stored it
 * (its group and person, in this workspace), still departed, the group still
 * governed. The row is claimed first, so a double click or two super admins'
 * clicks remove once; the answer is the card with the row done, and every other
 * copy of the card is updated.
 */
export async function removeClick(deps: HrDepsCore, actor: Actor, reconciliationId: string, position: number): Promise<ActionResult> {
  const stored = isUuid(reconciliationId) ? await deps.store.reconciliations.get(reconciliationId) : null;
  const row = stored?.rows.find((r) => r.position === position && r.kind === 'departed');
  if (stored === null || row === undefined || stored.report.workspaceId !== actor.workspace.id) notFound(text('hr.reconcile.unknown'));
  const [group, person] = await Promise.all([deps.store.groups.get(row.groupId), deps.store.people.get(row.personId)]);
  if (group === null || person === null) notFound(text('hr.reconcile.unknown'));
  const now = deps.clock.now();
  const target = { targetType: 'person', targetId: qualifiedId(person), groupId: group.id, reason: REASON };
  const params = { person: mentionOf(person), group: group.name };
  if (!actor.isSuperAdmin) {
    await deps.store.audit.append(byActor(actor, 'member.remove', { ...target, outcome: 'refused', details: { via: 'hr.reconcile' } }), now);
    notAllowed(text('hr.reconcile.forbidden'));
  }
  const answer = async (notice: Text): Promise<ActionResult> => {
    const card = await cardOf(deps, stored.report.id);
    return card === null ? { kind: 'notice', notice } : { kind: 'card', card, notice };
  };
  if (row.state === 'removed' || row.state === 'not-member') return answer(text('hr.reconcile.alreadyDone', params));
  if (group.status !== 'active') return { kind: 'notice', notice: text('hr.reconcile.archived', params) };
  if (!departed(person, await recordOf(deps, person))) return { kind: 'notice', notice: text('hr.reconcile.notDeparted', params) };
  if (!(await deps.store.reconciliations.claim(stored.report.id, position, now, new Date(now.getTime() - CLAIM_MS)))) {
    return { kind: 'notice', notice: text('hr.reconcile.inProgress', params) };
  }
  let result: RemoveMemberResult;
  try {
    result = await deps.moderation.removeMember(actor.workspace, group, person);
  } catch (err) {
    // The platform failed for now (a rate limit, a network error): said so, audited, the button stays.
    deps.log.warn({ err, groupId: group.id }, 'removing a departed member failed');
    result = { outcome: 'failed', error: 'unavailable' };
  }
  const done = result.outcome === 'removed' || result.outcome === 'not-member' ? result.outcome : null;
  await deps.store.transaction(async (tx) => {
    await tx.reconciliations.settle(stored.report.id, position, done ?? 'listed', done === null ? null : actor.person.id, deps.clock.now());
    await tx.audit.append(byActor(actor, 'member.remove', { ...target, outcome: done !== null ? 'ok' : 'failed', details: { via: 'hr.reconcile', result: result.outcome } }), now);
  });
  if (result.outcome === 'unsupported') return { kind: 'notice', notice: text('hr.reconcile.cannotRemove', params) };
  if (done === null) return { kind: 'error', code: 'unavailable', text: text('hr.reconcile.removeFailed', params) };
  const card = await cardOf(deps, stored.report.id);
  if (card !== null) await updateCopies(deps, actor.workspace, RECONCILE_SUBJECT, stored.report.id, () => card);
  const notice = text(done === 'removed' ? 'hr.reconcile.removed' : 'hr.reconcile.notMember', params);
  return card === null ? { kind: 'notice', notice } : { kind: 'card', card, notice };
}
