// Surveys on Slack, end to end: an admin starts an anonymous satisfaction survey; a
// member who reads Chinese answers from the card's button in a modal, then changes
// the answer; at the close the starter gets the results and the card says closed.
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
const TEAM = 'C0SURV';
const DAY = 86_400_000;

describe.each(DATABASES)('Slack surveys ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, MO, BOB],
    channels: { [TEAM]: { name: 'survey', members: [ADA, MO, BOB] } },
    channel: TEAM,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token/),
  });
  const { fake, run, later } = e2e;

  const dmPosts = (user: SlackUser, needle: string) => fake.posts.filter((p) => p.channel === `D${user.id.slice(1)}` && JSON.stringify(p.blocks).includes(needle));
  async function answerVia(user: SlackUser, post: { channel: string; ts: string }, values: Record<string, string | null>): Promise<void> {
    const [button] = buttonsOf(fake.messages.get(`${post.channel}/${post.ts}`)!.blocks);
    await e2e.slack.interact(blockAction(user, button!.action_id, button!.value, post));
    await e2e.charter.settle();
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    const r = await e2e.slack.interact(formSubmission(user, view, values));
    expect(r.status).toBe(200);
    await e2e.charter.settle();
  }

  beforeAll(async () => {
    await run(ADA, 'group register project Survey practice');
  });

  it('answers in a modal from the card, changes the answer, and closes with results', async () => {
    expect(await run(ADA, 'survey start satisfaction')).toEqual([expect.stringContaining('2 people')]);
    const [moCard] = dmPosts(MO, 'survey.answer');
    expect(blockKitProblems(moCard!.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(moCard!.blocks)).toContain('满意度调查');
    // A wrong score stays in the modal with the error beside it.
    const [button] = buttonsOf(moCard!.blocks);
    await e2e.slack.interact(blockAction(MO, button!.action_id, button!.value, moCard!));
    await e2e.charter.settle();
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual(['score', 'comment']);
    const bad = await e2e.slack.interact(formSubmission(MO, view, { score: '101', comment: null }));
    expect(JSON.stringify(await bad.json())).toContain('0 到 100');
    await answerVia(MO, moCard!, { score: '88', comment: '很好' });
    expect(JSON.stringify(fake.messages.get(`${moCard!.channel}/${moCard!.ts}`)?.blocks)).toContain('88');
    await answerVia(MO, moCard!, { score: '92', comment: '更好' });
    expect(JSON.stringify(fake.messages.get(`${moCard!.channel}/${moCard!.ts}`)?.blocks)).toContain('92');
    const [bobCard] = dmPosts(BOB, 'survey.answer');
    await answerVia(BOB, bobCard!, { score: '70', comment: null });

    await later(8 * DAY);
    const results = dmPosts(ADA, 'Response rate');
    expect(results).toHaveLength(1);
    expect(blockKitProblems(results[0]!.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(results[0]!.blocks)).toContain('2 of 2');
    expect(JSON.stringify(results[0]!.blocks)).toContain('Fewer than 5 answers');
    expect(JSON.stringify(results[0]!.blocks)).not.toContain('更好');
    expect(JSON.stringify(fake.messages.get(`${moCard!.channel}/${moCard!.ts}`)?.blocks)).toContain('已结束');
  });
});
