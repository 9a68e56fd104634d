// Stewardship on Slack, end to end, in English and Chinese: a revoke that leaves a
// project group with one admin alerts its owner (who reads Chinese) and the super
// admin (English) once; the weekly inactivity list reaches the owner with a Remove
// button per person, which refuses a member, removes once on a double click
// (conversations.kick), and survives a platform error.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { buttonsOf } from '../support/drive.js';
import { slackE2E } from '../support/e2e.js';
import { blockAction, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const OWN: SlackUser = { id: 'U0OWN', name: 'own', real_name: 'Wang Fang', locale: 'zh-CN' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const CAT: SlackUser = { id: 'U0CAT', name: 'cat', real_name: 'Cat Wu' };
const TEAM = 'C0STEW';
const DAY = 86_400_000;

describe.each(DATABASES)('Slack stewardship ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, OWN, MO, BOB, CAT],
    channels: { [TEAM]: { name: 'launch', members: [ADA, OWN, MO, BOB, CAT] } },
    channel: TEAM,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token/),
  });
  const { fake, run } = e2e;
  const dmPosts = (user: SlackUser, needle: string) => fake.posts.filter((p) => p.channel === `D${user.id.slice(1)}` && JSON.stringify(p.blocks).includes(needle));

  beforeAll(async () => {
    await run(ADA, 'group register project The launch');
    await run(ADA, `role grant <@${OWN.id}|own> owner runs it`);
    await run(OWN, `授权 <@${MO.id}|mo> 管理员 维持秩序`);
    await run(OWN, `role revoke <@${ADA.id}|ada> owner hands over`);
    // Registered long ago: members who never posted have been silent since.
    await e2e.db.knex('groups').update({ created_at: new Date(clock.now().getTime() - 100 * DAY) });
  });

  it('alerts the owner (in Chinese) and the super admin (in English) once when a revoke leaves one admin', async () => {
    expect(await run(OWN, `撤权 <@${MO.id}|mo> 管理员 调岗`)).toEqual([expect.stringContaining('不再是')]);
    const [zh] = dmPosts(OWN, '需要更多管理员');
    const [en] = dmPosts(ADA, 'needs more admins');
    expect(zh).toBeDefined();
    expect(en).toBeDefined();
    expect(blockKitProblems(en!.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(en!.blocks)).toContain('has 1 active admin(s); it needs at least 2');
    expect(JSON.stringify(zh!.blocks)).toContain('授权 @某人 管理员');
    // The daily check does not alert again.
    await e2e.charter.jobs.send('stewardship.daily', {});
    await e2e.charter.settle();
    expect(dmPosts(ADA, 'needs more admins')).toHaveLength(1);
    // Fixed: both are told.
    await run(OWN, `role grant <@${MO.id}|mo> moderator back`);
    expect(fake.calls.some((c) => c.method === 'chat.update' && String(c.body['blocks']).includes('enough admins again'))).toBe(true);
  });

  it('lists inactive members to the owner weekly; Remove refuses a member, removes once, survives a platform error', async () => {
    await e2e.charter.jobs.send('stewardship.weekly', {});
    await e2e.charter.settle();
    const [list] = dmPosts(OWN, 'stewardship.remove');
    expect(list).toBeDefined();
    expect(blockKitProblems(list!.blocks as KnownBlock[])).toEqual([]);
    const body = JSON.stringify(list!.blocks);
    expect(body).toContain('不活跃成员');
    expect(body).toContain(BOB.id);
    expect(body).toContain(CAT.id);
    expect(body).not.toContain(`<@${MO.id}>`);
    expect(body).not.toContain(`<@${ADA.id}>`);
    // The button in the block after Bob's line.
    const blocks = list!.blocks as KnownBlock[];
    const at = blocks.findIndex((b) => b.type === 'section' && JSON.stringify(b).includes(`<@${BOB.id}>`));
    const [bob] = buttonsOf([blocks[at + 1]!]);
    expect(bob).toBeDefined();
    const where = { channel: list!.channel, ts: list!.ts };
    const kicks = () => fake.calls.filter((c) => c.method === 'conversations.kick');

    // Cat is no owner: refused.
    await e2e.slack.interact(blockAction(CAT, bob!.action_id, bob!.value, where));
    await e2e.charter.settle();
    expect(kicks()).toEqual([]);
    // A platform error: nothing removed, the button stays.
    fake.failNext.set('conversations.kick', 'fatal_error');
    await e2e.slack.interact(blockAction(OWN, bob!.action_id, bob!.value, where));
    await e2e.charter.settle();
    expect(fake.channels.get(TEAM)!.members.has(BOB.id)).toBe(true);
    // Then it works, once, however often it is clicked.
    for (let i = 0; i < 3; i += 1) await e2e.slack.interact(blockAction(OWN, bob!.action_id, bob!.value, where));
    await e2e.charter.settle();
    expect(fake.channels.get(TEAM)!.members.has(BOB.id)).toBe(false);
    // One failed call and one that removed: the double clicks after it removed nobody again.
    expect(kicks().filter((c) => c.body['user'] === BOB.id)).toHaveLength(2);
    expect(JSON.stringify(fake.messages.get(`${where.channel}/${where.ts}`)?.blocks)).toContain('移出');
    const audit = (await e2e.db.knex('audit_log').where({ action: 'member.remove' }).orderBy('id')) as { actor_id: string; outcome: string; reason: string }[];
    expect(audit.map((a) => [a.actor_id, a.outcome, a.reason])).toEqual([
      [`slack:${CAT.id}`, 'refused', 'inactive for 90 days'],
      [`slack:${OWN.id}`, 'failed', 'inactive for 90 days'],
      [`slack:${OWN.id}`, 'ok', 'inactive for 90 days'],
    ]);
    // Bob is told why, in English.
    expect([...fake.messages.values()].filter((m) => m.channel === `D${BOB.id.slice(1)}` && m.text.includes('no message there for 90 days'))).toHaveLength(1);
  });
});
