// ADM-3 two-step approval end to end, on Slack and on Teams (without Graph): a super
// admin sets the group's `admission.two_step` to `cross-department` with `policy set`;
// the HR webhook says who works where. A moderator's approval of a requester from
// another department than the owner's adds no one: every copy of the card says
// "approved by X; waiting for an owner", buttons kept; a second such approval is told
// an owner must approve; a forged click is refused; the owner's approval adds the
// requester once and tells them, in their language. A requester from the owner's
// department is decided in one step; someone who left cannot ask, nor be approved.
import type { KnownBlock } from '@slack/types';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { adaptiveProblems, blockKitProblems } from '../support/cards.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES } from '../support/db.js';
import { actionsOf, buttonsOf, cardOf, cardPostOf, joinRequestOf } from '../support/drive.js';
import { slackE2E, teamsE2E } from '../support/e2e.js';
import { HR_SECRET, hrEvent, type HrClient } from '../support/hr.js';
import { blockAction, type SlackUser } from '../support/slack.js';
import { personalChat, type TeamsUser } from '../support/teams.js';

/** Who works where, as HR says: the owner in Apps; the requester from another department (Sales); Bob in the owner's (another case). */
const STAFF = {
  owen: { realName: 'Owen Owner', department: 'Apps' },
  mo: { realName: 'Mo Li', department: 'Sales' },
  jane: { realName: 'Jane Doe', department: 'Sales' },
  bob: { realName: 'Bob Stone', department: 'APPS' },
  eve: { realName: 'Eve Member', department: 'Apps' },
  leo: { realName: 'Leo Left', department: 'Sales' },
} as const;
type Staff = keyof typeof STAFF;

/** Each of the staff hired over the signed webhook, with the e-mail `<key>@<domain>` their platform account has. */
async function hireStaff(hr: HrClient, clock: RunningClock, domain: string): Promise<void> {
  for (const who of Object.keys(STAFF) as Staff[]) {
    const hire = hrEvent(`evt-hire-${who}`, 'hire', clock.now().toISOString(), { employeeId: `E-${who}`, email: `${who}@${domain}`, ...STAFF[who], title: 'Staff' });
    expect((await hr.send(hire)).status).toBe(202);
  }
}

const leaveOf = (clock: RunningClock, email: string) => hrEvent('evt-leave-leo', 'leave', clock.now().toISOString(), { employeeId: 'E-leo', email });

type Approval = { outcome: string; details: Record<string, unknown> };
async function approvals(db: Database, requestId: string): Promise<Approval[]> {
  return (await db.knex('audit_log').where({ action: 'join.approve', target_id: requestId }).orderBy('id').select('outcome', 'details')) as Approval[];
}

/** The outcome of each addition (`member.add`) that followed the request. */
async function additions(db: Database, requestId: string): Promise<string[]> {
  const rows = (await db.knex('audit_log').where({ action: 'member.add' }).orderBy('id').select('outcome', 'details')) as Approval[];
  return rows.filter((r) => r.details['requestId'] === requestId).map((r) => r.outcome);
}

const ADA: SlackUser = { id: 'U0ADA', name: 'ada', real_name: 'Ada Admin', email: 'ada@example.com' };
const OWEN: SlackUser = { id: 'U0OWEN', name: 'owen', real_name: 'Owen Owner', email: 'owen@example.com' };
const MO: SlackUser = { id: 'U0MO', name: 'mo', real_name: 'Mo Li', email: 'mo@example.com', locale: 'zh-CN' };
const JANE: SlackUser = { id: 'U0JANE', name: 'jane', real_name: 'Jane Doe', email: 'jane@example.com' };
const BOB: SlackUser = { id: 'U0BOB', name: 'bob', real_name: 'Bob Stone', email: 'bob@example.com' };
const EVE: SlackUser = { id: 'U0EVE', name: 'eve', real_name: 'Eve Member', email: 'eve@example.com' };
const LEO: SlackUser = { id: 'U0LEO', name: 'leo', real_name: 'Leo Left', email: 'leo@example.com' };
const SHIP = 'C0SHIP';

describe.each(DATABASES)('ADM-3 two-step approval on Slack ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-12-23T02:00:00Z'));
  const e2e = slackE2E(target, {
    users: [ADA, OWEN, MO, JANE, BOB, EVE, LEO],
    channels: { [SHIP]: { name: 'ship-v2', members: [ADA, OWEN, MO, EVE] } },
    channel: SHIP,
    env: { CHARTER_SUPER_ADMINS: `slack:${ADA.id}`, CHARTER_HR_SECRET: HR_SECRET },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/xoxb-e2e-token|@example\.com/i),
  });
  const { fake, run } = e2e;
  const invites = (u: SlackUser) => fake.of('conversations.invite').filter((c) => c['users'] === u.id);
  const toldTo = (u: SlackUser) => fake.of('chat.postMessage').filter((p) => p['channel'] === u.id).map((p) => String(p['text']));

  /** The copy of the approval card an approver got, as it reads now. */
  async function copyOf(approver: SlackUser, requestId: string) {
    const { conversation, messageId } = await cardPostOf(e2e.db, requestId, approver.id);
    return { channel: conversation, ts: messageId, blocks: fake.messages.get(`${conversation}/${messageId}`)!.blocks };
  }

  /** `user` clicks Approve on the copy `on` got, with the button's own value as first posted; answers what Charter said to them privately. */
  async function approve(user: SlackUser, requestId: string, on: SlackUser): Promise<string[]> {
    const { channel, ts } = await copyOf(on, requestId);
    const posted = fake.posts.find((p) => p.channel === channel && p.ts === ts)!;
    const button = buttonsOf(posted.blocks).find((b) => b.action_id === 'join.approve')!;
    const payload = blockAction(user, button.action_id, button.value, { channel, ts });
    expect((await e2e.slack.interact(payload)).status).toBe(200);
    await e2e.charter.settle();
    return fake.responses.filter((r) => r.url === payload['response_url']).map((r) => String(r.body['text']));
  }

  beforeAll(async () => {
    await hireStaff(e2e.hr, clock, 'example.com');
    await e2e.charter.settle();
    // The super admin registers the group and hands it to Owen (Apps), with Mo as moderator.
    await run(ADA, 'group register project Ship the second version');
    expect(await run(ADA, `role grant <@${OWEN.id}|owen> owner leads the apps team`)).toEqual([expect.stringContaining('is now owner')]);
    expect(await run(ADA, `role grant <@${MO.id}|mo> moderator covers weekends`)).toEqual([expect.stringContaining('is now moderator')]);
    expect(await run(ADA, `role revoke <@${ADA.id}|ada> owner Owen owns it now`)).toEqual([expect.stringContaining('is no longer owner')]);
    expect(await run(ADA, 'policy set admission.two_step cross-department')).toEqual([expect.stringContaining('is now `cross-department`')]);
  });

  it("a moderator's approval of a requester from another department adds no one: every copy says who approved and that an owner must, buttons kept", async () => {
    expect(await run(JANE, `join <#${SHIP}|ship-v2> I sell what we ship`)).toEqual([expect.stringContaining('went to its 2 approvers')]);
    const { id } = await joinRequestOf(e2e.db, JANE.id);
    expect(JSON.stringify((await copyOf(OWEN, id)).blocks)).toContain('Sales');

    expect(await approve(MO, id, MO)).toEqual([]);
    expect(await joinRequestOf(e2e.db, JANE.id)).toMatchObject({ state: 'pending', first_approved_by: expect.any(String) });
    expect(invites(JANE)).toEqual([]);
    expect(toldTo(JANE)).toEqual([]);
    expect(fake.of('chat.update').map((u) => u['channel']).sort()).toEqual(['D0MO', 'D0OWEN']);
    const owens = await copyOf(OWEN, id);
    expect(JSON.stringify(owens.blocks)).toMatch(new RegExp(`Approved by <@${MO.id}> at [^;]+; waiting for an owner`));
    const mos = await copyOf(MO, id);
    expect(JSON.stringify(mos.blocks)).toMatch(new RegExp(`<@${MO.id}> 已于 .+ 批准；申请人来自其他部门，等待群主批准`));
    for (const copy of [owens, mos]) {
      expect(buttonsOf(copy.blocks).map((b) => b.action_id)).toEqual(['join.approve', 'join.deny']);
      expect(blockKitProblems(copy.blocks as KnownBlock[])).toEqual([]);
    }
    expect(await approvals(e2e.db, id)).toEqual([{ outcome: 'ok', details: { requester: JANE.id, step: 'first', waitingFor: 'owner' } }]);
  });

  it('a second approval by someone who is not an owner is told an owner must approve, and changes nothing', async () => {
    const before = await joinRequestOf(e2e.db, JANE.id);
    const updates = fake.of('chat.update').length;
    expect(await approve(MO, before.id, MO)).toEqual([`<@${MO.id}> 已批准，仍需群主批准。`]);
    // A super admin is no owner either.
    expect(await approve(ADA, before.id, OWEN)).toEqual([`Already approved by <@${MO.id}>: an owner's approval is still needed.`]);
    expect(await joinRequestOf(e2e.db, JANE.id)).toEqual(before);
    expect(invites(JANE)).toEqual([]);
    expect(fake.of('chat.update')).toHaveLength(updates);
    expect((await approvals(e2e.db, before.id)).map((a) => a.details['step'])).toEqual(['first']);
  });

  it("refuses a forged click with the owner's card by someone with no say in the group", async () => {
    const before = await joinRequestOf(e2e.db, JANE.id);
    const updates = fake.of('chat.update').length;
    expect(await approve(EVE, before.id, OWEN)).toEqual([expect.stringContaining("You can't decide this request")]);
    expect(await joinRequestOf(e2e.db, JANE.id)).toEqual(before);
    expect(invites(JANE)).toEqual([]);
    expect(fake.of('chat.update')).toHaveLength(updates);
    expect((await approvals(e2e.db, before.id)).map((a) => [a.outcome, a.details['why'] ?? a.details['step']])).toEqual([
      ['ok', 'first'],
      ['refused', 'no-authority'],
    ]);
  });

  it("the owner's approval adds the requester once and tells them; every copy says so", async () => {
    const { id } = await joinRequestOf(e2e.db, JANE.id);
    expect(await approve(OWEN, id, OWEN)).toEqual([]);
    expect(await joinRequestOf(e2e.db, JANE.id)).toMatchObject({ state: 'approved' });
    expect(invites(JANE)).toEqual([expect.objectContaining({ channel: SHIP, users: JANE.id })]);
    expect(toldTo(JANE)).toEqual([expect.stringContaining('You were added to *ship-v2*')]);
    expect(JSON.stringify((await copyOf(OWEN, id)).blocks)).toContain(`Approved by <@${OWEN.id}>`);
    for (const approver of [OWEN, MO]) expect(buttonsOf((await copyOf(approver, id)).blocks)).toEqual([]);

    // Clicked again, by the owner or the moderator: told who decided, no second invite.
    expect(await approve(OWEN, id, OWEN)).toEqual([expect.stringContaining(`Already approved by <@${OWEN.id}>`)]);
    await approve(MO, id, MO);
    expect(invites(JANE)).toHaveLength(1);
    expect(toldTo(JANE)).toHaveLength(1);
    const mo = (await e2e.db.knex('people').where({ address: MO.id }).first('id')) as { id: string };
    expect((await approvals(e2e.db, id)).filter((a) => a.outcome === 'ok').map((a) => a.details)).toEqual([
      { requester: JANE.id, step: 'first', waitingFor: 'owner' },
      { requester: JANE.id, step: 'owner', firstApprovedBy: mo.id },
    ]);
    expect(await additions(e2e.db, id)).toEqual(['ok']);
  });

  it("a requester from the owner's department is decided in one step by the moderator", async () => {
    expect(await run(BOB, 'join ship-v2 I build what we ship')).toEqual([expect.stringContaining('went to its 2 approvers')]);
    const { id } = await joinRequestOf(e2e.db, BOB.id);
    expect(await approve(MO, id, MO)).toEqual([]);
    expect(await joinRequestOf(e2e.db, BOB.id)).toMatchObject({ state: 'approved', first_approved_by: null });
    expect(invites(BOB)).toEqual([expect.objectContaining({ channel: SHIP, users: BOB.id })]);
    expect(toldTo(BOB)).toEqual([expect.stringContaining('You were added to *ship-v2*')]);
    expect(await approvals(e2e.db, id)).toEqual([{ outcome: 'ok', details: { requester: BOB.id } }]);
  });

  it('someone who left cannot be approved, nor ask again', async () => {
    expect(await run(LEO, 'join ship-v2 I help sales with the launch')).toEqual([expect.stringContaining('went to its 2 approvers')]);
    const pending = await joinRequestOf(e2e.db, LEO.id);
    expect((await e2e.hr.send(leaveOf(clock, LEO.email!))).status).toBe(202);
    await e2e.charter.settle();
    expect(await approve(OWEN, pending.id, OWEN)).toEqual(['The requester is no longer an active employee: this request cannot be approved.']);
    expect(await joinRequestOf(e2e.db, LEO.id)).toEqual(pending);
    expect(invites(LEO)).toEqual([]);
    expect(await run(LEO, 'join ship-v2 once more')).toEqual(['Your account is not an active employee account, so you cannot ask to join groups.']);
    expect(await e2e.db.knex('join_requests as r').join('people as p', 'p.id', 'r.requester_id').where('p.address', LEO.id).pluck('r.id')).toEqual([pending.id]);
  });
});

const T_ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001', email: 'ada@acme.test' };
const T_OWEN: TeamsUser = { id: '29:1owen', name: 'Owen Owner', aadObjectId: 'aad-owen-0000-0000-0000-000000000011', email: 'owen@acme.test' };
const T_MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003', email: 'mo@acme.test' };
const T_JANE: TeamsUser = { id: '29:1jane', name: 'Jane Doe', aadObjectId: 'aad-jane-0000-0000-0000-000000000002', email: 'jane@acme.test' };
const T_BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004', email: 'bob@acme.test' };
const T_EVE: TeamsUser = { id: '29:1eve', name: 'Eve Member', aadObjectId: 'aad-eve-0000-0000-0000-000000000012', email: 'eve@acme.test' };
const T_LEO: TeamsUser = { id: '29:1leo', name: 'Leo Left', aadObjectId: 'aad-leo-0000-0000-0000-000000000013', email: 'leo@acme.test' };

type InvokeBody = { statusCode: number; type: string; value: unknown };

describe.each(DATABASES)('ADM-3 two-step approval on Teams without Graph ($name)', (target) => {
  const clock = new RunningClock(new Date('2026-12-23T02:00:00Z'));
  const e2e = teamsE2E(target, {
    channel: [T_ADA, T_OWEN, T_MO, T_EVE],
    chats: [T_ADA, T_OWEN, T_MO, T_JANE, T_BOB, T_EVE, T_LEO],
    env: { CHARTER_SUPER_ADMINS: `teams:${T_ADA.aadObjectId}`, CHARTER_HR_SECRET: HR_SECRET },
    clock,
    checks: ({ charter }) => expect(charter.logs.text()).not.toMatch(/@acme\.test/),
  });
  const { connector, send, command } = e2e;
  const said = (u: TeamsUser) => connector.said(personalChat(u));
  const askedToAdd = (member: TeamsUser) => said(T_OWEN).filter((t) => t.includes('Please add them') && t.includes(member.name));

  /** The copy of the approval card an approver got, as it reads now. */
  async function copyOf(approver: TeamsUser, requestId: string): Promise<Record<string, unknown>> {
    const { conversation, messageId } = await cardPostOf(e2e.db, requestId, approver.id);
    return cardOf(connector.activities.get(`${conversation}/${messageId}`)!);
  }

  /** `user` clicks Approve (Action.Execute) on the copy `on` got, with the action's data as first posted. */
  async function approve(user: TeamsUser, requestId: string, on: TeamsUser): Promise<InvokeBody> {
    const { conversation, messageId } = await cardPostOf(e2e.db, requestId, on.id);
    const posted = connector.sent(conversation).map((a) => cardOf(a)).find((c) => JSON.stringify(c).includes(requestId))!;
    const action = actionsOf(posted).find((a) => a.verb === 'join.approve')!;
    const r = await send(e2e.teams.invoke(user, action.verb!, action.data, { conversation, activityId: messageId }));
    expect(r.status).toBe(200);
    return (await r.json()) as InvokeBody;
  }
  const verbs = (card: unknown) => actionsOf(card as Record<string, unknown>).map((a) => a.verb);

  beforeAll(async () => {
    await hireStaff(e2e.hr, clock, 'acme.test');
    await e2e.charter.settle();
    await command(T_ADA, 'group register project Ship the second version');
    expect(await command(T_ADA, 'role grant <at>Owen Owner</at> owner leads the apps team', 'en-US', [T_OWEN])).toContain('is now owner');
    expect(await command(T_ADA, 'role grant <at>Mo Li</at> moderator covers weekends', 'en-US', [T_MO])).toContain('is now moderator');
    expect(await command(T_ADA, 'role revoke <at>Ada Admin</at> owner Owen owns it now', 'en-US', [T_ADA])).toContain('is no longer owner');
    expect(await command(T_ADA, 'policy set admission.two_step cross-department')).toContain('is now `cross-department`');
  });

  it("a moderator's approval of a requester from another department adds no one: every copy says who approved and that an owner must, buttons kept", async () => {
    await send(e2e.teams.personalMessage(T_JANE, '加入 ship-v2 我负责销售，需要了解发布计划', 'zh-CN'));
    expect(said(T_JANE)).toEqual([expect.stringContaining('已发给 2 位审批人')]);
    const { id } = await joinRequestOf(e2e.db, T_JANE.id);

    const answer = await approve(T_MO, id, T_MO);
    expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
    expect(JSON.stringify(answer.value)).toContain('Approved by <at>Mo Li</at>');
    expect(verbs(answer.value)).toEqual(['join.approve', 'join.deny']);
    expect(await joinRequestOf(e2e.db, T_JANE.id)).toMatchObject({ state: 'pending', first_approved_by: expect.any(String) });
    expect(askedToAdd(T_JANE)).toEqual([]);
    expect(said(T_JANE)).toHaveLength(1);
    expect(connector.updates().map((u) => u.conversation).sort()).toEqual([personalChat(T_MO), personalChat(T_OWEN)].sort());
    for (const approver of [T_OWEN, T_MO]) {
      const copy = await copyOf(approver, id);
      expect(JSON.stringify(copy)).toMatch(/Approved by <at>Mo Li<\/at> at [^;]+; waiting for an owner/);
      expect(verbs(copy)).toEqual(['join.approve', 'join.deny']);
      expect(adaptiveProblems(copy)).toEqual([]);
    }
    expect(await approvals(e2e.db, id)).toEqual([{ outcome: 'ok', details: { requester: T_JANE.aadObjectId, step: 'first', waitingFor: 'owner' } }]);
  });

  it('a second approval by someone who is not an owner is told an owner must approve, and changes nothing', async () => {
    const before = await joinRequestOf(e2e.db, T_JANE.id);
    const updates = connector.updates().length;
    for (const [who, on] of [
      [T_MO, T_MO],
      [T_ADA, T_OWEN],
    ] as const) {
      const answer = await approve(who, before.id, on);
      expect(answer.type).toBe('application/vnd.microsoft.card.adaptive');
      expect(JSON.stringify(answer.value)).toContain("Already approved by <at>Mo Li</at>: an owner's approval is still needed.");
    }
    expect(await joinRequestOf(e2e.db, T_JANE.id)).toEqual(before);
    expect(connector.updates()).toHaveLength(updates);
    expect(askedToAdd(T_JANE)).toEqual([]);
    expect((await approvals(e2e.db, before.id)).map((a) => a.details['step'])).toEqual(['first']);
  });

  it("refuses a forged click with the owner's card by someone with no say in the group", async () => {
    const before = await joinRequestOf(e2e.db, T_JANE.id);
    const updates = connector.updates().length;
    expect(await approve(T_EVE, before.id, T_OWEN)).toEqual({
      statusCode: 403,
      type: 'application/vnd.microsoft.error',
      value: { code: 'Forbidden', message: "You can't decide this request: only the group's owners and moderators (and super admins) can. Nothing was changed." },
    });
    expect(await joinRequestOf(e2e.db, T_JANE.id)).toEqual(before);
    expect(connector.updates()).toHaveLength(updates);
    expect((await approvals(e2e.db, before.id)).map((a) => [a.outcome, a.details['why'] ?? a.details['step']])).toEqual([
      ['ok', 'first'],
      ['refused', 'no-authority'],
    ]);
  });

  it("the owner's approval completes it once: the owner is asked to add the requester, who is told in Chinese", async () => {
    const { id } = await joinRequestOf(e2e.db, T_JANE.id);
    const answer = await approve(T_OWEN, id, T_OWEN);
    expect(JSON.stringify(answer.value)).toContain('Approved by <at>Owen Owner</at>');
    expect(verbs(answer.value)).toEqual([]);
    expect(await e2e.db.knex('join_requests').where({ id }).first()).toMatchObject({ state: 'approved', fulfilment: 'owner-asked' });
    expect(askedToAdd(T_JANE)).toHaveLength(1);
    expect(said(T_JANE).slice(1)).toEqual(['你加入 **ship-v2** 的申请已获批准，群主会尽快把你加入群。']);
    for (const approver of [T_OWEN, T_MO]) expect(verbs(await copyOf(approver, id))).toEqual([]);

    // Clicked again: told who decided; nobody asked or told twice.
    expect(JSON.stringify((await approve(T_OWEN, id, T_OWEN)).value)).toContain('Already approved by <at>Owen Owner</at>');
    await approve(T_MO, id, T_MO);
    expect(askedToAdd(T_JANE)).toHaveLength(1);
    expect(said(T_JANE)).toHaveLength(2);
    expect((await approvals(e2e.db, id)).filter((a) => a.outcome === 'ok').map((a) => a.details['step'])).toEqual(['first', 'owner']);
    expect(await additions(e2e.db, id)).toEqual(['fallback']);
  });

  it("a requester from the owner's department is decided in one step by the moderator", async () => {
    await send(e2e.teams.personalMessage(T_BOB, 'join ship-v2 I build what we ship'));
    expect(said(T_BOB)).toEqual([expect.stringContaining('went to its 2 approvers')]);
    const { id } = await joinRequestOf(e2e.db, T_BOB.id);
    const answer = await approve(T_MO, id, T_MO);
    expect(JSON.stringify(answer.value)).toContain('Approved by <at>Mo Li</at>');
    expect(await joinRequestOf(e2e.db, T_BOB.id)).toMatchObject({ state: 'approved', first_approved_by: null });
    expect(askedToAdd(T_BOB)).toHaveLength(1);
    expect(said(T_BOB).at(-1)).toContain('an owner will add you shortly');
    expect(await approvals(e2e.db, id)).toEqual([{ outcome: 'ok', details: { requester: T_BOB.aadObjectId } }]);
  });

  it('someone who left cannot be approved, nor ask again', async () => {
    await send(e2e.teams.personalMessage(T_LEO, 'join ship-v2 I help sales with the launch'));
    const pending = await joinRequestOf(e2e.db, T_LEO.id);
    expect((await e2e.hr.send(leaveOf(clock, T_LEO.email!))).status).toBe(202);
    await e2e.charter.settle();
    const answer = await approve(T_OWEN, pending.id, T_OWEN);
    expect(JSON.stringify(answer.value)).toContain('The requester is no longer an active employee: this request cannot be approved.');
    expect(await joinRequestOf(e2e.db, T_LEO.id)).toEqual(pending);
    expect(askedToAdd(T_LEO)).toEqual([]);
    await send(e2e.teams.personalMessage(T_LEO, 'join ship-v2 once more'));
    expect(said(T_LEO).at(-1)).toBe('Your account is not an active employee account, so you cannot ask to join groups.');
    expect(await e2e.db.knex('join_requests as r').join('people as p', 'p.id', 'r.requester_id').where('p.address', T_LEO.id).pluck('r.id')).toEqual([pending.id]);
  });
});
