// Acknowledged notices on Teams, end to end: an admin posts a notice by mention in the
// channel; members acknowledge with Action.Execute (twice counts once, in the
// clicker's language); the channel's copy is updated with the count; a reminder
// reaches only who has not acknowledged, in their 1:1 chat.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { actionsOf, cardOf } from '../support/drive.js';
import { teamsE2E } from '../support/e2e.js';
import { CHANNEL, personalChat, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };


describe.each(DATABASES)('Teams notices ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = teamsE2E(target, {
    channel: [ADA, MO, BOB],
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
    clock,
  });
  const { connector, send, command, later } = e2e;

  beforeAll(async () => {
    for (const u of [ADA, MO, BOB]) await send(e2e.teams.personalMessage(u, 'help', u === MO ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register project Notes and news');
  });

  it('posts, counts each acknowledgement once, updates the channel copy and reminds only who has not', async () => {
    expect(await command(ADA, 'notice Office closed on Friday')).toContain('2 members');
    const post = connector.calls.filter((c) => c.method === 'POST' && c.conversation.split(';')[0] === CHANNEL).map((c) => c.body).find((a) => JSON.stringify(cardOf(a)).includes('notice.ack'))!;
    const card = cardOf(post);
    expect(adaptiveProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Acknowledged 0 of 2');
    const where = { conversation: CHANNEL, activityId: String(post['id'] ?? '1') };
    const data = { payload: { noticeId: JSON.stringify(card).match(/"noticeId":"([^"]+)"/)![1] } };
    const first = await send({ ...e2e.teams.invoke(MO, 'notice.ack', data, where), locale: 'zh-CN' });
    expect(JSON.stringify(await first.json())).toContain('已确认 1 / 2');
    const again = await send({ ...e2e.teams.invoke(MO, 'notice.ack', data, where), locale: 'zh-CN' });
    expect(JSON.stringify(await again.json())).toContain('之前已经确认');
    await later(3_000);
    expect(JSON.stringify(connector.updates().at(-1)?.body)).toContain('Acknowledged 1 of 2');
    await later(4 * 3_600_000);
    expect(connector.sent(personalChat(BOB)).filter((a) => JSON.stringify(cardOf(a)).includes('Please acknowledge'))).toHaveLength(1);
    expect(connector.sent(personalChat(MO)).filter((a) => JSON.stringify(cardOf(a)).includes('notice.ack'))).toHaveLength(0);
  });

  it('posts from the dialog (a choice set for importance) and gives admins a CSV of who has not acknowledged, in their language', async () => {
    expect(await command(BOB, 'notice')).toContain('Only the admins');
    const launcher = cardOf(JSON.parse(await command(ADA, 'notice', 'zh-CN')) as Record<string, unknown>);
    const open = actionsOf(launcher).find((a) => (a.data['msteams'] as { type?: string } | undefined)?.type === 'task/fetch')!;
    const fetched = (await (await send(e2e.teams.dialog(ADA, 'task/fetch', open.data, CHANNEL, 'zh-CN'))).json()) as { task: { value: { card: { content: Record<string, unknown> } } } };
    const form = fetched.task.value.card.content;
    expect(adaptiveProblems(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain('Input.ChoiceSet');
    const submit = actionsOf(form).find((a) => a.type === 'Action.Submit')!;
    // A bad date comes back with the form and its message; nothing is posted.
    const bad = await send(e2e.teams.dialog(ADA, 'task/submit', { ...submit.data, title: '停电', body: '周五停电', deadline: '2026-02-31', important: 'yes' }, CHANNEL, 'zh-CN'));
    expect(JSON.stringify(await bad.json())).toContain('请选择一个有效日期');
    const ok = await send(e2e.teams.dialog(ADA, 'task/submit', { ...submit.data, title: '停电', body: '周五 18:00 停电', deadline: '2026-11-28', important: 'yes' }, CHANNEL, 'zh-CN'));
    expect(ok.status).toBe(200);
    const posts = connector.calls.filter((c) => c.method === 'POST' && c.conversation.split(';')[0] === CHANNEL).map((c) => cardOf(c.body)).filter((c) => JSON.stringify(c).includes('notice.ack'));
    expect(posts).toHaveLength(2);
    expect(adaptiveProblems(posts[1]!)).toEqual([]);
    expect(JSON.stringify(posts[1])).toContain('停电');

    // In the channel everyone would see the names and the link: they go to Ada's 1:1 chat, the channel hears only that.
    expect(await command(ADA, '通知 导出', 'zh-CN')).toContain('已私信发送给你');
    const status = cardOf(connector.sent(personalChat(ADA)).filter((a) => JSON.stringify(cardOf(a)).includes('Action.OpenUrl')).at(-1)!);
    expect(adaptiveProblems(status)).toEqual([]);
    expect(JSON.stringify(status)).toContain('尚未确认');
    const link = actionsOf(status).find((a) => a.type === 'Action.OpenUrl')?.url;
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/exports\/[A-Za-z0-9_-]{43}$/);
    const csv = await fetch(link!);
    expect(csv.status).toBe(200);
    const lines = Buffer.from(await csv.arrayBuffer()).subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('姓名,邮箱,部门,账号');
    expect(lines.slice(1).map((l) => l.split(',')[3]).sort()).toEqual([BOB.id, MO.id]);
    // A member who is no admin gets no list, and no link.
    expect(await command(BOB, 'notice export')).toContain('Only the admins');
  });
});
