// LIFE-4 roster reconciliation end to end. Someone HR says has left is still in two
// governed groups (they left before the groups were governed, so no offboarding
// touched them). `hr reconcile` answers a super admin with the report card; its
// Remove removes through the platform once, however often it is clicked, and the
// card shows the row done: on Slack the private (ephemeral) answer is replaced
// through its response URL and the quarterly copies every super admin got are
// updated (chat.update); on Teams (with Microsoft Graph) the invoke response is the
// updated card. Someone who is not a super admin is refused, nothing removed.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import { APP_PASSWORD, BotFrameworkIdentity, graphCharterEnv } from '../support/botframework.js';
import { adaptiveProblems, blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { actionsOf, buttonsOf, cardOf } from '../support/drive.js';
import { slackE2E, teamsE2E } from '../support/e2e.js';
import { FakeGraph } from '../support/graph.js';
import { HR_SECRET, hrEvent, type HrClient } from '../support/hr.js';
import { blockAction, HOOKS, type SlackUser } from '../support/slack.js';
import { personalChat, type TeamsUser } from '../support/teams.js';

type Json = Record<string, unknown>;

/** A departed person: hired, then left, before the groups were governed. */
async function leftBefore(hr: HrClient, at: Date, employeeId: string, email: string): Promise<void> {
  expect((await hr.send(hrEvent(`hire-${employeeId}`, 'hire', new Date(at.getTime() - 86_400_000).toISOString(), { employeeId, email, realName: 'Leo Left', department: 'Ops', title: 'Clerk' }))).status).toBe(202);
  expect((await hr.send(hrEvent(`leave-${employeeId}`, 'leave', at.toISOString(), { employeeId, email }))).status).toBe(202);
}

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin', email: 'ada@example.com' };
const BEA: SlackUser = { id: 'U0BEA', name: 'bea', real_name: 'Bea Boss', email: 'bea@example.com', locale: 'zh-CN' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Member', email: 'mo@example.com' };
const LEO: SlackUser = { id: 'U0LEO', name: 'leo', real_name: 'Leo Left', email: 'leo@example.com' };
const RESEARCH = 'C0RES';
const ALL = 'C0ALL';

describe.each(DATABASES)('roster reconciliation on Slack ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-12-23T02:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, BEA, MO, LEO],
    channels: { [RESEARCH]: { name: 'research-team', members: [ADA, MO, LEO] }, [ALL]: { name: 'all-hands', members: [ADA, LEO] } },
    channel: RESEARCH,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id},slack:${BEA.id}`, CHARTER_HR_SECRET: HR_SECRET },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token|leo@example\.com/i),
  });
  const { fake, run } = e2e;
  const kicks = () => fake.of('conversations.kick').map((c) => `${String(c['channel'])}:${String(c['user'])}`);

  /** A click on a button of a message, as Slack sends it (an ephemeral one has no ts to update). */
  async function click(user: SlackUser, button: { action_id: string; value: string }, where: { channel: string; ts: string; ephemeral: boolean }): Promise<Json[]> {
    const payload = blockAction(user, button.action_id, button.value, where);
    const responseUrl = `${HOOKS}/actions/T0001/${Math.random().toString(36).slice(2)}`;
    const r = await e2e.slack.interact({ ...payload, container: { ...(payload['container'] as Json), is_ephemeral: where.ephemeral }, response_url: responseUrl });
    expect(r.status).toBe(200);
    await e2e.charter.settle();
    return fake.responses.filter((x) => x.url === responseUrl).map((x) => x.body);
  }

  beforeAll(async () => {
    await run(LEO, 'help'); // Leo's account is known, with his e-mail
    await leftBefore(e2e.hr, clock.now(), 'E-LEO', 'leo@example.com');
    await e2e.charter.settle();
    await run(ADA, 'group register community Research papers', RESEARCH);
    await run(ADA, 'group register community Company-wide announcements', ALL);
    await run(BEA, 'help');
  });

  it('answers privately with Remove buttons; a click removes once and replaces the private card with the row done', async () => {
    const response_url = `${HOOKS}/commands/T0001/reconcile`;
    expect((await e2e.slack.command({ user_id: ADA.id, user_name: ADA.name, text: 'hr reconcile', channel_id: RESEARCH, channel_name: 'research-team', trigger_id: '1.2.3', response_url })).status).toBe(200);
    await e2e.charter.settle();
    const answer = fake.responses.find((x) => x.url === response_url)!.body;
    expect(answer['response_type']).toBe('ephemeral');
    const blocks = answer['blocks'] as KnownBlock[];
    expect(blockKitProblems(blocks)).toEqual([]);
    expect(JSON.stringify(blocks)).toContain('has left the organisation and is still in');
    const removes = buttonsOf(blocks).filter((b) => b.action_id.startsWith('hr.reconcile-remove'));
    expect(removes).toHaveLength(2);
    const where = { channel: RESEARCH, ts: '1796000000.000100', ephemeral: true };

    // Someone who is no super admin: refused, nothing removed.
    const refused = await click(MO, removes[0]!, where);
    expect(JSON.stringify(refused)).toContain('Only super admins');
    expect(kicks()).toEqual([]);

    // The super admin, twice: removed once; the private card is replaced with the row done and its button gone.
    const first = await click(ADA, removes[0]!, where);
    await click(ADA, removes[0]!, where);
    expect(kicks()).toEqual([`${ALL}:${LEO.id}`]);
    const replaced = first.find((b) => b['replace_original'] === true)!;
    expect(replaced).toBeDefined();
    expect(blockKitProblems(replaced['blocks'] as KnownBlock[])).toEqual([]);
    expect(JSON.stringify(replaced['blocks'])).toContain(`was removed from *all-hands* by <@${ADA.id}>`);
    expect(buttonsOf(replaced['blocks'] as unknown[]).filter((b) => b.action_id.startsWith('hr.reconcile-remove'))).toHaveLength(1);
    expect(JSON.stringify(first.filter((b) => b['replace_original'] !== true))).toContain('was removed from');
    const audit = (await e2e.db.knex('audit_log').where({ action: 'member.remove' }).orderBy('id').select('outcome', 'actor_id')) as Json[];
    expect(audit).toEqual([
      { outcome: 'refused', actor_id: `slack:${MO.id}` },
      { outcome: 'ok', actor_id: `slack:${ADA.id}` },
    ]);
  });

  it('sends the quarterly card to every super admin; a removal from one copy updates every copy, in each one’s language', async () => {
    await e2e.charter.jobs.send('hr.quarterly', {});
    await e2e.charter.settle();
    const copies = fake.posts.filter((p) => JSON.stringify(p.blocks).includes('hr.reconcile-remove'));
    expect(copies.map((p) => p.channel).sort()).toEqual([`D${ADA.id.slice(1)}`, `D${BEA.id.slice(1)}`].sort());
    const bea = copies.find((p) => p.channel === `D${BEA.id.slice(1)}`)!;
    expect(JSON.stringify(bea.blocks)).toContain('已离职');
    const remove = buttonsOf(bea.blocks).find((b) => b.action_id.startsWith('hr.reconcile-remove'))!;
    await click(BEA, remove, { channel: bea.channel, ts: bea.ts, ephemeral: false });
    expect(kicks()).toEqual([`${ALL}:${LEO.id}`, `${RESEARCH}:${LEO.id}`]);
    const updates = fake.of('chat.update').filter((u) => String(u['blocks']).includes('hr.reconcile') || String(u['blocks']).includes('research-team'));
    expect(updates.map((u) => String(u['channel'])).sort()).toEqual(copies.map((p) => p.channel).sort());
    const ada = updates.find((u) => u['channel'] === `D${ADA.id.slice(1)}`)!;
    expect(String(ada['blocks'])).toContain(`was removed from *research-team* by <@${BEA.id}>`);
    const beaUpdate = updates.find((u) => u['channel'] === `D${BEA.id.slice(1)}`)!;
    expect(String(beaUpdate['blocks'])).toContain(`已由 <@${BEA.id}> 移出`);
  });
});

const T_ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'a0000000-0000-4000-8000-000000000001', email: 'ada@acme.test' };
const T_MO: TeamsUser = { id: '29:1mo', name: 'Mo Member', aadObjectId: 'b0000000-0000-4000-8000-000000000002', email: 'mo@acme.test' };
const T_LEO: TeamsUser = { id: '29:1leo', name: 'Leo Left', aadObjectId: 'c0000000-0000-4000-8000-000000000003', email: 'leo@acme.test' };
const AAD_TEAM = 'aad-group-apps';
/** One signing key for the whole file: botbuilder caches the published keys for the process. */
const identity = new BotFrameworkIdentity();

describe.each(DATABASES)('roster reconciliation on Teams with Microsoft Graph ($name)', (target) => {
  const graph = new FakeGraph();
  const clock = new RunningClock(new Date('2026-12-23T02:00:00Z'));
  const e2e = teamsE2E(target, {
    identity,
    channel: [T_ADA, T_MO, T_LEO],
    arrange: () => {
      graph.install();
      for (const u of [T_ADA, T_MO, T_LEO]) {
        graph.addUser({ id: u.aadObjectId, displayName: u.name, mail: u.email ?? null });
        graph.joinTeam(AAD_TEAM, u.aadObjectId);
      }
    },
    env: graphCharterEnv({ CHARTER_SUPER_ADMINS: `teams:${T_ADA.aadObjectId}`, CHARTER_HR_SECRET: HR_SECRET }),
    clock,
    checks: ({ charter }) => {
      expect(charter.logs.text()).not.toMatch(/leo@acme\.test/);
      expect(charter.logs.text()).not.toContain(APP_PASSWORD);
    },
  });
  const { connector, send, command } = e2e;

  beforeAll(async () => {
    for (const u of [T_ADA, T_MO, T_LEO]) await send(e2e.teams.personalMessage(u, 'help', u === T_ADA ? 'zh-CN' : 'en-US'));
    await leftBefore(e2e.hr, clock.now(), 'E-TLEO', 'leo@acme.test');
    await e2e.charter.settle();
    expect(await command(T_ADA, 'group register project The launch')).toContain('ship-v2');
  });

  it('answers in the personal chat; Remove removes through Graph once and the invoke answers with the row done, in Chinese', async () => {
    await send(e2e.teams.personalMessage(T_ADA, 'hr reconcile', 'zh-CN'));
    const card = connector.sent(personalChat(T_ADA)).map(cardOf).find((c) => JSON.stringify(c).includes('群组与 HR 目录核对'))!;
    expect(card).toBeDefined();
    expect(adaptiveProblems(card)).toEqual([]);
    const remove = actionsOf(card).find((a) => a.verb === 'hr.reconcile-remove')!;
    expect(remove).toBeDefined();
    const where = { conversation: personalChat(T_ADA), activityId: '1796000000001' };

    const refused = await send({ ...e2e.teams.invoke(T_MO, 'hr.reconcile-remove', remove.data, where), locale: 'en-US' });
    expect(((await refused.json()) as { statusCode: number }).statusCode).toBe(403);
    expect(graph.of('DELETE', /members/)).toEqual([]);

    const answers = await Promise.all([0, 1].map(() => e2e.teams.send({ ...e2e.teams.invoke(T_ADA, 'hr.reconcile-remove', remove.data, where), locale: 'zh-CN' })));
    await e2e.charter.settle();
    const bodies = (await Promise.all(answers.map((r) => r.json()))) as { statusCode: number; type: string; value: Json }[];
    expect(graph.of('DELETE', /members/).map((c) => c.path)).toEqual([`teams/${AAD_TEAM}/members/MT-${T_LEO.aadObjectId}`]);
    const updated = bodies.find((b) => b.type === 'application/vnd.microsoft.card.adaptive' && JSON.stringify(b.value).includes('已由'));
    expect(updated).toBeDefined();
    expect(adaptiveProblems(updated!.value)).toEqual([]);
    expect(actionsOf(updated!.value).filter((a) => a.verb === 'hr.reconcile-remove')).toEqual([]);
  });
});
