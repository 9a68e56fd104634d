// NOTE-1 acknowledged notices in the core with the real store and job runner:
// posted by an admin, acknowledged once per person, the group's copy updated in
// batches, reminders only to those who have not acknowledged and never more than
// three, and the admins' list of who has not.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { handleCardAction } from '../../src/core/dispatch.js';
import type { NoticeCard, NoticeStatusCard } from '../../src/features/notice/cards.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from '../support/clock.js';
import { actorOf, coreDriver, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform } from '../support/platform.js';

type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
const TEAM: Conv = { id: 'CTEAM', kind: 'channel', name: 'team', teamId: null };
const HOUR = 3_600_000;


describe.each(DATABASES)('acknowledged notices ($name)', (target) => {
  let db: Database;
  let core: CoreHarness;
  let platform: RecordingPlatform;
  const clock = new TestClock();
  const logs = memoryLogger();
  const { run, click: clickOn, later } = coreDriver(() => core, TEAM);
  const click = (user: string, noticeId: string) => clickOn(user, 'notice.ack', { noticeId });

  const reminded = () => platform.of('sendPrivate').flatMap((c) => ('card' in c.message && c.message.card.kind === 'notice.notice' ? [c.to] : [])).sort();

  beforeAll(async () => {
    db = await target.open();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    clock.set('2026-11-24T03:00:00Z');
    await resetDatabase(db);
    platform = new RecordingPlatform();
    for (const u of ['UADA', 'UMO', 'UA', 'UB', 'UC', 'UZED']) platform.profiles.set(u, { realName: u });
    platform.members.set(TEAM.id, new Set(['UADA', 'UMO', 'UA', 'UB', 'UC']));
    core = await startCore(db, platform, clock, logs);
    await run('UADA', 'group register project The launch team');
    await run('UADA', 'role grant <@UMO> moderator keeps order');
    platform.calls.length = 0;
  });
  afterEach(async () => {
    await core.stop();
    expect(logs.text()).not.toMatch(/unexpected error/);
  });

  it('counts each acknowledgement once, updates the card in batches, reminds only those who have not, three times', async () => {
    expect(await run('UA', 'notice All hands at 3pm')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await run('UMO', '通知 明天下午三点全员大会，请准时参加')).toMatchObject({ kind: 'text', text: { key: 'notice.posted', params: { members: 4 } } });
    const [posted] = platform.of('postToGroup');
    const card = (posted!.message as unknown as { card: NoticeCard }).card;
    expect(card).toMatchObject({ kind: 'notice.notice', acknowledged: 0, members: 4, body: '明天下午三点全员大会，请准时参加' });
    const id = card.noticeId;

    // A burst of clicks, two by the same person, one by someone outside the group.
    const results = await Promise.all([click('UA', id), click('UA', id), click('UB', id), click('UADA', id)]);
    expect(results.filter((r) => r.kind === 'card' && (r.notice as { key: string }).key === 'notice.acknowledgedNotice')).toHaveLength(3);
    expect(await click('UZED', id)).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await click('UA', 'not-a-notice')).toMatchObject({ kind: 'error', code: 'not-found' });
    const elsewhere = await handleCardAction(core.deps, { actor: actorOf('UA', 'T2'), actionId: 'notice.ack', payload: { noticeId: id }, inputs: {} });
    expect(elsewhere.result).toMatchObject({ kind: 'error', code: 'not-found' });
    await core.settle();
    expect(platform.of('updateCard')).toEqual([]); // not yet: the slot's update runs at its end
    await later(3_000);
    const updates = platform.of('updateCard').map((u) => (u.card as NoticeCard).acknowledged);
    expect(updates.length).toBeGreaterThanOrEqual(1);
    expect(updates.length).toBeLessThan(3); // batched: fewer updates than acknowledgements
    expect(updates.at(-1)).toBe(3);

    // The admins see who has not acknowledged; members may not.
    expect(await run('UA', 'notice status')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    const status = (await run('UADA', '通知 状态')) as unknown as { card: NoticeStatusCard };
    expect(status.card).toMatchObject({ acknowledged: 3, members: 4, reminders: 0 });
    expect(status.card.missing.map((m) => m.address)).toEqual(['UC']);

    // Reminders: after 4 hours, then daily; only UC; never more than three.
    await later(3 * HOUR);
    expect(reminded()).toEqual([]);
    await later(HOUR);
    expect(reminded()).toEqual(['UC']);
    await core.restartJobs();
    await later(24 * HOUR);
    expect(reminded()).toEqual(['UC', 'UC']);
    expect((await click('UC', id)).kind).toBe('card');
    await later(3_000);
    // Only the group's copy is updated (reminders can reach thousands; each shows its state when clicked).
    expect(platform.of('updateCard').map((u) => (u.card as NoticeCard).reminder)).not.toContain(true);
    expect((platform.of('updateCard').at(-1)!.card as NoticeCard).acknowledged).toBe(4);
    await later(5 * 24 * HOUR);
    expect(reminded()).toEqual(['UC', 'UC']);
    expect(((await run('UADA', 'notice status')) as unknown as { card: NoticeStatusCard }).card).toMatchObject({ acknowledged: 4, missing: [], reminders: 3 });
  });
});
