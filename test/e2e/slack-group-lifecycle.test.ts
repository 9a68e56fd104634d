// The group lifecycle on Slack, end to end: a request in Chinese approved by a
// super admin who reads English (the channel is created with a Latin name, the
// requester invited and registered as owner; a double click changes nothing), and
// a task group's expiry notice, renewed and then archived from the card.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { buttonsOf } from '../support/drive.js';
import { slackE2E } from '../support/e2e.js';
import { blockAction, formSubmission, type OpenedView, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', locale: 'zh-CN' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const TEAM = 'C0SHIP';
const SPRINT = 'C0SPRINT';
const DAY = 86_400_000;

describe.each(DATABASES)('Slack group lifecycle ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, MO, BOB],
    channels: { [TEAM]: { name: 'ship', members: [ADA, MO, BOB] }, [SPRINT]: { name: 'sprint-12', members: [ADA, BOB] } },
    channel: TEAM,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token/),
  });
  const { fake, run, later } = e2e;
  const dmOf = (user: SlackUser) => `D${user.id.slice(1)}`;
  const lastCard = (user: SlackUser, actionId: string) => fake.posts.filter((p) => p.channel === dmOf(user) && JSON.stringify(p.blocks).includes(actionId)).at(-1)!;

  beforeAll(async () => {
    await run(ADA, 'group register core 市场部每周汇报 --name 市场部周报群');
  });

  it('GRP-2/4: a Chinese request with a similar group warns, is approved once, and creates a Latin-named channel with the requester as owner', async () => {
    const answer = await run(MO, '申请建群 市场周报 任务 汇总每周市场数据');
    expect(answer).toEqual([expect.stringContaining('市场部周报群')]);
    expect(answer[0]).toContain('相似');
    const card = lastCard(ADA, 'group.approve');
    expect(blockKitProblems(card.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain('Similar groups exist already');
    const [approve] = buttonsOf(card.blocks);
    expect(approve?.action_id).toBe('group.approve');

    // A forged payload and a click by the requester change nothing.
    await e2e.slack.interact(blockAction(ADA, 'group.approve', JSON.stringify({ requestId: '00000000-0000-4000-8000-000000000000' }), { channel: dmOf(ADA), ts: card.ts }));
    await e2e.slack.interact(blockAction(MO, 'group.approve', approve!.value, { channel: dmOf(ADA), ts: card.ts }));
    await e2e.charter.settle();
    expect(fake.of('conversations.create')).toEqual([]);

    // A workspace that lets nobody create channels: the requester is told in words, nothing is registered.
    await run(MO, 'group request blocked-desk project Nowhere');
    const blocked = lastCard(ADA, 'group.approve');
    fake.failNext.set('conversations.create', 'restricted_action');
    await e2e.slack.interact(blockAction(ADA, 'group.approve', buttonsOf(blocked.blocks)[0]!.value, { channel: dmOf(ADA), ts: blocked.ts }));
    await e2e.charter.settle();
    const told = fake.posts.filter((p) => p.channel === dmOf(MO)).map((p) => String(fake.messages.get(`${p.channel}/${p.ts}`)?.text));
    expect(told.join('\n')).toContain('Charter 无权在那里创建频道（restricted_action）');

    for (let i = 0; i < 2; i += 1) expect((await e2e.slack.interact(blockAction(ADA, 'group.approve', approve!.value, { channel: dmOf(ADA), ts: card.ts }))).status).toBe(200);
    await e2e.charter.settle();
    const created = fake.of('conversations.create').filter((b) => b['name'] !== 'blocked-desk');
    expect(created).toHaveLength(1);
    expect(String(created[0]?.['name'])).toMatch(/^grp-[0-9a-f]{6}$/);
    expect(fake.of('conversations.invite').map((b) => b['users'])).toContain(MO.id);
    const moDm = fake.posts.filter((p) => p.channel === dmOf(MO)).map((p) => JSON.stringify(p.blocks) + String(fake.messages.get(`${p.channel}/${p.ts}`)?.text));
    expect(moDm.join('\n')).toContain('你的群 **市场周报** 已就绪'.replace(/\*\*/g, '*'));
    expect(JSON.stringify(fake.messages.get(`${dmOf(ADA)}/${card.ts}`)?.blocks)).toContain('the group is created and registered');
    const [newChannel] = [...fake.channels.entries()].find(([, c]) => c.name === created[0]!['name'])!;
    expect(await run(MO, 'group info', newChannel)).toEqual(['市场周报']);
  });

  it('GRP-2: a channel whose creation answer was lost is taken over, not made twice; someone else\'s channel of that name is not', async () => {
    // Slack carries out conversations.create but the answer never arrives: the client's retry hears name_taken.
    await run(MO, 'group request lost-answer project Lost in transit');
    const card = lastCard(ADA, 'group.approve');
    fake.loseNext.add('conversations.create');
    await e2e.slack.interact(blockAction(ADA, 'group.approve', buttonsOf(card.blocks)[0]!.value, { channel: dmOf(ADA), ts: card.ts }));
    await e2e.charter.settle();
    const made = [...fake.channels.entries()].filter(([, c]) => c.name.startsWith('lost-answer'));
    expect(made.map(([, c]) => c.name)).toEqual(['lost-answer']);
    const [id] = made[0]!;
    expect(fake.of('conversations.invite').filter((b) => b['channel'] === id).map((b) => b['users'])).toEqual([MO.id]);
    expect(await run(MO, 'group info', id)).toEqual(['lost-answer']);

    // A channel of the requested name that someone else made: not taken over; Charter makes its own beside it.
    fake.channels.set('C0THEIRS', { name: 'their-room', members: new Set([ADA.id]), creator: ADA.id, created: Math.floor(Date.now() / 1000) });
    await run(MO, 'group request their-room project Somebody else has it');
    const second = lastCard(ADA, 'group.approve');
    await e2e.slack.interact(blockAction(ADA, 'group.approve', buttonsOf(second.blocks)[0]!.value, { channel: dmOf(ADA), ts: second.ts }));
    await e2e.charter.settle();
    expect(fake.of('conversations.invite').filter((b) => b['channel'] === 'C0THEIRS')).toEqual([]);
    const theirs = [...fake.channels.entries()].filter(([, c]) => c.name.startsWith('their-room')).map(([, c]) => c.name);
    expect(theirs).toEqual(['their-room', expect.stringMatching(/^their-room-[0-9a-z]+$/)]);
  });

  it('GRP-3: a task group gets its notice a week before; the owner renews it from the form, then archives it', async () => {
    await run(ADA, 'group register task Sprint twelve', SPRINT);
    await later(7 * DAY);
    await e2e.charter.jobs.send('group.daily', {});
    await e2e.charter.settle();
    const card = lastCard(ADA, 'group.renew');
    expect(blockKitProblems(card.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(card.blocks)).toContain('expires on 2026-12-08');
    const [renew, archive] = buttonsOf(card.blocks);
    await e2e.slack.interact(blockAction(ADA, renew!.action_id, renew!.value, { channel: dmOf(ADA), ts: card.ts }));
    await e2e.charter.settle();
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    expect(view.blocks.find((b) => b.block_id === 'until')?.element?.type).toBe('datepicker');
    expect((await e2e.slack.interact(formSubmission(ADA, view, { until: '2026-12-31' }))).status).toBe(200);
    await e2e.charter.settle();
    expect(JSON.stringify(fake.messages.get(`${dmOf(ADA)}/${card.ts}`)?.blocks)).toContain('until 2026-12-31');

    await e2e.slack.interact(blockAction(MO, archive!.action_id, archive!.value, { channel: dmOf(ADA), ts: card.ts }));
    await e2e.charter.settle();
    expect(fake.of('conversations.archive')).toEqual([]);
    await e2e.slack.interact(blockAction(ADA, archive!.action_id, archive!.value, { channel: dmOf(ADA), ts: card.ts }));
    await e2e.charter.settle();
    expect(fake.of('conversations.archive').map((b) => b['channel'])).toEqual([SPRINT]);
    expect(await run(ADA, 'group info', SPRINT)).toEqual([expect.stringContaining('not a governed group')]);
  });
});
