// LIFE-4 roster reconciliation in the core with the real store and job runner:
// `hr reconcile` (super admins) lists, per governed group, the departed people still
// present (with Remove) and the accounts HR does not know; every click is checked
// (super admins only, still departed) and removes through the platform, audited; the
// quarterly job sends the card to each super admin. A report is kept: a click
// acts on the row the card showed, claims it first (a double click removes once),
// and every copy of the card then shows it done. Rendered on both platforms in
// both languages.
import { beforeEach, describe, expect, it } from 'vitest';
import { adaptiveCard } from '../../cards/adaptive/index.js';
import { slackCard } from '../../cards/blockkit/index.js';
import { LOCALES } from '../../src/core/locale.js';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import type { ReconcileCard } from '../../src/features/hr/cards.js';
import { RECONCILE_ROWS } from '../../src/features/hr/reconcile.js';
import type { HrEvent } from '../../src/features/hr/schema.js';
import type { HrStore } from '../../src/features/hr/store.js';
import { adaptiveProblems, blockKitProblems } from '../support/cards.js';
import { coreDriver, coreSuite } from '../support/core.js';
import { DATABASES } from '../support/db.js';
import type { RecordingPlatform } from '../support/platform.js';
import { strictTranslator } from '../support/i18n.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const HOME: Conv = { id: 'CHOME', kind: 'channel', name: 'home', teamId: null };
const OTHER: Conv = { id: 'COTHER', kind: 'channel', name: 'other', teamId: null };
const DM: Conv = { id: 'D-UADA', kind: 'direct', name: null, teamId: null };

describe.each(DATABASES)('roster reconciliation ($name)', (target) => {
  const suite = coreSuite(target, { at: '2026-12-23T02:00:00Z', platform: (p: RecordingPlatform) => {
      for (const u of ['UADA', 'UB', 'ULEFT', 'UX']) p.profiles.set(u, { realName: u, email: `${u.toLowerCase()}@example.com` });
    } });
  const { run, click } = coreDriver(() => suite.core, HOME);
  const hrEvent = (e: HrEvent) => applyHrEvent(suite.core.deps as unknown as HrDeps, e, 'webhook');
  const hire = (id: string, user: string) => hrEvent({ id: `hire-${id}`, type: 'hire', occurredAt: '2026-12-01T00:00:00Z', person: { employeeId: id, email: `${user.toLowerCase()}@example.com`, realName: user, department: 'Ops', title: 'Clerk' } });
  const reconcileCard = (reply: unknown): ReconcileCard => {
    expect(reply).toMatchObject({ kind: 'card', card: { kind: 'hr.reconcile' } });
    return (reply as { card: ReconcileCard }).card;
  };

  beforeEach(async () => {
    await hire('E-1', 'UADA');
    await hire('E-2', 'UB');
    await hire('E-3', 'ULEFT');
    // ULEFT leaves before the groups are governed, so no offboarding removes them.
    await hrEvent({ id: 'leave-E-3', type: 'leave', occurredAt: '2026-12-10T00:00:00Z', person: { employeeId: 'E-3', email: 'uleft@example.com' } });
    await suite.core.settle();
    suite.platform.members.set(HOME.id, new Set(['UADA', 'UB', 'ULEFT', 'UX']));
    suite.platform.members.set(OTHER.id, new Set(['UADA', 'ULEFT']));
    await run('UADA', 'group register project The home team', HOME);
    await run('UADA', 'group register community Another one', OTHER);
    // UB moves to Sales after the groups were registered.
    suite.clock.advance(60_000);
    await hrEvent({ id: 'change-E-2', type: 'change', occurredAt: suite.clock.now().toISOString(), person: { employeeId: 'E-2', email: 'ub@example.com', realName: 'UB', department: 'Sales', title: 'Clerk' } });
    suite.platform.calls.length = 0;
  });

  it('lists departed people still present and unknown accounts, and removes on a checked click', async () => {
    expect(JSON.stringify(await run('UB', 'hr reconcile'))).toContain('hr.reconcile.forbidden');
    const card = reconcileCard(await run('UADA', '花名册核对', DM));
    expect(card).toMatchObject({ groups: 2, departed: 2, unknown: 1, moved: 1, more: 0, unlisted: [] });
    expect(card.rows.map((r) => [r.group, r.person.address, r.kind, r.action !== null])).toEqual([
      ['home', 'ULEFT', 'departed', true],
      ['other', 'ULEFT', 'departed', true],
      ['home', 'UX', 'unknown', false],
      ['home', 'UB', 'moved', false],
    ]);
    expect(card.rows[3]).toMatchObject({ from: 'Ops', to: 'Sales' });
    const remove = card.rows[0]!.action!;
    expect(remove.payload).toEqual({ reconciliationId: expect.any(String), position: 0 });
    // A click by someone who is not a super admin changes nothing and is audited.
    expect(await click('UB', remove.id, remove.payload)).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(suite.platform.members.get(HOME.id)?.has('ULEFT')).toBe(true);
    // The platform failing for now (a rate limit, the network): said so, audited, the button stays.
    const removeMember = suite.platform.removeMember.bind(suite.platform);
    suite.platform.removeMember = async () => {
      throw new Error('socket hang up');
    };
    expect(await click('UADA', remove.id, remove.payload)).toMatchObject({ kind: 'error', code: 'unavailable', text: { key: 'hr.reconcile.removeFailed' } });
    suite.platform.removeMember = removeMember;
    expect(suite.platform.members.get(HOME.id)?.has('ULEFT')).toBe(true);
    // The super admin's click removes, once, and the card comes back with the row done.
    const removed = await click('UADA', remove.id, remove.payload);
    expect(removed).toMatchObject({ kind: 'card', notice: { key: 'hr.reconcile.removed' } });
    const after = reconcileCard(removed);
    expect(after.rows[0]).toMatchObject({ group: 'home', kind: 'departed', action: null, done: { state: 'removed', by: { address: 'UADA' } } });
    expect(after.rows[1]!.action).not.toBeNull();
    expect(suite.platform.members.get(HOME.id)?.has('ULEFT')).toBe(false);
    // Clicked again (a double click, a stale copy): nothing more is done.
    expect(await click('UADA', remove.id, remove.payload)).toMatchObject({ kind: 'card', notice: { key: 'hr.reconcile.alreadyDone' } });
    expect(suite.platform.of('removeMember')).toHaveLength(1); // the failure threw before it was recorded
    // Forged or wrong rows are refused: an unknown report, a row that is no departed person's, a row past the end, the old payload.
    expect(await click('UADA', remove.id, { reconciliationId: 'nope', position: 0 })).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UADA', remove.id, { ...remove.payload, position: 2 })).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UADA', remove.id, { ...remove.payload, position: 99 })).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UADA', remove.id, { groupId: 'x', personId: 'y' })).toMatchObject({ kind: 'error', code: 'invalid-input' });
    // Someone rehired meanwhile is not removed.
    await hrEvent({ id: 'rehire-E-3', type: 'hire', occurredAt: '2026-12-22T00:00:00Z', person: { employeeId: 'E-3', email: 'uleft@example.com', realName: 'ULEFT', department: 'Ops', title: 'Clerk' } });
    const other = card.rows[1]!.action!;
    expect(await click('UADA', other.id, other.payload)).toMatchObject({ kind: 'notice', notice: { key: 'hr.reconcile.notDeparted' } });
    expect(suite.platform.members.get(OTHER.id)?.has('ULEFT')).toBe(true);
    const audit = (await suite.db.knex('audit_log').whereIn('action', ['member.remove', 'hr.reconcile']).orderBy('id').select('action', 'outcome', 'actor_id')) as { action: string; outcome: string; actor_id: string }[];
    expect(audit).toEqual([
      { action: 'hr.reconcile', outcome: 'refused', actor_id: 'slack:UB' },
      { action: 'hr.reconcile', outcome: 'ok', actor_id: 'slack:UADA' },
      { action: 'member.remove', outcome: 'refused', actor_id: 'slack:UB' },
      { action: 'member.remove', outcome: 'failed', actor_id: 'slack:UADA' },
      { action: 'member.remove', outcome: 'ok', actor_id: 'slack:UADA' },
    ]);
  });

  it('a row another click is removing is not removed twice; a click that died frees it after two minutes', async () => {
    const card = reconcileCard(await run('UADA', 'hr reconcile', DM));
    const remove = card.rows[0]!.action!;
    const id = String(remove.payload['reconciliationId']);
    expect(await (suite.core.deps.store as unknown as HrStore).reconciliations.claim(id, 0, suite.clock.now(), new Date(0))).toBe(true);
    expect(await click('UADA', remove.id, remove.payload)).toMatchObject({ kind: 'notice', notice: { key: 'hr.reconcile.inProgress' } });
    expect(suite.platform.of('removeMember')).toEqual([]);
    suite.clock.advance(3 * 60_000);
    expect(await click('UADA', remove.id, remove.payload)).toMatchObject({ kind: 'card', notice: { key: 'hr.reconcile.removed' } });
    expect(suite.platform.of('removeMember')).toHaveLength(1);
  });

  it('sends the card to every super admin each quarter; a removal from one copy updates every copy', async () => {
    await run('UADA', 'role grant <@UB> super-admin', DM);
    suite.platform.calls.length = 0;
    await suite.core.deps.jobs.send('hr.quarterly', {});
    await suite.core.settle();
    const sent = suite.platform.of('sendPrivate').filter((c) => 'card' in c.message && c.message.card.kind === 'hr.reconcile');
    expect(sent.map((c) => c.to).sort()).toEqual(['UADA', 'UB']);
    const card = (sent[0]!.message as unknown as { card: ReconcileCard }).card;
    const remove = card.rows[0]!.action!;
    expect(await click('UB', remove.id, remove.payload)).toMatchObject({ kind: 'card', notice: { key: 'hr.reconcile.removed' } });
    const updates = suite.platform.of('updateCard').filter((u) => u.card.kind === 'hr.reconcile');
    expect(updates).toHaveLength(2);
    for (const u of updates) expect((u.card as ReconcileCard).rows[0]).toMatchObject({ action: null, done: { state: 'removed', by: { address: 'UB' } } });
  });

  it('renders on Slack and Teams in both languages, with a Remove button per departed person', async () => {
    const card = reconcileCard(await run('UADA', 'hr reconcile', DM));
    for (const locale of LOCALES) {
      const i18n = strictTranslator();
      const slack = slackCard({ i18n, locale, command: '/charter' }, card);
      expect(blockKitProblems(slack.blocks ?? [])).toEqual([]);
      expect(JSON.stringify(slack.blocks).match(/hr\.reconcile-remove/g)).toHaveLength(2);
      const teams = adaptiveCard({ i18n, locale, command: '@Charter' }, card);
      expect(adaptiveProblems(JSON.parse(JSON.stringify(teams)) as Parameters<typeof adaptiveProblems>[0])).toEqual([]);
      expect(JSON.stringify(teams)).toContain(locale === 'en' ? 'Groups against the HR directory' : '群组与 HR 目录核对');
    }
    // A full card: every listed row departed with its button, more counted, groups unlisted.
    const row = card.rows.find((r) => r.action !== null)!;
    const full: ReconcileCard = { ...card, rows: Array.from({ length: RECONCILE_ROWS }, () => row), more: 40, unlisted: ['a', 'b'] };
    const slack = slackCard({ i18n: strictTranslator(), locale: 'en', command: '/charter' }, full);
    expect(blockKitProblems(slack.blocks ?? [])).toEqual([]);
    // Rows done from the card: no button, who did what, in both languages on both platforms.
    const done: ReconcileCard = { ...card, rows: [{ ...row, action: null, done: { state: 'removed', by: row.person } }, { ...row, action: null, done: { state: 'not-member', by: null } }] };
    for (const locale of LOCALES) {
      const s = slackCard({ i18n: strictTranslator(), locale, command: '/charter' }, done);
      expect(blockKitProblems(s.blocks ?? [])).toEqual([]);
      expect(JSON.stringify(s.blocks)).not.toContain('hr.reconcile-remove');
      expect(JSON.stringify(s.blocks)).toContain(locale === 'en' ? 'was removed from' : '移出');
      const t = adaptiveCard({ i18n: strictTranslator(), locale, command: '@Charter' }, done);
      expect(adaptiveProblems(JSON.parse(JSON.stringify(t)) as Parameters<typeof adaptiveProblems>[0])).toEqual([]);
      expect(JSON.stringify(t)).toContain(locale === 'en' ? 'no longer in' : '已不在');
    }
  });
});
