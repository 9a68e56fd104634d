// Acknowledged notices on Slack, end to end: a moderator who reads Chinese posts a
// notice; members acknowledge with the button (twice counts once); the channel's
// copy shows the count; a reminder reaches only who has not acknowledged.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { buttonsOf } from '../support/drive.js';
import { slackE2E } from '../support/e2e.js';
import { blockAction, formSubmission, HOOKS, type OpenedView, type SlackUser } from '../support/slack.js';

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', locale: 'zh-CN' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone' };
const CAT: SlackUser = { id: 'U0CAT', name: 'cat', real_name: 'Cat Wu' };
const TEAM = 'C0NOTE';

describe.each(DATABASES)('Slack notices ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, MO, BOB, CAT],
    channels: { [TEAM]: { name: 'notes', members: [ADA, MO, BOB, CAT] } },
    channel: TEAM,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}` },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token/),
  });
  const { fake, run, later } = e2e;

  beforeAll(async () => {
    await run(ADA, 'group register project Notes and news');
    await run(ADA, `role grant <@${MO.id}|mo> moderator posts notices`);
  });

  it('posts, counts each acknowledgement once, updates the channel copy and reminds only who has not', async () => {
    expect(await run(BOB, 'notice Free pizza')).toEqual([expect.stringContaining('Only the admins')]);
    expect(await run(MO, '通知 周五 18:00 机房停电，请提前保存工作')).toEqual([expect.stringContaining('3 名成员')]);
    const post = fake.posts.find((p) => p.channel === TEAM && JSON.stringify(p.blocks).includes('notice.ack'))!;
    expect(blockKitProblems(post.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(post.blocks)).toContain('Acknowledged 0 of 3');
    const [ack] = buttonsOf(post.blocks);
    for (const user of [BOB, BOB, ADA]) {
      const r = await e2e.slack.interact(blockAction(user, ack!.action_id, ack!.value, { channel: TEAM, ts: post.ts }));
      expect(r.status).toBe(200);
    }
    await e2e.charter.settle();
    await later(3_000);
    expect(JSON.stringify(fake.messages.get(`${TEAM}/${post.ts}`)?.blocks)).toContain('Acknowledged 2 of 3');
    // Four hours on, only Cat is reminded, privately, with the button.
    await later(4 * 3_600_000);
    const reminders = fake.posts.filter((p) => p.channel.startsWith('D') && JSON.stringify(p.blocks).includes('notice.ack'));
    expect(reminders.map((p) => p.channel)).toEqual([`D${CAT.id.slice(1)}`]);
    expect(JSON.stringify(reminders[0]!.blocks)).toContain('Please acknowledge');
  });

  it('posts from the form (a modal with a select) and gives admins a CSV of who has not acknowledged, through a link that expires', async () => {
    await run(MO, 'notice');
    const view = JSON.parse(String(fake.of('views.open').at(-1)?.['view'])) as OpenedView;
    expect(view.blocks.find((b) => b.block_id === 'important')?.element?.type).toBe('static_select');
    expect(view.blocks.find((b) => b.block_id === 'deadline')?.element?.type).toBe('datepicker');
    const r = await e2e.slack.interact(formSubmission(MO, view, { title: '机房停电', body: '周五 18:00 停电，请提前保存工作', deadline: '2026-11-27', important: 'yes' }));
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    const post = fake.posts.filter((p) => p.channel === TEAM && JSON.stringify(p.blocks).includes('notice.ack')).at(-1)!;
    expect(blockKitProblems(post.blocks as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(post.blocks)).toContain('机房停电');
    expect(JSON.stringify(post.blocks)).toContain('Important notice');
    const [ack] = buttonsOf(post.blocks);
    await e2e.slack.interact(blockAction(BOB, ack!.action_id, ack!.value, { channel: TEAM, ts: post.ts }));
    await e2e.charter.settle();

    const status = await exportCard(ADA);
    expect(blockKitProblems(status)).toEqual([]);
    const link = /http:\/\/[^|>\s]+\/exports\/[A-Za-z0-9_-]{43}/.exec(JSON.stringify(status))?.[0];
    expect(link).toBeDefined();
    const csv = await fetch(link!);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('cache-control')).toBe('no-store');
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment; filename="notice-notes-2026-11-2\d-not-acknowledged\.csv"/);
    const bytes = Buffer.from(await csv.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // the byte order mark spreadsheets need for Chinese
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n');
    expect(lines[0]).toBe('Name,E-mail,Department,Account');
    expect(lines.slice(1).map((l) => l.split(',')[3]).sort()).toEqual([ADA.id, CAT.id]);
    // A made-up token, and the real one once expired, answer 404 without a file.
    const forged = await fetch(link!.replace(/[A-Za-z0-9_-]{43}$/, 'A'.repeat(43)));
    expect(forged.status).toBe(404);
    expect(await forged.text()).toContain('unknown or has expired');
    expect((await fetch(link!.replace(/\/exports\/.*$/, '/exports/..%2F..%2Fetc'))).status).toBe(404);
    // A path that does not even decode is the client's fault, answered 400 without an error logged.
    expect((await fetch(link!.replace(/\/exports\/.*$/, '/exports/%ZZ'))).status).toBe(400);
    await later(16 * 60_000);
    expect((await fetch(link!)).status).toBe(404);
  });

  /** `notice export` as a slash command: the card sent to its response URL. */
  async function exportCard(user: SlackUser): Promise<KnownBlock[]> {
    const before = fake.responses.length;
    await run(user, 'notice export');
    const answer = fake.responses.slice(before).find((x) => x.url.startsWith(HOOKS) && Array.isArray(x.body['blocks']));
    return answer!.body['blocks'] as KnownBlock[];
  }
});
