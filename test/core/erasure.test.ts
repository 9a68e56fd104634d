// AUD-4 erasure in the core with the real store: `hr erase <employee id>` by a super
// admin, only for someone HR says has left; afterwards no table holds the person's
// name or e-mail, the audit log keeps every row (same ids, times, actions, outcomes)
// with their identity replaced by a pseudonym, the log still refuses any other
// change, and readers see the pseudonym.
import { beforeEach, describe, expect, it } from 'vitest';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import { pseudonymOf } from '../../src/features/hr/erase.js';
import type { HrEvent } from '../../src/features/hr/schema.js';
import { coreDriver, coreSuite, SETTINGS } from '../support/core.js';
import type { AuditLogRow } from '../../src/store/repos/audit.js';
import { DATABASES } from '../support/db.js';
import type { RecordingPlatform } from '../support/platform.js';
import { dumpAllTables } from '../support/dlp.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const HOME: Conv = { id: 'CHOME', kind: 'channel', name: 'home', teamId: null };
const KEY = 'erasure-test-key-0123456789abcdef-0123';
const NAME = 'Lee Erasable';
const EMAIL = 'lee.erasable@example.com';
const SECRETS = [NAME, EMAIL, 'Zeta Research', 'Chief Zetologist'];

describe.each(DATABASES)('erasure ($name)', (target) => {
  const suite = coreSuite(target, { at: '2026-12-23T02:00:00Z', platform: (p: RecordingPlatform) => {
      for (const u of ['UADA', 'UB']) p.profiles.set(u, { realName: u, email: `${u.toLowerCase()}@example.com` });
      p.profiles.set('U0LEFT042', { realName: NAME, email: EMAIL });
      p.members.set(HOME.id, new Set(['UADA', 'UB', 'U0LEFT042']));
    }, start: { settings: { ...SETTINGS, erasureKey: KEY } }, forbidden: [EMAIL, NAME] });
  const { run } = coreDriver(() => suite.core, HOME);
  const hrEvent = (e: HrEvent) => applyHrEvent(suite.core.deps as unknown as HrDeps, e, 'webhook');
  const hire = (id: string, at: string) =>
    hrEvent({ id, type: 'hire', occurredAt: at, person: { employeeId: 'E-77', email: 'Lee.Erasable@Example.com', realName: NAME, department: 'Zeta Research', title: 'Chief Zetologist', managerEmail: 'boss@example.com', locale: 'en' } });
  const auditRows = async () => (await suite.db.knex('audit_log').orderBy('id')) as AuditLogRow[];
  /** What an erasure may change in a row, blanked: the rest must stay as it was. */
  const fixed = (r: AuditLogRow) => ({ ...r, actor_id: null, actor_name: null, target_id: null, details: Object.keys(r.details).sort() });
  const answerKey = (reply: unknown) => JSON.stringify(reply);

  beforeEach(async () => {
    await run('UADA', 'group register project The home team', HOME);
    expect(await hire('evt-hire', '2026-12-01T00:00:00Z')).toMatchObject({ outcome: 'created' });
    // Someone whose manager is the leaver: the e-mail leaves their record too.
    await hrEvent({ id: 'evt-hire-2', type: 'hire', occurredAt: '2026-12-01T00:00:00Z', person: { employeeId: 'E-88', email: 'ub@example.com', realName: 'UB', department: 'Ops', title: 'Clerk', managerEmail: EMAIL } });
    await run('U0LEFT042', 'help'); // an account, with the HR profile
    await run('UADA', 'role grant <@U0LEFT042> moderator helps', HOME); // U0LEFT042 as a target
    await run('U0LEFT042', 'hr erase E-88'); // U0LEFT042 as an actor (refused)
  });

  it('leaves the accounts of a rehire under a new id alone: the old id\'s late leave touches nobody, and its erasure is refused', async () => {
    // Lee comes back under a new employee id with the same address; the old id's leave arrives late.
    await hrEvent({ id: 'evt-rehire', type: 'hire', occurredAt: '2026-12-10T00:00:00Z', person: { employeeId: 'E-77B', email: EMAIL, realName: NAME, department: 'Zeta Research', title: 'Chief Zetologist' } });
    expect(await hrEvent({ id: 'evt-old-leave', type: 'leave', occurredAt: '2026-12-11T00:00:00Z', person: { employeeId: 'E-77', email: EMAIL } })).toMatchObject({ outcome: 'updated', accounts: 0 });
    await suite.core.settle();
    expect((await suite.db.knex('people').where({ address: 'U0LEFT042' }).first('employment', 'real_name')) as unknown).toEqual({ employment: 'active', real_name: NAME });
    expect(Number(((await suite.db.knex('hr_offboardings').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(0);
    expect(suite.platform.of('removeMember')).toEqual([]);
    // Erasing the old id would erase the current employee's accounts: refused, nothing changed.
    expect(answerKey(await run('UADA', 'hr erase E-77'))).toContain('hr.erase.sharedEmail');
    expect((await suite.db.knex('people').where({ address: 'U0LEFT042' }).first('real_name', 'erased_at')) as unknown).toEqual({ real_name: NAME, erased_at: null });
    expect(Number(((await suite.db.knex('audit_erasures').count({ n: '*' }).first()) as { n: string | number }).n)).toBe(0);
  });

  it('refuses non-super-admins and people who have not left, and says why', async () => {
    expect(answerKey(await run('UB', 'hr erase E-77'))).toContain('hr.erase.forbidden');
    expect(answerKey(await run('UADA', 'hr erase E-77'))).toContain('hr.erase.notLeft');
    expect(answerKey(await run('UADA', '擦除 E-404'))).toContain('hr.erase.unknown');
    expect(answerKey(await run('UADA', 'hr erase'))).toContain('hr.erase.missingId');
    // Nothing was erased; each refusal is audited.
    const person = (await suite.db.knex('hr_people').where({ employee_id: 'E-77' }).first()) as { email: string; real_name: string; erased_at: Date | null };
    expect(person).toMatchObject({ email: EMAIL, real_name: NAME, erased_at: null });
    expect((await suite.db.knex('people').where({ address: 'U0LEFT042' }).first('real_name')) as unknown).toEqual({ real_name: NAME });
    const refused = (await auditRows()).filter((r) => r.action === 'hr.erase' && r.outcome === 'refused').map((r) => r.reason);
    expect(refused).toEqual(['not a super admin', 'not a super admin', 'still employed', 'no such employee']);
  });

  it('refuses without CHARTER_ERASURE_KEY', async () => {
    await hrEvent({ id: 'evt-leave', type: 'leave', occurredAt: '2026-12-20T00:00:00Z', person: { employeeId: 'E-77', email: EMAIL } });
    await suite.core.settle();
    suite.core.deps = { ...suite.core.deps, settings: SETTINGS };
    expect(answerKey(await run('UADA', 'hr erase E-77'))).toContain('hr.erase.noKey');
    expect(await dumpAllTables(suite.db)).toContain(NAME);
  });

  it('erases a leaver everywhere in one go, pseudonymising the audit log without losing or reshaping a row', async () => {
    await hrEvent({ id: 'evt-leave', type: 'leave', occurredAt: '2026-12-20T00:00:00Z', person: { employeeId: 'E-77', email: EMAIL } });
    await suite.core.settle();
    for (let i = 0; i < 6; i += 1) {
      await suite.core.advance(10_000);
      await suite.core.settle();
    }
    const account = (await suite.db.knex('people').where({ address: 'U0LEFT042' }).first('id', 'workspace_id')) as { id: string; workspace_id: string };
    // A row where the same short text stands for something else: not an employee id, left alone.
    await suite.core.store.audit.append({ workspaceId: account.workspace_id, actorId: 'system', actorName: null, action: 'test.unrelated', targetType: 'group', targetId: 'E-77', groupId: null, reason: null, outcome: 'ok', details: { reference: 'E-77', note: 'E-77' } }, suite.clock.now());
    // Some details name people by their bare platform id (a join request's requester, an approver).
    await suite.core.store.audit.append({ workspaceId: account.workspace_id, actorId: 'slack:UADA', actorName: null, action: 'join.approve', targetType: 'join_request', targetId: 'r-1', groupId: null, reason: null, outcome: 'ok', details: { requester: 'U0LEFT042', step: 'first' } }, suite.clock.now());
    const before = await auditRows();
    const identities = [account.id, 'slack:U0LEFT042', 'U0LEFT042'];
    const naming = before.filter(
      (r) =>
        identities.includes(r.actor_id) ||
        identities.includes(r.target_id ?? '') ||
        (r.target_type === 'hr_person' && r.target_id === 'E-77') ||
        identities.some((i) => JSON.stringify(r.details).includes(`"${i}"`)) ||
        JSON.stringify(r.details).includes('"employeeId":"E-77"'),
    );
    expect(naming.length).toBeGreaterThanOrEqual(5); // hire, leave, role grant and revoke, the refused attempt…
    expect(before.some((r) => r.actor_name === 'u0left042')).toBe(true);
    expect(await dumpAllTables(suite.db)).toContain(NAME);

    const reply = await run('UADA', 'hr erase E-77');
    const pseudonym = pseudonymOf(KEY, 'E-77');
    expect(pseudonym).toMatch(/^erased:[0-9a-f]{12}$/);
    expect(reply).toMatchObject({ kind: 'text', text: { key: 'hr.erase.done', params: { pseudonym, accounts: 1, rows: naming.length } } });

    // No table holds the name, the e-mail, the department, the title or the display name.
    const dump = (await dumpAllTables(suite.db)).toLowerCase();
    for (const secret of SECRETS) expect(dump, secret).not.toContain(secret.toLowerCase());
    // Nor the employee id or the account in the audit log: the pseudonym instead.
    const after = await auditRows();
    const unrelated = after.find((r) => r.action === 'test.unrelated')!;
    expect(unrelated).toMatchObject({ target_id: 'E-77', details: { reference: 'E-77', note: 'E-77' } });
    expect(after.filter((r) => r !== unrelated && /"E-77"|slack:U0LEFT042|"U0LEFT042"/.test(JSON.stringify(r)))).toEqual([]);
    expect(after.find((r) => r.action === 'join.approve')?.details).toEqual({ requester: pseudonym, step: 'first' });
    expect(JSON.stringify(after)).not.toContain(account.id);

    // Append-only: every row still there, same id, time, action, target type, group, reason, outcome and detail keys; two rows more (the erasure, in the workspace and in the HR scope).
    expect(after.slice(0, before.length).map(fixed)).toEqual(before.map(fixed));
    expect(after.slice(before.length).map((r) => [r.action, r.target_id, r.actor_id, r.outcome])).toEqual([
      ['hr.erase', pseudonym, 'slack:UADA', 'ok'],
      ['hr.erase', pseudonym, 'slack:UADA', 'ok'],
    ]);
    const changed = after.filter((r, i) => i < before.length && JSON.stringify(r) !== JSON.stringify(before[i]));
    expect(changed.map((r) => Number(r.id))).toEqual(naming.map((r) => Number(r.id)));
    for (const r of changed) {
      if (r.actor_id === pseudonym) expect(r.actor_name).toBe('erased person');
      expect([r.actor_id, r.target_id, JSON.stringify(r.details)].some((v) => v?.includes(pseudonym))).toBe(true);
    }
    // The ledger names the rows it changed, and refuses changes itself.
    const ledger = (await suite.db.knex('audit_erasures').select()) as { pseudonym: string; erased_by: string; audit_ids: (string | number)[]; accounts: number; events: number }[];
    expect(ledger).toHaveLength(1);
    expect(ledger[0]).toMatchObject({ pseudonym, erased_by: 'slack:UADA', accounts: 1, events: 2 });
    expect(ledger[0]!.audit_ids.map(Number)).toEqual(naming.map((r) => Number(r.id)));
    await expect(suite.db.knex('audit_erasures').update({ accounts: 0 })).rejects.toThrow(/append-only/);
    await expect(suite.db.knex('audit_erasures').delete()).rejects.toThrow(/append-only/);

    // The log still refuses any other change: a plain update, a delete, and, even with the erasure's setting, a change of anything but identity.
    const first = Number(after[0]!.id);
    await expect(suite.db.knex('audit_log').where({ id: first }).update({ actor_name: 'x' })).rejects.toThrow(/append-only/);
    await expect(suite.db.knex('audit_log').where({ id: first }).delete()).rejects.toThrow(/append-only/);
    await expect(
      suite.db.knex.transaction(async (tx) => {
        await tx.raw(`select set_config('charter.audit_pseudonym', ?, true)`, [pseudonym]);
        await tx('audit_log').where({ id: first }).update({ action: 'forged', actor_id: pseudonym });
      }),
    ).rejects.toThrow(/append-only/);
    await expect(suite.db.knex.raw(`select audit_log_pseudonymise(array['slack:UADA'], 'someone')`)).rejects.toThrow(/not a pseudonym/);
    expect(await auditRows()).toEqual(after);

    // Readers (the audit repository every export uses) see the pseudonym.
    const listed = await suite.core.store.audit.list(account.workspace_id);
    expect(listed.some((r) => r.actorId === pseudonym && r.actorName === 'erased person')).toBe(true);
    expect(listed.some((r) => r.targetId === pseudonym && r.action === 'role.grant')).toBe(true);
    expect(listed.some((r) => r.actorId === 'slack:U0LEFT042' || r.targetId === account.id)).toBe(false);

    // The account stays (roles and history point at it), nameless; the HR record keeps its id and status; events keep id and type.
    expect((await suite.db.knex('people').where({ id: account.id }).first('display_name', 'email', 'real_name', 'employment')) as unknown).toEqual({ display_name: 'erased person', email: null, real_name: null, employment: 'inactive' });
    expect((await suite.db.knex('hr_people').where({ employee_id: 'E-77' }).first('email', 'status', 'last_event_id')) as unknown).toEqual({ email: pseudonym, status: 'left', last_event_id: 'evt-leave' });
    expect((await suite.db.knex('hr_people').where({ employee_id: 'E-88' }).first('manager_email')) as unknown).toEqual({ manager_email: null });
    const events = (await suite.db.knex('hr_events').where({ employee_id: 'E-77' }).orderBy('id').select('id', 'type', 'payload')) as { id: string; type: string; payload: unknown }[];
    expect(events).toEqual([
      { id: 'evt-hire', type: 'hire', payload: { id: 'evt-hire', type: 'hire', occurredAt: '2026-12-01T00:00:00Z', person: { employeeId: 'E-77' }, erased: true } },
      { id: 'evt-leave', type: 'leave', payload: { id: 'evt-leave', type: 'leave', occurredAt: '2026-12-20T00:00:00Z', person: { employeeId: 'E-77' }, erased: true } },
    ]);

    // Idempotency holds: a replayed event is a duplicate, an older one is stale; nothing comes back.
    expect(await hire('evt-hire', '2026-12-01T00:00:00Z')).toEqual({ outcome: 'duplicate' });
    expect(await hire('evt-hire-late', '2026-12-02T00:00:00Z')).toMatchObject({ outcome: 'stale' });
    expect(await hrEvent({ id: 'evt-leave-again', type: 'leave', occurredAt: '2026-12-22T00:00:00Z', person: { employeeId: 'E-77', email: EMAIL } })).toMatchObject({ outcome: 'unchanged' });
    const dumpLater = (await dumpAllTables(suite.db)).toLowerCase();
    for (const secret of SECRETS) expect(dumpLater, secret).not.toContain(secret.toLowerCase());
    expect((await auditRows()).filter((r) => r.action !== 'test.unrelated' && /"E-77"/.test(JSON.stringify(r)))).toEqual([]);
    // Erasing again says so (in Chinese too), and names only the pseudonym in the log.
    expect(answerKey(await run('UADA', '擦除 E-77'))).toContain('hr.erase.already');
    const last = (await auditRows()).at(-1)!;
    expect(last).toMatchObject({ action: 'hr.erase', outcome: 'refused', target_id: pseudonym, reason: 'already erased' });

    // Days later the suite.platform still reports the account with its name: nothing comes back.
    suite.clock.advance(3 * 86_400_000);
    await run('U0LEFT042', 'help');
    expect((await suite.db.knex('people').where({ id: account.id }).first('display_name', 'email', 'real_name')) as unknown).toEqual({ display_name: 'erased person', email: null, real_name: null });
    expect((await dumpAllTables(suite.db)).toLowerCase()).not.toContain(NAME.toLowerCase());
  });
});
