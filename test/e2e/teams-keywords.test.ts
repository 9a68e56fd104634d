// Keyword lists and sensitive data on Teams, end to end through the running
// server (emulator mode, the connector on loopback): a Teams bot cannot delete
// other people's messages, so spam is flagged — the author told in the 1:1 chat
// that the moderators were told, each moderator alerted once on an Adaptive Card
// with Action.Execute buttons (no Remove: the platform cannot); a moderator's
// decision replaces the card; an ID number is flagged and its raw value is
// nowhere in the database or the log.
import { beforeAll, describe, expect, it } from 'vitest';
import { adaptiveProblems } from '../support/cards.js';
import { DATABASES } from '../support/db.js';
import { dumpAllTables, residentId } from '../support/dlp.js';
import { teamsE2E } from '../support/e2e.js';
import { CHANNEL, personalChat, TENANT, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };

type Json = Record<string, unknown>;

const ID = residentId('31011519880808567');

function elements(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) elements(v, out);
  else if (value !== null && typeof value === 'object') {
    const o = value as Json;
    if (typeof o['type'] === 'string') out.push(o);
    for (const v of Object.values(o)) elements(v, out);
  }
  return out;
}

describe.each(DATABASES)('Teams keywords and sensitive data ($name)', (target) => {
  const e2e = teamsE2E(target, { channel: [ADA, MO, BOB], env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` } });
  const { connector, send } = e2e;

  async function command(user: TeamsUser, text: string, mentions: TeamsUser[] = [], locale = 'en-US'): Promise<string> {
    const activity = e2e.teams.channelMessage(user, text, mentions, locale);
    const id = String(activity['id']);
    const r = await send({ ...activity, conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL};messageid=${id}` } });
    expect(r.status).toBe(200);
    return JSON.stringify(connector.sent(`${CHANNEL};messageid=${id}`).at(-1) ?? {});
  }
  const cardOf = (activity: Json) => ((activity['attachments'] as { content: Json }[] | undefined)?.[0]?.content ?? {}) as Json;
  const alertCards = (user: TeamsUser) =>
    connector.sent(personalChat(user)).filter((a) => JSON.stringify(cardOf(a)).includes('keywords.review'));

  beforeAll(async () => {
    for (const u of [ADA, MO, BOB]) await send(e2e.teams.personalMessage(u, 'help', u === MO ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register project The launch team');
    await command(ADA, `role grant <at>${MO.name}</at> moderator keeps order`, [MO]);
  });

  it('flags spam it cannot remove: the author told, each moderator alerted once, and the first decision replaces the card', async () => {
    const post = e2e.teams.channelPost(BOB, '点击领取 free gift, 加 V 详聊');
    await send(post);
    await send(post); // a redelivery of the same activity
    const told = connector.said(personalChat(BOB));
    expect(told.filter((t) => t.includes('moderators were told'))).toHaveLength(1);
    expect(alertCards(ADA)).toHaveLength(1);
    expect(alertCards(MO)).toHaveLength(1);
    const card = cardOf(alertCards(MO)[0]!);
    expect(adaptiveProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('可疑消息');
    const actions = elements(card['actions']).filter((e) => e['type'] === 'Action.Execute') as { verb: string; data: Json; title: string }[];
    expect(actions.map((a) => a.verb)).toEqual(['keywords.dismiss', 'keywords.escalate']);
    // "Dismiss and allow a phrase" (for super admins: Ada) opens a dialog: a task/fetch submit.
    expect(elements(card['actions']).filter((e) => e['type'] === 'Action.Submit')).toEqual([]);
    expect(JSON.stringify(elements(cardOf(alertCards(ADA)[0]!)['actions']).filter((e) => e['type'] === 'Action.Submit'))).toContain('task/fetch');
    expect(card['refresh']).toMatchObject({ userIds: expect.arrayContaining([ADA.id, MO.id]) });

    const where = { conversation: personalChat(MO), activityId: String(alertCards(MO)[0]!['id'] ?? 'a1') };
    const refused = await send(e2e.teams.invoke(BOB, 'keywords.escalate', actions[1]!.data, where));
    expect(refused.status).toBe(200);
    expect(JSON.stringify(await refused.json())).toContain('Only the group');
    const decided = await send({ ...e2e.teams.invoke(MO, 'keywords.escalate', actions[1]!.data, where), locale: 'zh-CN' });
    const body = (await decided.json()) as { statusCode: number; value: Json };
    expect(body.statusCode).toBe(200);
    expect(JSON.stringify(body.value)).toContain('升级');
    // Decided: no buttons left, only the link that opens the message in Teams.
    const left = elements((body.value as { actions?: unknown })['actions'] ?? []);
    expect(left).toEqual([{ type: 'Action.OpenUrl', title: '打开消息', url: expect.stringMatching(/^https:\/\/teams\.microsoft\.com\/l\/message\/19%3A/) }]);
    // The escalation went to the moderators as its own card.
    expect(connector.sent(personalChat(ADA)).some((a) => JSON.stringify(cardOf(a)).includes('keywords.review-escalation'))).toBe(true);
  });

  it('checks a command typed in the channel too: everyone there sees it', async () => {
    const before = alertCards(MO).length;
    const reply = await command(BOB, 'faq ask 加 微 信 详聊');
    expect(reply).not.toBe('{}'); // the command is still answered
    expect(alertCards(MO)).toHaveLength(before + 1);
  });

  it('reads the target of a link whose label is an allowed domain', async () => {
    await command(ADA, 'policy set links.domains acme.com');
    const before = alertCards(MO).length;
    await send(e2e.teams.channelPost(BOB, 'see <a href="https://docs.acme.com/start">the docs</a>'));
    expect(alertCards(MO)).toHaveLength(before);
    await send(e2e.teams.channelPost(BOB, 'see <a href="https://evil.example.net/login">docs.acme.com</a>'));
    expect(alertCards(MO)).toHaveLength(before + 1);
    expect(await e2e.db.knex('message_findings').where({ source: 'link' }).select('sample')).toEqual([{ sample: 'evil.example.net' }]);
    // An unquoted href, and keywords written as character references, are read too.
    await send(e2e.teams.channelPost(BOB, 'see <a href=https://evil2.example.net/x>docs.acme.com</a>'));
    expect(alertCards(MO)).toHaveLength(before + 2);
    await send(e2e.teams.channelPost(BOB, '&#21152;&#24494;&#20449; 详聊'));
    expect(alertCards(MO)).toHaveLength(before + 3);
    await command(ADA, 'policy set links.domains default');
  });

  it('flags an ID number; the raw number is nowhere in the database or the log', async () => {
    await send(e2e.teams.channelPost(BOB, `身份证号 ${ID} 请查收`));
    expect(connector.said(personalChat(BOB)).at(-1)).toContain('company drive');
    const all = await dumpAllTables(e2e.db);
    expect(all).toContain('resident-id');
    expect(all).not.toContain(ID.slice(4, 14));
    expect(e2e.charter.logs.text()).not.toContain(ID.slice(4, 14));
    expect(JSON.stringify(connector.calls)).not.toContain(ID.slice(4, 14));
  });
});
