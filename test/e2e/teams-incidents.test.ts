// Incidents and locks on Teams, end to end through the running server (emulator
// mode, the connector on loopback) on a clock that jumps ahead with the waiting
// jobs: a member declares a level 1 incident by mention in the channel; the card
// (Universal Actions) lands in the channel and in the super admin's 1:1 chat; a
// moderator who reads Chinese acknowledges (the other copy is updated in place);
// the commander is reminded, marks a step done and misses the other (escalated
// once); resolving opens a dialog for the summary and the review lands in the
// channel. A data leak locks the channel at once: a bot cannot delete others'
// messages on Teams, so a member who posts is warned and the moderators told.
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
const CAROL: TeamsUser = { id: '29:1carol', name: 'Carol King', aadObjectId: 'aad-carol-0000-0000-0000-000000000005' };
const MIN = 60_000;

type Json = Record<string, unknown>;

describe.each(DATABASES)('Teams incidents ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = teamsE2E(target, {
    channel: [ADA, MO, BOB],
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
    clock,
  });
  const { connector, send, command, later } = e2e;

  const channelActivities = () => connector.calls.filter((c) => c.method === 'POST' && c.conversation.split(';')[0] === CHANNEL).map((c) => c.body);
  const incidentCards = (activities: Json[]) => activities.filter((a) => JSON.stringify(cardOf(a)).includes('incident.ack'));
  beforeAll(async () => {
    for (const u of [ADA, MO, BOB]) await send(e2e.teams.personalMessage(u, 'help', u === MO ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register project The launch team');
    await command(ADA, `role grant <at>${MO.name}</at> moderator keeps order`, 'en-US', [MO]);
  });

  it('declares, acknowledges, reminds, escalates a missed step once and resolves through a dialog with a review', async () => {
    expect(await command(BOB, 'incident declare 1 The revenue figure in the all-hands post is wrong')).toContain('you are the commander');
    const [inChannel] = incidentCards(channelActivities());
    expect(inChannel).toBeDefined();
    const card = cardOf(inChannel!);
    expect(adaptiveProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Retract the statement');
    expect(actionsOf(card).map((a) => a.verb ?? (a.data['charter'] as { action: string }).action)).toEqual(['incident.ack', 'incident.command', 'incident.step', 'incident.step', 'incident.escalate', 'incident.resolve']);
    expect(incidentCards(connector.sent(personalChat(ADA)))).toHaveLength(1);

    // Mo acknowledges from the channel card, in Chinese; Ada's copy is updated in place.
    await later(MIN);
    const where = { conversation: CHANNEL, activityId: String(inChannel!['id'] ?? '1') };
    const ack = actionsOf(card).find((a) => a.verb === 'incident.ack')!;
    const updatesBefore = connector.updates().length;
    const acked = await send({ ...e2e.teams.invoke(MO, 'incident.ack', ack.data, where), locale: 'zh-CN' });
    const body = (await acked.json()) as { statusCode: number; value: Json };
    expect(body.statusCode).toBe(200);
    expect(JSON.stringify(body.value)).toContain('确认');
    expect(adaptiveProblems(body.value)).toEqual([]);
    expect(connector.updates().length).toBeGreaterThan(updatesBefore);
    expect(JSON.stringify(connector.updates().at(-1)?.body)).toContain('Acknowledged by');

    // The reminder reaches the commander; he marks the first step done.
    await later(2 * MIN);
    expect(connector.said(personalChat(BOB)).filter((t) => t.includes('Reminder'))).toHaveLength(1);
    const retract = actionsOf(card).find((a) => a.verb === 'incident.step' && JSON.stringify(a.title).includes('Retract'))!;
    const done = await send(e2e.teams.invoke(BOB, 'incident.step', retract.data, where));
    expect(JSON.stringify(((await done.json()) as { value: Json }).value)).toContain('done by');
    // Someone who is neither the commander nor an admin cannot run a step: nothing changes.
    const clarify = actionsOf(card).filter((a) => a.verb === 'incident.step')[1]!;
    connector.join(CHANNEL, CAROL);
    const refused = await send(e2e.teams.invoke(CAROL, 'incident.step', clarify.data, where));
    expect(JSON.stringify(await refused.json())).toContain('Only the commander');

    // The clarification is missed: the super admin hears of it once.
    await later(3 * MIN);
    await later(5 * MIN);
    await later(20 * MIN);
    expect(connector.said(personalChat(ADA)).filter((t) => t.includes('Missed'))).toHaveLength(1);

    // Resolve opens a dialog; the summary resolves it and the review lands in the channel.
    const resolve = actionsOf(card).find((a) => (a.data['charter'] as { action?: string } | undefined)?.action === 'incident.resolve')!;
    expect(resolve.data).toMatchObject({ msteams: { type: 'task/fetch' } });
    const fetched = (await (await send(e2e.teams.dialog(MO, 'task/fetch', resolve.data, CHANNEL, 'zh-CN'))).json()) as { task: { type: string; value: { card: { content: Json } } } };
    expect(fetched.task.type).toBe('continue');
    const form = fetched.task.value.card.content;
    expect(adaptiveProblems(form)).toEqual([]);
    expect(JSON.stringify(form)).toContain('总结');
    const submit = actionsOf(form).find((a) => a.type === 'Action.Submit')!;
    const submitted = await send(e2e.teams.dialog(MO, 'task/submit', { ...submit.data, summary: '已撤回并发布澄清。' }, CHANNEL, 'zh-CN'));
    expect(submitted.status).toBe(200);
    const review = channelActivities().filter((a) => JSON.stringify(cardOf(a)).includes('Time to acknowledge'));
    expect(review).toHaveLength(1);
    expect(adaptiveProblems(cardOf(review[0]!))).toEqual([]);
    // The clock runs on between steps: a loaded machine adds a second or two.
    expect(JSON.stringify(cardOf(review[0]!))).toMatch(/Time to acknowledge: 1 min [0-5] s/);
    expect(JSON.stringify(cardOf(review[0]!))).toContain('已撤回并发布澄清。');
  });

  it('locks a data leak at once; a member who posts is warned and the moderators told; unlock needs a reason', async () => {
    await command(BOB, '事件 声明 二级 工资表发到了群里', 'zh-CN');
    expect(channelActivities().map((a) => String(a['text'] ?? ''))).toContainEqual(expect.stringContaining('This group is locked'));
    expect(connector.said(personalChat(ADA)).filter((t) => t.includes('Security and legal'))).toHaveLength(1);
    await send(e2e.teams.channelPost(BOB, 'sorry, deleting it now'));
    // Bob wrote in Chinese last: he is told in Chinese.
    expect(connector.said(personalChat(BOB)).filter((t) => t.includes('正在禁言'))).toHaveLength(1);
    expect(connector.said(personalChat(MO)).filter((t) => t.includes('锁') || t.includes('禁言'))).not.toHaveLength(0);
    expect(await command(MO, '解禁', 'zh-CN')).toContain('理由');
    expect(await command(MO, '解禁 已删除泄露内容', 'zh-CN')).toContain('已解禁');
    const before = connector.said(personalChat(BOB)).length;
    await send(e2e.teams.channelPost(BOB, 'ok'));
    expect(connector.said(personalChat(BOB))).toHaveLength(before);
  });
});
