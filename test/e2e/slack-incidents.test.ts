// Incidents and locks on Slack, end to end through the running server, on a
// clock that runs from a fixed instant and jumps ahead with the waiting jobs:
// a member declares a level 1 incident; the card lands in the channel and in the
// super admin's DM; a moderator who reads Chinese acknowledges in the channel (every
// copy updated); the commander is reminded, marks a step done, misses the other
// (escalated once); resolving asks for a summary in a modal, and the review lands in
// the channel. A spam attack locks the channel, removes the attacker's messages with
// the admin token, kicks the attacker; a member's message during the lock is removed.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { buttonsOf } from '../support/drive.js';
import { slackE2E } from '../support/e2e.js';
import { blockAction, eventFixture, formSubmission, HOOKS, newTrigger, type OpenedView, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', locale: 'zh-CN' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const EVE: SlackUser = { id: 'U0EVE', name: 'eve', real_name: 'Eve Spam' };
const TEAM = 'C0INC';
const OTHER = 'C0SPAM';
const MIN = 60_000;

describe.each(DATABASES)('Slack incidents ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, MO, BOB, EVE],
    channels: { [TEAM]: { name: 'launch', members: [ADA, MO, BOB] }, [OTHER]: { name: 'community', members: [ADA, MO, BOB, EVE] } },
    channel: TEAM,
    env: { SLACK_ADMIN_USER_TOKEN: 'xoxp-e2e-admin-token', CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token|xoxp-e2e-admin-token/),
  });
  const { fake, run, later } = e2e;
  let events = 0;

  async function post(user: SlackUser, text: string, channel: string): Promise<string> {
    events += 1;
    const ts = `${Math.floor(clock.now().getTime() / 1000)}.00${events}`;
    const r = await e2e.slack.event(eventFixture('message-channels', { user: user.id, channel, text, ts, event_ts: ts, client_msg_id: `i-${events}`, blocks: undefined }, { event_id: `Ev0IN${events}`, event_time: Math.floor(clock.now().getTime() / 1000) }));
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    return ts;
  }
  async function click(user: SlackUser, where: { channel: string; ts: string }, label: RegExp): Promise<Record<string, unknown>> {
    const blocks = fake.messages.get(`${where.channel}/${where.ts}`)?.blocks ?? [];
    const button = buttonsOf(blocks).find((b) => label.test(b.text.text));
    if (button === undefined) throw new Error(`no button ${label} in ${JSON.stringify(buttonsOf(blocks).map((b) => b.text.text))}`);
    const payload = blockAction(user, button.action_id, button.value, where);
    const r = await e2e.slack.interact(payload);
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    return payload;
  }
  const incidentPosts = (channel: string) => fake.posts.filter((p) => p.channel === channel && JSON.stringify(p.blocks).includes('incident.ack'));
  const dmTexts = (user: SlackUser) => fake.of('chat.postMessage').filter((b) => b['channel'] === user.id).map((b) => String(b['text']));
  const current = (p: { channel: string; ts: string }) => JSON.stringify(fake.messages.get(`${p.channel}/${p.ts}`)?.blocks);

  beforeAll(async () => {
    await run(ADA, 'group register project The launch team');
    await run(ADA, `role grant <@${MO.id}|mo> moderator keeps order`);
    await run(ADA, 'group register community Everyone who uses it', OTHER);
    await run(ADA, `role grant <@${MO.id}|mo> moderator keeps order`, OTHER);
  });

  it('declares, acknowledges, reminds, escalates a missed step once and resolves with a review', async () => {
    expect(await run(BOB, 'incident declare 1 The revenue figure in the all-hands post is wrong')).toEqual([expect.stringContaining('you are the commander')]);
    const [card] = incidentPosts(TEAM);
    expect(card).toBeDefined();
    expect(blockKitProblems(card!.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(card!.blocks)).toContain('Retract the statement');
    const adaCopy = incidentPosts(`D${ADA.id.slice(1)}`);
    expect(adaCopy).toHaveLength(1);

    // Mo (Chinese) acknowledges in the channel; the channel copy and Ada's copy change in place.
    await later(MIN);
    const ack = await click(MO, card!, /^Acknowledge$/);
    expect(current(card!)).toContain('Acknowledged by');
    expect(current(adaCopy[0]!)).toContain('Acknowledged by');
    expect(buttonsOf(fake.messages.get(`${card!.channel}/${card!.ts}`)!.blocks).map((b) => b.text.text)).not.toContain('Acknowledge');
    // Clicking the stale button again changes nothing.
    await e2e.slack.interact({ ...ack, trigger_id: newTrigger(), response_url: `${HOOKS}/actions/T0001/again` });
    await e2e.charter.settle();
    expect(JSON.stringify(fake.responses.filter((x) => x.url === `${HOOKS}/actions/T0001/again`))).toContain('已经有人确认');

    // The commander is reminded 2 minutes before the 5-minute deadline, marks the step done.
    await later(2 * MIN);
    expect(dmTexts(BOB).filter((t) => t.includes('Reminder'))).toHaveLength(1);
    await click(BOB, card!, /Retract/);
    expect(current(card!)).toContain('done by');
    // The clarification is missed at 10 minutes: the super admin is told, once.
    await later(3 * MIN);
    await later(5 * MIN);
    await later(20 * MIN);
    expect(dmTexts(ADA).filter((t) => t.includes('Missed'))).toHaveLength(1);
    expect(current(card!)).toContain('missed');

    // Resolve opens a modal for the summary; the review lands in the channel.
    await click(BOB, card!, /^Resolve$/);
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    expect(view.blocks.some((b) => b.block_id === 'summary')).toBe(true);
    const r = await e2e.slack.interact(formSubmission(BOB, view, { summary: 'Retracted at once; the clarification went out late.' }));
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    const review = fake.posts.filter((p) => p.channel === TEAM && JSON.stringify(p.blocks).includes('Time to acknowledge'));
    expect(review).toHaveLength(1);
    expect(blockKitProblems(review[0]!.blocks as KnownBlock[])).toEqual([]);
    const reviewText = JSON.stringify(review[0]!.blocks);
    // The clock runs on between steps: a loaded machine adds a second or two.
    expect(reviewText).toMatch(/Time to acknowledge: 1 min [0-5] s/);
    expect(reviewText).toContain('Time to resolve: 31 min');
    expect(reviewText).toContain('Steps missed: Post a clarification');
    expect(current(card!)).toContain('Resolved');
    expect(buttonsOf(fake.messages.get(`${card!.channel}/${card!.ts}`)!.blocks)).toEqual([]);
  });

  it('runs the spam playbook with the admin token: lock, purge, kick; the lock removes a member’s message; unlock needs a reason', async () => {
    const spam = [await post(EVE, 'cheap followers', OTHER), await post(EVE, 'cheap followers, DM me', OTHER)];
    const deletedBefore = fake.calls.filter((c) => c.method === 'chat.delete').length;
    await run(MO, `事件 声明 spam <@${EVE.id}|eve> 刷广告`, OTHER);
    const deletes = fake.calls.filter((c) => c.method === 'chat.delete').slice(deletedBefore);
    expect(deletes.map((c) => (c.body as { ts: string }).ts).sort()).toEqual([...spam].sort());
    expect(deletes.every((c) => c.token === 'xoxp-e2e-admin-token')).toBe(true);
    expect(fake.calls.filter((c) => c.method === 'conversations.kick')).toEqual([expect.objectContaining({ body: expect.objectContaining({ channel: OTHER, user: EVE.id }) })]);
    expect(fake.of('chat.postMessage').filter((b) => b['channel'] === OTHER).map((b) => String(b['text']))).toContainEqual(expect.stringContaining('This group is locked'));
    const [card] = incidentPosts(OTHER);
    expect(current(card!)).toContain('done by Charter');

    const before = fake.calls.filter((c) => c.method === 'chat.delete').length;
    const bobs = await post(BOB, 'is it over?', OTHER);
    expect(fake.calls.filter((c) => c.method === 'chat.delete').slice(before).map((c) => (c.body as { ts: string }).ts)).toEqual([bobs]);
    expect(fake.of('chat.postEphemeral').filter((b) => b['user'] === BOB.id).map((b) => String(b['text']))).toContainEqual(expect.stringContaining('is locked'));
    await post(MO, '我们在处理', OTHER);
    expect(fake.calls.filter((c) => c.method === 'chat.delete')).toHaveLength(before + 1);

    expect(await run(BOB, 'unlock over', OTHER)).toEqual([expect.stringContaining('Only the admins')]);
    expect(await run(MO, '解禁', OTHER)).toEqual([expect.stringContaining('理由')]);
    expect(await run(MO, '解禁 攻击者已移除', OTHER)).toEqual([expect.stringContaining('已解禁')]);
    await post(BOB, 'thanks', OTHER);
    expect(fake.calls.filter((c) => c.method === 'chat.delete')).toHaveLength(before + 1);
  });
});
