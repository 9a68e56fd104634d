// GRP-2..4, LIFE-5 and ROLE-4 in the core, on the real store and job runner: a
// request approved and created (and denied, and failing), the overlap warning,
// expiry notices with renew and archive, quiet groups, removing a member.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction } from '../../src/core/dispatch.js';
import type { ActionResult, Reply } from '../../src/core/replies.js';
import type { LifecycleBody } from '../../src/features/group/cards.js';
import type { GroupStore } from '../../src/features/group/store.js';
import type { Database } from '../../src/store/db.js';
import type { CharterStore } from '../../src/store/index.js';
import { TestClock } from '../support/clock.js';
import { actorOf, coreDriver, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform } from '../support/platform.js';

const CHANNEL = { id: 'C1', kind: 'channel' as const, name: 'ship-v2', teamId: null };
const WS = 'slack:T1';
const DAY = 86_400_000;

const key = (r: Reply | ActionResult): string =>
  r.kind === 'text' ? r.text.key : r.kind === 'notice' ? r.notice.key : r.kind === 'error' ? r.text.key : r.kind === 'form' ? `form:${r.form.action.id}` : 'notice' in r && r.notice !== null ? r.notice.key : `card:${r.card.kind}`;

describe.each(DATABASES)('group lifecycle in the core ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  const clock = new TestClock();
  const logs = memoryLogger();
  const { run, click, later } = coreDriver(() => core, CHANNEL);
  const store = () => core.store as CharterStore & GroupStore;
  const scan = async () => {
    await core.deps.jobs.send('group.daily', {});
    await core.settle();
  };
  const cardsTo = (to: string, kind: string) =>
    platform.of('sendPrivate').flatMap((c) => (c.to === to && 'card' in c.message && c.message.card.kind === kind ? [c.message.card as unknown as LifecycleBody] : []));
  const pendingRequest = async (name: string) => (await store().groupRequests.findPendingByName(WS, name))!;

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-21T09:00:00Z');
    await resetDatabase(db);
    platform = new RecordingPlatform();
    core = await startCore(db, platform, clock, logs);
    expect(key(await run('UADA', 'group register core Ship the second version'))).toBe('group.register.done');
  });
  afterEach(async () => {
    await core.stop();
  });

  it('GRP-2: a request goes to the super admins, the first approval creates and registers the group, a second click changes nothing', async () => {
    expect(key(await run('UBOB', 'group request payroll-desk project Answer payroll questions'))).toBe('group.request.sent');
    const [card] = cardsTo('UADA', 'group.request');
    expect(card?.actions.map((a) => a.id)).toEqual(['group.approve', 'group.deny']);
    const requestId = (await pendingRequest('payroll-desk')).id;

    expect(key(await click('UBOB', 'group.approve', { requestId }))).toBe('group.request.ownRequest');
    expect(key(await click('UCAT', 'group.approve', { requestId }))).toBe('group.request.notAllowed');
    expect(key(await click('UADA', 'group.approve', { requestId: 'not-a-uuid' }))).toBe('group.request.unknown');
    expect(key(await click('UADA', 'group.approve', { requestId: '00000000-0000-4000-8000-000000000000' }))).toBe('group.request.unknown');
    expect(key(await click('UADA', 'group.approve', { requestId }))).toBe('card:group.request');
    expect(key(await click('UADA', 'group.deny', { requestId }, { reason: 'changed my mind' }))).toBe('group.request.alreadyDecided');

    expect(platform.of('createChannel')).toEqual([{ op: 'createChannel', name: 'payroll-desk', channelName: 'payroll-desk', requester: 'UBOB' }]);
    const group = await store().groups.findActiveByName(WS, 'payroll-desk');
    expect(group).toMatchObject({ channelId: expect.stringMatching(/^C-NEW/), type: 'project', purpose: 'Answer payroll questions', status: 'active' });
    const bob = await store().people.findByAddress(WS, 'UBOB');
    expect(await store().roles.rolesIn(bob!.id, group!.id)).toEqual(['owner']);
    expect(platform.texts()).toContainEqual(['UBOB', 'group.request.createdToYou']);
    const updated = platform.of('updateCard').map((c) => c.card as unknown as LifecycleBody);
    expect(updated.at(-1)?.status?.key).toBe('group.request.status.approved.done');
    expect((await store().audit.list(WS, { action: 'group.approve' })).map((a) => a.outcome).sort()).toEqual(['ok', 'refused', 'refused']);
  });

  it('GRP-2: a requester who has left gets no group: approval is refused, and an approved request is not fulfilled', async () => {
    await run('UBOB', 'group request leaver-desk project Answer questions');
    const requestId = (await pendingRequest('leaver-desk')).id;
    await run('UCAT', 'group request other-desk project Answer other questions');
    const otherId = (await pendingRequest('other-desk')).id;
    await db.knex('people').where({ address: 'UBOB' }).update({ employment: 'inactive' });
    expect(key(await click('UADA', 'group.approve', { requestId }))).toBe('group.request.requesterInactive');
    expect(key(await click('UADA', 'group.approve', { requestId }))).toBe('group.request.requesterInactive'); // again: the same
    expect((await pendingRequest('leaver-desk')).id).toBe(requestId); // still pending: nothing decided
    expect((await store().audit.list(WS, { action: 'group.approve' })).map((a) => [a.outcome, a.details?.['why']])).toEqual([
      ['refused', 'requester-left'],
      ['refused', 'requester-left'],
    ]);
    // Approved while still employed, gone before the follow-up ran: nothing is created.
    await core.stop();
    const held = await startCore(db, platform, clock, logs);
    core = held;
    await core.jobs.stop();
    const { result } = await handleCardAction(core.deps, { actor: actorOf('UADA'), actionId: 'group.approve', payload: { requestId: otherId }, inputs: {} });
    expect(key(result)).toBe('card:group.request');
    await db.knex('people').where({ address: 'UCAT' }).update({ employment: 'inactive' });
    await core.restartJobs();
    await core.settle();
    expect(platform.of('createChannel')).toEqual([]);
    expect(await store().groups.findActiveByName(WS, 'other-desk')).toBeNull();
    // The approver is told why in words; the person who left is not written to.
    const told = platform.of('sendPrivate').filter((c) => 'text' in c.message && c.message.text.key.startsWith('group.request.failed'));
    expect(told.map((c) => [c.to, (c.message as { text: { key: string; params?: { why?: { key: string } } } }).text.params?.why?.key])).toEqual([['UADA', 'group.request.why.requester-left']]);
  });

  it('GRP-4: a request like an existing group warns the requester and the approvers; Chinese names get a Latin Slack name', async () => {
    await run('UADA', 'group register task 市场部每周汇报 --name 市场部周报群', { ...CHANNEL, id: 'C2', name: null });
    const reply = await run('UBOB', '申请建群 市场周报 任务 汇总市场数据');
    expect(key(reply)).toBe('group.request.sentSimilar');
    expect(JSON.stringify(reply)).toContain('市场部周报群');
    const [card] = cardsTo('UADA', 'group.request');
    expect(card?.warnings.map((w) => w.params?.['name'] ?? w.key)).toEqual(['group.request.similarTitle', '市场部周报群']);
    expect((await pendingRequest('市场周报')).channelName).toMatch(/^grp-[0-9a-f]{6}$/);
    expect(key(await run('UCAT', 'group request 市场周报 task again'))).toBe('group.request.alreadyPending');
    expect(key(await run('UCAT', 'group request ship-v2 task again'))).toBe('group.register.nameTaken');
  });

  it('GRP-2: a denial needs a reason (form), the requester is told it', async () => {
    await run('UBOB', 'group request ship-v3 project Ship the third version');
    const requestId = (await pendingRequest('ship-v3')).id;
    expect(key(await click('UADA', 'group.deny', { requestId }))).toBe('form:group.deny');
    const blank = await click('UADA', 'group.deny', { requestId }, { reason: '  ' });
    expect(blank.kind === 'form' && blank.form.fields[0]?.error?.key).toBe('group.request.reasonRequired');
    expect(key(await click('UADA', 'group.deny', { requestId }, { reason: 'use #ship-v2' }))).toBe('card:group.request');
    expect(platform.texts()).toContainEqual(['UBOB', 'group.request.deniedToYou']);
    expect(platform.of('createChannel')).toEqual([]);
  });

  it('GRP-2: a refused creation registers nothing and tells both; a transient failure is retried', async () => {
    platform.createResults = [{ outcome: 'failed', error: 'restricted_action' }];
    await run('UBOB', 'group request ship-v3 project Ship the third version');
    await click('UADA', 'group.approve', { requestId: (await pendingRequest('ship-v3')).id });
    expect(await store().groups.findActiveByName(WS, 'ship-v3')).toBeNull();
    expect(platform.texts()).toEqual(expect.arrayContaining([['UBOB', 'group.request.failedToYou'], ['UADA', 'group.request.failedToDecider']]));

    // Why, in words: the platform's code, a missing permission, a name taken (Slack tries once more with a suffix first).
    platform.createResults = [{ outcome: 'failed', error: 'missing_scope', notAllowed: true }];
    await run('UBOB', 'group request ship-v5 project Ship the fifth version');
    await click('UADA', 'group.approve', { requestId: (await pendingRequest('ship-v5')).id });
    platform.createResults = [{ outcome: 'name-taken' }, { outcome: 'name-taken' }];
    await run('UBOB', 'group request ship-v6 project Ship the sixth version');
    await click('UADA', 'group.approve', { requestId: (await pendingRequest('ship-v6')).id });
    const whys = platform.of('sendPrivate').flatMap((c) => ('text' in c.message && c.message.text.key === 'group.request.failedToYou' ? [(c.message.text.params?.['why'] as { key: string }).key] : []));
    expect(whys).toEqual(['group.request.why.error', 'group.request.why.not-allowed', 'group.request.why.name-taken']);
    expect(platform.of('createChannel').filter((c) => c.name === 'ship-v6').map((c) => c.channelName)).toEqual(['ship-v6', expect.stringMatching(/^ship-v6-[0-9a-f]{4}$/)]);

    platform.createResults = [new Error('socket hang up')];
    await run('UBOB', 'group request ship-v4 project Ship the fourth version');
    await click('UADA', 'group.approve', { requestId: (await pendingRequest('ship-v4')).id });
    expect(await store().groups.findActiveByName(WS, 'ship-v4')).toBeNull();
    await later(5 * 60_000);
    expect(await store().groups.findActiveByName(WS, 'ship-v4')).toMatchObject({ status: 'active' });
    expect(platform.of('createChannel').filter((c) => c.name === 'ship-v4')).toHaveLength(2);
  });

  it('GRP-3: owners are told 7 and 1 days before, once each; renew (form) and archive are theirs only', async () => {
    await run('UBOB', 'group request sprint-12 task Sprint twelve');
    await click('UADA', 'group.approve', { requestId: (await pendingRequest('sprint-12')).id });
    const group = (await store().groups.findActiveByName(WS, 'sprint-12'))!;
    expect(group.expiresOn).toBe('2026-12-05');

    await later(6 * DAY);
    await scan();
    expect(cardsTo('UBOB', 'group.expiry')).toHaveLength(0);
    await later(DAY);
    await scan();
    await scan();
    expect(cardsTo('UBOB', 'group.expiry')).toHaveLength(1);
    await later(6 * DAY);
    await scan();
    expect(cardsTo('UBOB', 'group.expiry')).toHaveLength(2);

    expect(key(await click('UCAT', 'group.renew', { groupId: group.id }))).toBe('group.lifecycle.notAllowed');
    const form = await click('UBOB', 'group.renew', { groupId: group.id });
    expect(form.kind === 'form' && form.form.fields[0]?.value).toBe('2026-12-19');
    const past = await click('UBOB', 'group.renew', { groupId: group.id }, { until: '2026-12-01' });
    expect(past.kind === 'form' && past.form.fields[0]?.error?.key).toBe('group.expiry.notFuture');
    expect(key(await click('UBOB', 'group.renew', { groupId: group.id }, { until: '2026-12-19' }))).toBe('card:group.expiry');
    expect((await store().groups.get(group.id))?.expiresOn).toBe('2026-12-19');

    expect(key(await click('UCAT', 'group.archive', { groupId: group.id }))).toBe('group.lifecycle.notAllowed');
    expect(key(await click('UBOB', 'group.archive', { groupId: group.id }))).toBe('card:group.expiry');
    expect(key(await click('UBOB', 'group.archive', { groupId: group.id }))).toBe('group.lifecycle.alreadyArchived');
    expect(platform.of('archiveChannel')).toEqual([{ op: 'archiveChannel', channel: group.channelId }]);
    expect(await store().groups.findActiveByChannel(WS, group.channelId)).toBeNull();
  });

  it('GRP-3: two Archive clicks at once (a double click) announce and archive the channel once', async () => {
    await run('UADA', 'group register task Sprint thirteen', { ...CHANNEL, id: 'C4', name: 'sprint-13' });
    const group = (await store().groups.findActiveByChannel(WS, 'C4'))!;
    const answers = await Promise.all([click('UADA', 'group.archive', { groupId: group.id }), click('UADA', 'group.archive', { groupId: group.id })]);
    expect(answers.map(key).sort()).toEqual(['card:group.expiry', 'group.lifecycle.alreadyArchived']);
    expect(platform.of('archiveChannel')).toEqual([{ op: 'archiveChannel', channel: 'C4' }]);
    expect(platform.of('postToGroup').filter((c) => 'text' in c.message && c.message.text.key === 'group.archive.announce.owner')).toHaveLength(1);
    expect(await store().groups.findActiveByChannel(WS, 'C4')).toBeNull();
  });

  it('GRP-3: a click leaves a group another run is archiving alone, takes over a stale hold, and lets go when the platform fails for now', async () => {
    await run('UADA', 'group register task Sprint fourteen', { ...CHANNEL, id: 'C5', name: 'sprint-14' });
    const group = (await store().groups.findActiveByChannel(WS, 'C5'))!;
    // Another process is archiving it: left alone; once its hold is 5 minutes old (the process died), taken over.
    expect(await store().groupNotices.hold(group.id, 'archive', clock.now(), new Date(clock.now().getTime() - 5 * 60_000))).toBe(true);
    expect(key(await click('UADA', 'group.archive', { groupId: group.id }))).toBe('group.lifecycle.alreadyArchived');
    expect(platform.of('archiveChannel')).toEqual([]);
    clock.advance(6 * 60_000);
    platform.archiveResult = new Error('socket hang up');
    expect(key(await click('UADA', 'group.archive', { groupId: group.id }))).toBe('group.archive.tryAgain');
    expect((await store().groups.get(group.id))?.status).toBe('active');
    platform.archiveResult = { outcome: 'archived' };
    expect(key(await click('UADA', 'group.archive', { groupId: group.id }))).toBe('card:group.expiry');
    expect(platform.of('archiveChannel')).toHaveLength(2);
  });

  it('GRP-3: on its expiry day a group is archived; where the platform cannot, the owners are told and Charter stops governing it', async () => {
    platform.archiveResult = { outcome: 'unsupported' };
    await run('UADA', 'group register task Short task --expires 2026-11-23', { ...CHANNEL, id: 'C3', name: 'short' });
    await later(2 * DAY);
    await scan();
    expect((await store().groups.findActiveByName(WS, 'short'))).toBeNull();
    expect(platform.texts()).toContainEqual(['UADA', 'group.archive.doItYourself']);
    expect((await store().audit.list(WS, { action: 'group.archive' }))[0]).toMatchObject({ actorId: 'system', outcome: 'fallback' });
  });

  it('LIFE-5: a group quiet for 30 days is put to its owners; one reminder after 7 days; a keep (with a reason) holds 30 days', async () => {
    await later(31 * DAY);
    await scan();
    const [card] = cardsTo('UADA', 'group.quiet');
    expect(card?.actions.map((a) => a.id)).toEqual(['group.archive', 'group.keep']);
    await scan();
    expect(cardsTo('UADA', 'group.quiet')).toHaveLength(1);
    await later(7 * DAY);
    await scan();
    await scan();
    expect(platform.texts().filter(([, k]) => k === 'group.quiet.reminder')).toHaveLength(1);

    const reviewId = card!.subjectId;
    expect(key(await click('UCAT', 'group.keep', { reviewId }, { reason: 'x' }))).toBe('group.lifecycle.notAllowed');
    expect(key(await click('UADA', 'group.keep', { reviewId }))).toBe('form:group.keep');
    expect(key(await click('UADA', 'group.keep', { reviewId }, { reason: 'Release channel, busy each quarter' }))).toBe('card:group.quiet');
    expect(key(await click('UADA', 'group.keep', { reviewId }, { reason: 'again' }))).toBe('group.quiet.alreadyAnswered');
    await later(20 * DAY);
    await scan();
    expect(cardsTo('UADA', 'group.quiet')).toHaveLength(1);
    await later(11 * DAY);
    await scan();
    expect(cardsTo('UADA', 'group.quiet')).toHaveLength(2);
  });

  it('ROLE-4: owners remove a member with a reason, audited and announced in a core group; members may not', async () => {
    platform.members.set('C1', new Set(['UADA', 'UBOB', 'UCAT']));
    expect(key(await run('UBOB', 'group remove <@UCAT> spamming'))).toBe('group.remove.notAllowed');
    expect(key(await run('UADA', 'group remove <@UCAT|cat> posted customer data twice'))).toBe('group.remove.done');
    expect(platform.of('removeMember')).toEqual([{ op: 'removeMember', channel: 'C1', user: 'UCAT' }]);
    expect(platform.of('postToGroup').map((c) => ('text' in c.message ? c.message.text.key : ''))).toContain('group.remove.announced');
    const audit = await store().audit.list(WS, { action: 'member.remove' });
    expect(audit.map((a) => [a.outcome, a.reason])).toEqual(expect.arrayContaining([['ok', 'posted customer data twice'], ['refused', 'spamming']]));
  });
});
