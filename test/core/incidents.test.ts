// Incidents (INC-1..5) and group locks (INC-4) in the core with the real store and
// job runner on a controllable clock: declaration, the card and its clicks with
// authority checked on each, the playbook's clocks (reminder, a missed deadline
// escalated once, reminders while unacknowledged) across a restart and with two
// instances, the review on resolve, the spam playbook and the lock's enforcement.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FormModel } from '../../src/core/cards.js';
import { handleCardAction, handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { MessageEvent } from '../../src/core/inputs.js';
import type { IncidentCard, IncidentReviewCard } from '../../src/features/incident/cards.js';
import type { IncidentStore } from '../../src/features/incident/store.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { actorOf, coreDriver, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { messageEvent } from '../support/messages.js';
import { RecordingPlatform, SLACK_LIKE } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const TEAM: Conv = { id: 'CTEAM', kind: 'channel', name: 'team', teamId: null };
const MIN = 60_000;
const START = '2026-11-24T03:00:00Z';


let seq = 0;
function message(user: string, text: string, at: Date): MessageEvent & { type: 'message' } {
  seq += 1;
  return messageEvent({ workspace: 'T1', channel: TEAM.id, user, messageId: `i${seq}`, text, at });
}

describe.each(DATABASES)('incidents ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  let store: CharterStore & IncidentStore;
  const clock = new TestClock();
  const logs = memoryLogger();
  const { run, click, later } = coreDriver(() => core, TEAM);

  const on = async (e: MessageEvent & { type: 'message' }) => {
    await handlePlatformEvent(core.deps, e);
    await core.settle();
  };
  const texts = (key: string) => platform.texts().filter(([, k]) => k === key).map(([to]) => to).sort();
  const groupCards = () => platform.of('postToGroup').flatMap((c) => ('card' in c.message && c.message.card.kind === 'incidents.incident' ? [c.message.card as unknown as IncidentCard] : []));
  const latest = () => {
    const updates = platform.of('updateCard').filter((u) => u.card.kind === 'incidents.incident');
    return (updates.at(-1)?.card ?? groupCards().at(-1)) as IncidentCard;
  };
  const incidentId = async () => ((await db.knex('incidents').orderBy('declared_at', 'desc').first('id')) as { id: string }).id;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set(START);
    await resetDatabase(db);
    platform = new RecordingPlatform({ ...SLACK_LIKE, deleteMessage: true });
    for (const u of ['UADA', 'UOWN', 'UMO', 'UBOB', 'UBAD', 'UZED']) platform.profiles.set(u, { realName: u });
    platform.members.set(TEAM.id, new Set(['UADA', 'UOWN', 'UMO', 'UBOB', 'UBAD']));
    core = await startCore(db, platform, clock, logs);
    store = core.store as CharterStore & IncidentStore;
    await run('UADA', 'group register project The launch team');
    await run('UADA', 'role grant <@UOWN> owner runs it');
    await run('UOWN', 'role grant <@UMO> moderator keeps order');
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  it('runs a level 1 incident: card with two deadlines, acknowledge, a step done, a missed deadline escalated once, resolve with a review', async () => {
    expect(await run('UBOB', 'incident declare 1 The CEO quote in the all-hands post is wrong')).toMatchObject({ kind: 'text', text: { key: 'incidents.declared' } });
    const id = await incidentId();
    // The card in the group, and to the super admins privately.
    const [card] = groupCards();
    expect(card).toMatchObject({ level: '1', status: 'open', commander: { address: 'UBOB' }, acknowledged: null, locked: false });
    expect(card!.steps.map((s) => [s.name.key, s.dueAt.toISOString()])).toEqual([
      ['incidents.steps.retract', '2026-11-24T03:05:00.000Z'],
      ['incidents.steps.clarify', '2026-11-24T03:10:00.000Z'],
    ]);
    expect(card!.actions.map((a) => a.id)).toEqual(['incident.ack', 'incident.command', 'incident.step', 'incident.step', 'incident.escalate', 'incident.resolve']);
    expect(platform.of('sendPrivate').filter((c) => 'card' in c.message).map((c) => c.to)).toEqual(['UADA']);

    // Someone outside the group may not acknowledge; a member may, once.
    expect(await click('UZED', 'incident.ack', { incidentId: id })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    await later(MIN);
    expect(await click('UMO', 'incident.ack', { incidentId: id })).toMatchObject({ kind: 'card', card: { acknowledged: { by: { address: 'UMO' } } } });
    expect(await click('UOWN', 'incident.ack', { incidentId: id })).toMatchObject({ kind: 'card', notice: { key: 'incidents.alreadyAcknowledged' } });
    // Every copy is updated in place.
    expect(new Set(platform.of('updateCard').map((u) => u.conversationId)).size).toBe(2);

    // A member who is not the commander may not run steps; the commander may.
    expect(await click('UBAD', 'incident.step', { incidentId: id, position: 0 })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await store.audit.list('slack:T1', { action: 'incident.step' })).toEqual([expect.objectContaining({ outcome: 'refused' })]);
    // The reminder before the first deadline (2 minutes before), to the commander.
    await later(2 * MIN);
    expect(texts('incidents.remind')).toEqual(['UBOB']);
    expect(await click('UBOB', 'incident.step', { incidentId: id, position: 0 })).toMatchObject({ kind: 'card', card: { steps: [{ done: { by: { address: 'UBOB' } } }, { done: null }] } });
    expect(await click('UBOB', 'incident.step', { incidentId: id, position: 0 })).toMatchObject({ kind: 'card', notice: { key: 'incidents.stepAlreadyDone' } });

    // The clarification is missed: the super admins are told once, across a restart.
    await later(3 * MIN);
    expect(texts('incidents.remind')).toEqual(['UBOB', 'UBOB']);
    await later(5 * MIN);
    expect(texts('incidents.missed')).toEqual(['UADA']);
    await core.restartJobs();
    await later(30 * MIN);
    expect(texts('incidents.missed')).toEqual(['UADA']);
    expect(latest()).toMatchObject({ escalations: 1, steps: [{ missed: false }, { missed: true }] });

    // Resolve asks for a summary; then the review lands in the group with the right times.
    const form = await click('UOWN', 'incident.resolve', { incidentId: id });
    expect(form).toMatchObject({ kind: 'form', form: { action: { id: 'incident.resolve' }, fields: [{ id: 'summary', required: true }] } });
    expect(await click('UOWN', 'incident.resolve', { incidentId: id }, { summary: '  ' })).toMatchObject({ kind: 'form', form: { fields: [{ error: { key: 'incidents.resolveForm.required' } }] } });
    const resolved = await click('UOWN', 'incident.resolve', { incidentId: id }, { summary: 'Retracted at 03:03, clarified late at 03:45.' });
    expect(resolved).toMatchObject({ kind: 'card', card: { status: 'resolved', actions: [] } });
    const review = platform.of('postToGroup').flatMap((c) => ('card' in c.message && c.message.card.kind === 'incidents.review' ? [c.message.card as unknown as IncidentReviewCard] : []));
    expect(review).toHaveLength(1);
    expect(review[0]).toMatchObject({ secondsToAcknowledge: 60, secondsToResolve: 41 * 60, summary: 'Retracted at 03:03, clarified late at 03:45.', missed: [{ key: 'incidents.steps.clarify' }] });
    expect(review[0]!.timeline.map((e) => e.what.key)).toEqual([
      'incidents.timeline.declared',
      'incidents.timeline.acknowledged',
      'incidents.timeline.reminded',
      'incidents.timeline.step',
      'incidents.timeline.reminded',
      'incidents.timeline.missed',
      'incidents.timeline.escalated',
      'incidents.timeline.resolved',
    ]);
    // Nothing more happens after the resolve; another resolve changes nothing.
    expect(await click('UOWN', 'incident.resolve', { incidentId: id }, { summary: 'again' })).toMatchObject({ kind: 'card', notice: { key: 'incidents.alreadyResolved' } });
    await later(60 * MIN);
    expect(texts('incidents.unacknowledged')).toEqual([]);
    expect(await store.incidents.totals('slack:T1', null)).toEqual([{ level: '1', count: 1, resolved: 1, unacknowledged: 0, meanSecondsToAcknowledge: 60, meanSecondsToResolve: 2460, stepsMissed: 1 }]);
    expect((await store.audit.list('slack:T1')).map((a) => a.action).filter((a) => a.startsWith('incident.'))).toEqual(
      expect.arrayContaining(['incident.declare', 'incident.ack', 'incident.step', 'incident.escalate', 'incident.resolve']),
    );
  });

  it('reminds the admins while nobody acknowledges, stops once someone does, and lets admins take command', async () => {
    await run('UBOB', 'incident declare 4 Build servers are down');
    const id = await incidentId();
    await later(15 * MIN);
    expect(texts('incidents.unacknowledged')).toEqual(['UADA', 'UBOB', 'UMO', 'UOWN']); // the group's admins (Ada registered it) and the commander
    await later(15 * MIN);
    expect(texts('incidents.unacknowledged')).toHaveLength(8);
    // A member cannot take command; a moderator can, which acknowledges it too.
    expect(await click('UBAD', 'incident.command', { incidentId: id })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await click('UMO', 'incident.command', { incidentId: id })).toMatchObject({ kind: 'card', card: { commander: { address: 'UMO' }, acknowledged: { by: { address: 'UMO' } } } });
    await later(60 * MIN);
    expect(texts('incidents.unacknowledged')).toHaveLength(8);
    // The former commander may no longer run steps (not an admin); the new one may escalate.
    expect(await click('UBOB', 'incident.step', { incidentId: id, position: 0 })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await click('UMO', 'incident.escalate', { incidentId: id })).toMatchObject({ kind: 'card', notice: { key: 'incidents.escalatedNotice' } });
    expect(texts('incidents.escalated')).toEqual(['UADA']);
    // A second click (or a burst of them) within minutes escalates nothing more.
    await Promise.all([click('UMO', 'incident.escalate', { incidentId: id }), click('UOWN', 'incident.escalate', { incidentId: id })]);
    expect(await click('UMO', 'incident.escalate', { incidentId: id })).toMatchObject({ kind: 'card', notice: { key: 'incidents.alreadyEscalated' } });
    expect(texts('incidents.escalated')).toEqual(['UADA']);
    // `incident status` shows the card; a second declaration shows the open one.
    expect(await run('UBOB', 'incident status')).toMatchObject({ kind: 'card', card: { kind: 'incidents.incident', incidentId: id } });
    expect(await run('UBOB', 'incident declare 3 Another thing')).toMatchObject({ kind: 'card', card: { incidentId: id, notice: { key: 'incidents.alreadyOpen' } } });
    // A data leak during it still locks the group at once and tells security and legal.
    expect(await run('UBOB', 'incident declare 2 The outage post leaked a customer list')).toMatchObject({ kind: 'card', card: { incidentId: id, locked: true, notice: { key: 'incidents.alreadyOpenLocked' } } });
    expect(texts('incidents.notifySecurity')).toEqual(['UADA']);
    expect((await store.incidents.timeline(id)).map((e) => e.kind)).toContain('locked');
    // Declaring it again while locked tells nobody again; once an admin unlocked, a member cannot lock again this way.
    await run('UBOB', 'incident declare 2 again');
    expect(texts('incidents.notifySecurity')).toEqual(['UADA']);
    await run('UMO', 'unlock the list was removed');
    expect(await run('UBOB', 'incident declare spam again')).toMatchObject({ kind: 'card', card: { locked: false, notice: { key: 'incidents.alreadyOpen' } } });
    // A click from another workspace or on an unknown incident changes nothing.
    const elsewhere = await handleCardAction(core.deps, { actor: actorOf('UMO', 'T2'), actionId: 'incident.resolve', payload: { incidentId: id }, inputs: { summary: 'x' } });
    expect(elsewhere.result).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UMO', 'incident.ack', { incidentId: 'not-a-uuid' })).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await click('UMO', 'incident.step', { incidentId: id, position: 'one' as unknown as number })).toMatchObject({ kind: 'error', code: 'invalid-input' });
    expect((await store.incidents.get(id))?.status).toBe('open');
  });

  it('asks for the level and title with a form when they are missing, in either language', async () => {
    const reply = await run('UBOB', '事件 声明');
    expect(reply).toMatchObject({ kind: 'form', form: { action: { id: 'incident.declare' }, fields: [{ id: 'level' }, { id: 'title' }] } });
    const groupId = ((reply as { form: FormModel }).form.action.payload as { groupId: string }).groupId;
    expect(await click('UBOB', 'incident.declare', { groupId }, { level: '9', title: '' })).toMatchObject({
      kind: 'form',
      form: { fields: [{ error: { key: 'incidents.form.levelInvalid' } }, { error: { key: 'incidents.form.titleRequired' } }] },
    });
    expect(await click('UBOB', 'incident.declare', { groupId }, { level: '三级', title: '客户在群里投诉交付延期' })).toMatchObject({ kind: 'notice', notice: { key: 'incidents.declared' } });
    expect(groupCards()[0]).toMatchObject({ level: '3', title: '客户在群里投诉交付延期' });
    expect(await run('UBOB', 'incident declare 2 x', { id: 'D1', kind: 'direct', name: null, teamId: null })).toMatchObject({ kind: 'error', code: 'invalid-input' });
  });

  it('runs the spam playbook: locks, purges and removes the attacker, tightens admission; the lock removes members’ messages until unlocked with a reason', async () => {
    const t0 = new Date(START);
    const spam = [message('UBAD', 'cheap followers, DM me', new Date(t0.getTime() - 5 * MIN)), message('UBAD', 'cheap followers again', new Date(t0.getTime() - 4 * MIN))];
    for (const m of spam) await on(m);
    await on(message('UBOB', 'who is this?', new Date(t0.getTime() - 3 * MIN)));
    platform.calls.length = 0;
    await run('UMO', 'incident declare spam <@UBAD> flooding the group with ads');
    const id = await incidentId();
    expect(platform.of('deleteMessage').map((d) => d.messageId).sort()).toEqual(spam.map((m) => m.messageId).sort());
    expect(platform.of('removeMember')).toEqual([{ op: 'removeMember', channel: 'CTEAM', user: 'UBAD' }]);
    expect(await store.settings.policy('slack:T1', (await store.locks.get((await store.incidents.get(id))!.groupId))!.groupId)).toMatchObject({ group: { 'admission.enforce': 'remove' } });
    const card = groupCards()[0]!;
    expect(card.locked).toBe(true);
    expect(card.steps.map((s) => [s.name.key, s.done?.by ?? null, s.auto])).toEqual([
      ['incidents.steps.lock', null, 'done'],
      ['incidents.steps.purge', null, 'done'],
      ['incidents.steps.remove-attacker', null, 'done'],
      ['incidents.steps.tighten-admission', null, 'done'],
    ]);
    expect(platform.of('postToGroup').map((c) => ('text' in c.message ? c.message.text.key : 'card'))).toEqual(['incidents.lock.announced', 'card']);
    expect(texts('incidents.removedAttacker')).toEqual(['UBAD']);

    // While locked: a member's message is removed and the member told; an owner's stays.
    platform.calls.length = 0;
    await on(message('UBOB', 'is it over?', clock.now()));
    await on(message('UOWN', 'we are on it', clock.now()));
    expect(platform.of('deleteMessage')).toHaveLength(1);
    expect(platform.of('remindPrivately').map((c) => [c.to, 'text' in c.message ? c.message.text.key : null])).toEqual([['UBOB', 'incidents.lock.removedYours']]);
    // Only admins unlock, with a reason.
    expect(await run('UBOB', 'unlock all clear')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UMO', 'unlock')).toMatchObject({ kind: 'error', code: 'invalid-input' });
    expect(await run('UMO', 'unlock the attacker is gone')).toMatchObject({ kind: 'text', text: { key: 'incidents.lock.undone' } });
    expect(await run('UMO', '解禁 再次')).toMatchObject({ kind: 'error', code: 'conflict' });
    await on(message('UBOB', 'thanks', clock.now()));
    expect(platform.of('deleteMessage')).toHaveLength(1);
    expect((await store.audit.list('slack:T1', { action: 'group.unlock' })).map((a) => [a.actorId === null, a.outcome, a.reason])).toEqual([
      [false, 'refused', 'all clear'],
      [false, 'ok', 'the attacker is gone'],
    ]);
    const timeline = (await store.incidents.timeline(id)).map((e) => e.kind);
    expect(timeline).toEqual(['declared', 'locked', 'purged', 'attacker-removed', 'admission', 'unlocked']);
  });

  it('leaves purge and removal to an admin when a member names the attacker, and never acts on an admin', async () => {
    await on(message('UOWN', 'the launch is on friday', new Date(new Date(START).getTime() - MIN)));
    platform.calls.length = 0;
    await run('UBOB', 'incident declare spam <@UOWN> is spamming');
    expect(platform.of('deleteMessage')).toEqual([]);
    expect(platform.of('removeMember')).toEqual([]);
    const card = groupCards()[0]!;
    expect(card.steps.map((s) => [s.name.key, s.auto])).toEqual([
      ['incidents.steps.lock', 'done'],
      ['incidents.steps.purge', 'unsupported'],
      ['incidents.steps.remove-attacker', 'unsupported'],
      ['incidents.steps.tighten-admission', 'done'],
    ]);
    expect((await store.incidents.timeline(await incidentId())).filter((e) => e.kind === 'step-auto').map((e) => e.details['attacker'])).toEqual(['protected', 'protected']);
    // A stranger's forged form names a group they are not in: refused, audited, nothing declared.
    const groupId = ((await db.knex('groups').first('id')) as { id: string }).id;
    expect(await click('UZED', 'incident.declare', { groupId }, { level: '2', title: 'fake' })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await click('UZED', 'incident.declare', { groupId: 'x'.repeat(40) }, { level: '2', title: 'fake' })).toMatchObject({ kind: 'error', code: 'not-found' });
    // Reopening the form (a Teams dialog's fetch) names a real group of this workspace, or nothing.
    expect(await click('UBOB', 'incident.declare-form', { groupId })).toMatchObject({ kind: 'form', form: { action: { payload: { groupId } } } });
    expect(await click('UBOB', 'incident.declare-form', { groupId: 'not-a-group' })).toMatchObject({ kind: 'error', code: 'not-found' });
    const elsewhere = await handleCardAction(core.deps, { actor: actorOf('UBOB', 'T2'), actionId: 'incident.declare-form', payload: { groupId }, inputs: {} });
    expect(elsewhere.result).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(Number(((await db.knex('incidents').count({ n: '*' }))[0] as { n: number | string }).n)).toBe(1);
  });

  it('locks a data leak at once and tells security and legal; without removal the lock warns and tells the moderators', async () => {
    await core.stop();
    platform = new RecordingPlatform(SLACK_LIKE); // no admin token: Charter cannot remove messages
    for (const u of ['UADA', 'UOWN', 'UMO', 'UBOB']) platform.profiles.set(u, { realName: u });
    platform.members.set(TEAM.id, new Set(['UADA', 'UOWN', 'UMO', 'UBOB']));
    core = await startCore(db, platform, clock, logs);
    await run('UBOB', 'incident declare 2 Salary sheet posted in the group');
    expect(texts('incidents.notifySecurity')).toEqual(['UADA']);
    expect(platform.of('postToGroup').map((c) => ('text' in c.message ? c.message.text.key : 'card'))).toEqual(['incidents.lock.announcedWarn', 'card']);
    await on(message('UBOB', 'oops', clock.now()));
    expect(platform.of('deleteMessage')).toEqual([]);
    expect(platform.of('remindPrivately').map((c) => [c.to, 'text' in c.message ? c.message.text.key : null])).toEqual([['UBOB', 'incidents.lock.warnYours']]);
    expect(texts('incidents.lock.notRemoved')).toEqual(['UADA', 'UMO', 'UOWN']);
    expect(await store.audit.list('slack:T1', { action: 'group.lock.enforce' })).toEqual([expect.objectContaining({ outcome: 'fallback' })]);
    // A lock typed by hand needs a reason and an admin.
    await run('UMO', 'unlock contained');
    expect(await run('UBOB', 'lock spam wave')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UOWN', '禁言 广告刷屏')).toMatchObject({ kind: 'text', text: { key: 'incidents.lock.done' } });
    expect(await store.audit.list('slack:T1', { action: 'group.lock' })).toEqual(expect.arrayContaining([expect.objectContaining({ reason: '广告刷屏', outcome: 'ok' }), expect.objectContaining({ outcome: 'refused' })]));
  });

  it('shows the playbooks, which super admins change with policy set', async () => {
    expect(await run('UBOB', 'incident playbook')).toMatchObject({ kind: 'card', card: { kind: 'incidents.playbooks', levels: [{ level: '1', custom: false, steps: [{ minutes: 5 }, { minutes: 10 }] }, {}, {}, {}, {}] } });
    expect(await run('UOWN', 'policy set incident.playbook.1 retract@3m,clarify@15m')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UADA', 'policy set incident.playbook.1 retract@3m,clarify@nope')).toMatchObject({ kind: 'error', code: 'invalid-input' });
    expect(await run('UADA', 'policy set incident.playbook.1 retract@3m,clarify@15m,apologise@1h')).toMatchObject({ kind: 'text' });
    expect(await run('UBOB', 'incident playbook')).toMatchObject({ card: { levels: [{ level: '1', custom: true, steps: [{ minutes: 3 }, { minutes: 15 }, { minutes: 60, name: { key: 'incidents.steps.custom' } }] }, {}, {}, {}, {}] } });
    await run('UBOB', 'incident declare 1 Wrong figure quoted');
    expect(groupCards()[0]!.steps.map((s) => s.dueAt.toISOString())).toEqual(['2026-11-24T03:03:00.000Z', '2026-11-24T03:15:00.000Z', '2026-11-24T04:00:00.000Z']);
  });
});

const pg = DATABASES.filter((d) => d.name === 'postgres');
describe.runIf(pg.length > 0)('incident clocks with two Charter instances on one PostgreSQL database', () => {
  it('fire once', async () => {
    const db = await pg[0]!.open();
    await resetDatabase(db);
    const clock = new TestClock();
    clock.set(START);
    const logs = memoryLogger();
    const platform = new RecordingPlatform();
    for (const u of ['UADA', 'UBOB']) platform.profiles.set(u, {});
    platform.members.set(TEAM.id, new Set(['UADA', 'UBOB']));
    const a = await startCore(db, platform, clock, logs);
    const b = await startCore(db, platform, clock, logs);
    try {
      await handleCommand(a.deps, { actor: actorOf('UADA'), conversation: TEAM, text: 'group register project Ship' });
      await handleCommand(b.deps, { actor: actorOf('UBOB'), conversation: TEAM, text: 'incident declare 1 Wrong quote' });
      await Promise.all([a.settle(), b.settle()]);
      const later = async (ms: number) => {
        clock.advance(ms);
        await a.jobs.advance(ms);
        b.jobs.wakeAll();
        await Promise.all([a.settle(), b.settle()]);
      };
      for (let i = 0; i < 30; i += 1) await later(MIN);
      const sent = platform.texts();
      expect(sent.filter(([, k]) => k === 'incidents.remind')).toHaveLength(2);
      expect(sent.filter(([, k]) => k === 'incidents.missed')).toHaveLength(2); // both steps missed, one super admin
      expect(sent.filter(([, k]) => k === 'incidents.unacknowledged')).toHaveLength(6 * 2); // six reminders, to Ada and Bob
      expect(platform.of('postToGroup').filter((c) => 'card' in c.message)).toHaveLength(1);
    } finally {
      await a.stop();
      await b.stop();
      await db.close();
    }
  });
});
