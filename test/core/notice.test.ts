// NOTE-1 acknowledged notices in the core with the real store and job runner:
// posted by an admin, acknowledged once per person, the group's copy updated in
// batches, reminders only to those who have not acknowledged and never more than
// three, and the admins' list of who has not.
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSmtpMailer } from '../../adapters/mail/smtp.js';
import { resolveActor } from '../../src/core/actor.js';
import { openExport } from '../../src/core/exports.js';
import { handleCardAction } from '../../src/core/dispatch.js';
import type { ActionResult, Reply } from '../../src/core/replies.js';
import type { NoticeCard, NoticeStatusCard } from '../../src/features/notice/cards.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from '../support/clock.js';
import { actorOf, coreDriver, startCore, type CoreHarness } from '../support/core.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { memoryLogger } from '../support/log.js';
import { RecordingPlatform } from '../support/platform.js';
import { startSmtpServer } from '../support/smtp.js';

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

  it('posts from the form with a title, a deadline and importance; no reminder after the deadline; the author gets who has not; the export is checked again when opened', async () => {
    expect(await run('UA', 'notice')).toMatchObject({ kind: 'error', code: 'not-allowed' });
    const form = (await run('UMO', 'notice')) as Extract<Reply, { kind: 'form' }>;
    expect(form.kind).toBe('form');
    expect(form.form.fields.map((f) => f.id)).toEqual(['title', 'body', 'deadline', 'important']);
    const groupId = form.form.action.payload['groupId'] as string;
    const submit = (user: string, inputs: Record<string, string>, gid = groupId, workspace = 'T1') => clickOn(user, 'notice.submit', { groupId: gid }, inputs, workspace);

    const bad = (await submit('UMO', { title: ' ', body: 'x', deadline: '2026-02-30', important: 'maybe' })) as Extract<ActionResult, { kind: 'form' }>;
    expect(Object.fromEntries(bad.form.fields.filter((f) => f.error !== undefined).map((f) => [f.id, f.error!.key]))).toEqual({
      title: 'notice.form.titleRequired',
      deadline: 'notice.form.deadlineInvalid',
      important: 'notice.form.importantInvalid',
    });
    expect(((await submit('UMO', { title: 'T', body: 'x', deadline: '2026-11-20', important: 'no' })) as Extract<ActionResult, { kind: 'form' }>).form.fields.find((f) => f.id === 'deadline')!.error!.key).toBe('notice.form.deadlinePast');
    expect(await submit('UA', { title: 'T', body: 'x', deadline: '', important: 'no' })).toMatchObject({ kind: 'error', code: 'not-allowed' });
    expect(await submit('UMO', { title: 'T', body: 'x' }, '00000000-0000-4000-8000-000000000000')).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(await submit('UMO', { title: 'T', body: 'x' }, groupId, 'T2')).toMatchObject({ kind: 'error', code: 'not-found' });
    expect(platform.of('postToGroup')).toEqual([]);

    // Important, but no SMTP here: the author is told no e-mail copy goes out.
    expect(await submit('UMO', { title: 'All hands', body: 'Friday 3pm, room 1', deadline: '2026-11-25', important: 'yes' })).toMatchObject({ kind: 'notice', notice: { key: 'notice.postedNoMail', params: { posted: { key: 'notice.posted', params: { members: 4 } } } } });
    const card = (platform.of('postToGroup')[0]!.message as unknown as { card: NoticeCard }).card;
    expect(card).toMatchObject({ title: 'All hands', body: 'Friday 3pm, room 1', important: true, deadline: new Date('2026-11-25T23:59:00Z'), members: 4 });
    await click('UA', card.noticeId);

    await later(4 * HOUR);
    expect(reminded()).toEqual(['UADA', 'UB', 'UC']);
    await later(24 * HOUR); // the second reminder, still before the deadline
    expect(reminded()).toEqual(['UADA', 'UADA', 'UB', 'UB', 'UC', 'UC']);
    // At the deadline the author learns who has not; the third reminder would come after it, so none does.
    await later(24 * HOUR);
    const told = platform.of('sendPrivate').filter((c) => 'card' in c.message && c.message.card.kind === 'notice.status');
    expect(told.map((c) => c.to)).toEqual(['UMO']);
    expect(((told[0]!.message as unknown as { card: NoticeStatusCard }).card.missing.map((m) => m.address)).sort()).toEqual(['UADA', 'UB', 'UC']);
    await later(5 * 24 * HOUR);
    expect(reminded()).toHaveLength(6);

    // The admins' list links to a CSV of the same people; the export checks the right again when opened.
    const status = ((await run('UADA', 'notice export')) as unknown as { card: NoticeStatusCard }).card;
    expect(status.download?.url).toMatch(/^https:\/\/charter\.example\/exports\/[A-Za-z0-9_-]{43}$/);
    const exporter = core.deps.registry.export('notice.missing')!;
    const table = await exporter.handle(core.deps, await resolveActor(core.deps, actorOf('UMO')), card.noticeId);
    expect(table.rows.map((r) => r[3]).sort()).toEqual(['UADA', 'UB', 'UC']);
    expect(table.columns.map((c) => c.key)).toEqual(['notice.export.name', 'notice.export.email', 'notice.export.department', 'notice.export.account']);
    // The link itself, opened as the download route opens it: for Ada; unknown and forged tokens name nothing; once she has left, nothing.
    const token = status.download!.url.split('/').at(-1)!;
    const open = (t: string) => openExport({ store: core.store, clock, registry: core.deps.registry, defaultLocale: 'en' }, () => core.deps, t);
    expect(await open(token)).toMatchObject({ ok: true, table: { rows: expect.any(Array) } });
    expect(await open('A'.repeat(43))).toMatchObject({ ok: false, status: 404 });
    expect(await open('../../etc/passwd')).toMatchObject({ ok: false, status: 404 });
    expect(await openExport({ store: core.store, clock, registry: core.deps.registry, defaultLocale: 'en' }, () => null, token)).toMatchObject({ ok: false, status: 503 });
    await db.knex('people').where({ address: 'UADA' }).update({ employment: 'inactive' });
    expect(await open(token)).toMatchObject({ ok: false, status: 403, text: { key: 'exports.notEmployed' } });
    await db.knex('people').where({ address: 'UADA' }).update({ employment: 'active' });
    await run('UADA', 'role revoke <@UMO> moderator done');
    await expect(exporter.handle(core.deps, await resolveActor(core.deps, actorOf('UMO')), card.noticeId)).rejects.toMatchObject({ code: 'not-allowed' });
  });

  it('mails an important notice once to each member whose address is known, in their language; a deferral is retried without mailing anyone twice', async () => {
    let refusals = 1;
    // Ann's server says "try later" once. Her batch (English) goes first: Bo's (Chinese) must not be lost with it.
    const smtp = await startSmtpServer({ rcpt: (address) => (address === 'ua@example.com' && refusals-- > 0 ? 451 : null) });
    const mailer = createSmtpMailer(smtp.config, logs.log);
    try {
      await core.stop();
      platform.profiles.set('UA', { realName: 'Ann', email: 'ua@example.com' });
      platform.profiles.set('UB', { realName: 'Bo', email: 'UB@example.com', locale: 'zh-CN' });
      platform.profiles.set('UC', { realName: 'Cy' });
      // Ada's profile was read before she had an address: Charter knows none for her.
      platform.profiles.set('UADA', { realName: 'Ada', email: 'ada@example.com' });
      core = await startCore(db, platform, clock, logs, { mail: mailer });
      expect(await run('UMO', 'notice --important Office closed on Friday')).toMatchObject({ kind: 'text', text: { key: 'notice.postedMailed' } });
      // The job runs again and mails Ann and Bo, once each.
      await later(60_000);
      await smtp.waitFor(2);
      await later(10 * 60_000);
      expect(smtp.messages.map((m) => m.envelope.to.join(',')).sort()).toEqual(['ua@example.com', 'ub@example.com']);
      const bo = smtp.messages.find((m) => m.envelope.to.includes('ub@example.com'))!;
      expect(bo.subject).toBe('[通知] Office closed on Friday');
      expect(bo.text).toContain('请在群里点击通知卡片上的按钮确认已读');
      expect(smtp.messages.find((m) => m.envelope.to.includes('ua@example.com'))!.text).toContain('Please acknowledge it with the button');
      // A plain notice is not mailed.
      await run('UMO', 'notice Lunch at noon');
      await later(60_000);
      expect(smtp.messages).toHaveLength(2);
      expect(logs.text()).not.toContain('example.com');
    } finally {
      await core.stop();
      await mailer.close();
      await smtp.close();
      core = await startCore(db, platform, clock, logs);
    }
  });
});
