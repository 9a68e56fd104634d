// Teams activities that are not commands, through the running server (emulator
// mode): every channel message with resource-specific consent reaches the
// message pipeline (and is never a command unless it mentions Charter), edits
// and deletions, resent activities once; membersAdded drives ADM-6 and completes
// ADM-4 where owners add approved people by hand; a feature defined in the test
// is routed like any other.
import { beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/index.js';
import { DATABASES } from '../support/db.js';
import { teamsE2E } from '../support/e2e.js';
import { brokenFeature, probeFeature, type ProbeLog } from '../support/probe.js';
import { CHANNEL, personalChat, TEAM, TENANT, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const JANE: TeamsUser = { id: '29:1jane', name: 'Jane Doe', aadObjectId: 'aad-jane-0000-0000-0000-000000000002' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };
const CAROL: TeamsUser = { id: '29:1carol', name: 'Carol King', aadObjectId: 'aad-carol-0000-0000-0000-000000000005' };

describe.each(DATABASES)('Teams events ($name)', (target) => {
  const probe: ProbeLog = { commands: [], actions: [], jobs: [], messages: [] };
  const e2e = teamsE2E(target, {
    channel: [ADA, MO, BOB],
    chats: [ADA, MO, JANE, BOB, CAROL],
    env: { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` },
    start: { features: [...FEATURES, probeFeature(probe), brokenFeature] },
  });
  const { connector, send } = e2e;

  const meta = (messageId: string) => e2e.db.knex('message_meta').where({ message_id: messageId }).first();
  const count = async (table: string) => Number(((await e2e.db.knex(table).count({ n: '*' }).first()) as { n: unknown }).n);
  const cards = (user: TeamsUser, verb: string) => connector.sent(personalChat(user)).filter((a) => JSON.stringify(a).includes(`"verb":"${verb}"`));
  /** A channel edit or deletion of a message, in the fixtures' shape. */
  const channelChange = (type: 'messageUpdate' | 'messageDelete', id: string, text?: string) =>
    e2e.teams.fixture(type === 'messageUpdate' ? 'message-update-personal' : 'message-delete-personal', {
      id: id,
      ...(text !== undefined ? { text, attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }] } : {}),
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL};messageid=${id}` },
      channelData: { eventType: type === 'messageUpdate' ? 'editMessage' : 'softDeleteMessage', tenant: { id: TENANT }, team: { id: TEAM }, channel: { id: CHANNEL } },
    });

  beforeAll(async () => {
    for (const u of [ADA, MO, JANE, BOB, CAROL]) await send(e2e.teams.personalMessage(u, 'help', u === MO ? 'zh-CN' : 'en-US'));
    await send(e2e.teams.channelMessage(ADA, 'group register project Ship the second version'));
    await send(e2e.teams.channelMessage(ADA, `role grant <at>${MO.name}</at> moderator weekends`, [MO]));
    expect(await count('roles')).toBe(2);
  });

  it('routes a feature defined in the test: its command (1:1), its job and its card action', async () => {
    await send(e2e.teams.personalMessage(BOB, 'probe from teams'));
    expect(probe.commands).toEqual(['from teams']);
    expect(probe.jobs).toEqual([{ workspaceId: `teams:${TENANT}`, n: 10 }]);
    const r = await send(e2e.teams.invoke(BOB, 'probe.poke', { payload: { n: 3 } }, { conversation: personalChat(BOB), activityId: '1' }));
    expect(await r.json()).toMatchObject({ statusCode: 200 });
    expect(probe.actions).toEqual([3]);
  });

  it('takes a channel message that does not mention Charter into the pipeline, once, and never as a command', async () => {
    const rsc = e2e.teams.fixture('message-channel-rsc');
    expect((await send(rsc)).status).toBe(200);
    expect((await send(rsc)).status).toBe(200);
    expect(await meta('1795251600123')).toMatchObject({ thread_id: null, is_question: false, author_is_bot: false });
    expect(probe.messages.filter((m) => m.messageId === '1795251600123')).toEqual([
      { kind: 'posted', messageId: '1795251600123', threadId: null, mentions: { users: [], broadcast: [] }, text: 'Kickoff notes for ship-v2 are in the Files tab. Please review them by Friday.' },
    ]);
    expect(e2e.charter.logs.text()).toContain('this handler always fails');
    const replies = connector.calls.filter((c) => c.method === 'POST' && c.conversation.startsWith(CHANNEL) && c.activityId === '1795251600123');
    expect(replies).toEqual([]);

    await send(e2e.teams.fixture('message-channel-rsc', { id: '1795251600999', text: 'join ship-v2 let me in', attachments: [], conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL};messageid=1795251600999` } }));
    expect(await count('join_requests')).toBe(0);
  });

  it('knows threads, mentions of people, the channel and the team, and files', async () => {
    await send(e2e.teams.fixture('message-channel-thread-reply'));
    expect(await meta('1795251720789')).toMatchObject({ thread_id: '1795251600123' });
    await send(e2e.teams.fixture('message-channel-team-channel-tag-mentions'));
    expect(await meta('1795252500555')).toMatchObject({ broadcast: true, is_question: true, mentions: 2 });
    expect(probe.messages.at(-1)?.mentions).toEqual({ users: ['29:tag-release-managers', '29:1bob'], broadcast: ['team', 'channel'] });
    await send(e2e.teams.fixture('message-channel-file'));
    expect(await meta('1795253100654')).toMatchObject({ files: 1 });
  });

  it('records edits and deletions of channel messages', async () => {
    await send(channelChange('messageUpdate', '1795251600123', 'Kickoff notes moved'));
    expect((await meta('1795251600123'))?.edited_at).not.toBeNull();
    expect(probe.messages.at(-1)).toMatchObject({ kind: 'edited', text: 'Kickoff notes moved' });
    await send(channelChange('messageDelete', '1795251600123'));
    expect((await meta('1795251600123'))?.deleted_at).not.toBeNull();
  });

  it('takes a second edit of the same message, and a resent edit once', async () => {
    const first = { ...channelChange('messageUpdate', '1795251720789', 'first edit'), timestamp: '2026-11-21T10:00:00.000Z' };
    const second = { ...channelChange('messageUpdate', '1795251720789', 'second edit'), timestamp: '2026-11-21T11:00:00.000Z' };
    await send(first);
    await send(first);
    await send(second);
    expect(probe.messages.filter((m) => m.messageId === '1795251720789' && m.kind === 'edited').map((m) => m.text)).toEqual(['first edit', 'second edit']);
    expect((await meta('1795251720789'))?.edited_at).toEqual(new Date('2026-11-21T11:00:00.000Z'));
  });

  it('refuses ids with control characters (400) and invokes it does not know (501)', async () => {
    expect((await send(e2e.teams.fixture('message-channel-rsc', { id: '17952\u0000600008' }))).status).toBe(400);
    expect((await send(e2e.teams.fixture('conversation-update-team-member-added', { membersAdded: [{ id: '29:1x\u0000y' }] }))).status).toBe(400);
    for (const name of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const r = await send({ ...e2e.teams.invoke(BOB, 'join.approve', {}, { conversation: personalChat(BOB), activityId: '1' }), name });
      expect(r.status, name).toBe(501);
    }
  });

  it('still treats a message that mentions Charter as a command, not a message event', async () => {
    const before = await count('message_meta');
    await send(e2e.teams.channelMessage(BOB, 'group info'));
    expect(await count('message_meta')).toBe(before);
  });

  it('flags someone added to the team without approval to the approvers; no Graph, so no removal even when the policy says so', async () => {
    // In a 1:1 chat a group key cannot be set; the workspace default can.
    await send(e2e.teams.personalMessage(ADA, 'policy set admission.enforce remove'));
    expect(connector.said(personalChat(ADA)).at(-1)).toContain('is set per group');
    await send(e2e.teams.personalMessage(ADA, 'policy default admission.enforce remove'));
    expect(connector.said(personalChat(ADA)).at(-1)).toContain('is now `remove` for this workspace');
    const r = await send(e2e.teams.fixture('conversation-update-team-member-added'));
    expect(r.status).toBe(200);
    expect(cards(ADA, 'join.keep')).toHaveLength(1);
    expect(cards(MO, 'join.keep')).toHaveLength(1);
    expect(cards(ADA, 'join.remove')).toEqual([]);
    expect(JSON.stringify(cards(MO, 'join.keep')[0])).toContain('未经批准');
    expect(await e2e.db.knex('audit_log').where({ action: 'member.remove' }).first()).toMatchObject({ outcome: 'fallback' });
    // The same activity again changes nothing.
    await send(e2e.teams.fixture('conversation-update-team-member-added'));
    expect(cards(ADA, 'join.keep')).toHaveLength(1);
  });

  it('recognises an approved person the owners added by hand, and welcomes them then (ADM-4 without Graph)', async () => {
    await send(e2e.teams.personalMessage(JANE, 'join ship-v2 I own the release notes'));
    const { id } = (await e2e.db.knex('join_requests').first('id')) as { id: string };
    const post = (await e2e.db.knex('card_posts as c').join('people as p', 'p.id', 'c.recipient_id').where({ 'p.address': MO.id, 'c.subject_id': id }).first('c.conversation_id', 'c.message_id')) as { conversation_id: string; message_id: string };
    await send(e2e.teams.invoke(MO, 'join.approve', { payload: { requestId: id } }, { conversation: post.conversation_id, activityId: post.message_id }));
    expect(await e2e.db.knex('join_requests').where({ id }).first()).toMatchObject({ state: 'approved', fulfilment: 'owner-asked' });
    const bypassesBefore = await count('join_bypasses');

    await send(e2e.teams.fixture('conversation-update-team-member-added', { id: 'f:jane-added', membersAdded: [{ id: JANE.id, aadObjectId: JANE.aadObjectId }] }));
    expect(await e2e.db.knex('join_requests').where({ id }).first()).toMatchObject({ fulfilment: 'done' });
    expect(await count('join_bypasses')).toBe(bypassesBefore);
    expect(connector.said(CHANNEL).some((t) => t.includes('Welcome') && t.includes('Jane Doe'))).toBe(true);
    expect(connector.said(personalChat(JANE)).some((t) => t.includes('You were added to **ship-v2**'))).toBe(true);
  });

  it('reads a connector outage as "cannot tell", never as "not a member", and logs no failed turn', async () => {
    // Channel commands go through the message pipeline too, where the test's probe feature has a handler that always fails.
    const errors = () => e2e.charter.logs.lines.filter((l) => l.includes('"level":50') && !l.includes('this handler always fails')).length;
    const errorsBefore = errors();
    const lastReply = () => String(connector.calls.filter((c) => c.method === 'POST' && c.conversation.startsWith(CHANNEL)).at(-1)?.body['text']);
    connector.failNextMemberLookup = 503;
    await send(e2e.teams.channelMessage(ADA, `role grant <at>${BOB.name}</at> moderator on call`, [BOB]));
    expect(lastReply()).toContain('is now moderator of **ship-v2**');
    await send(e2e.teams.channelMessage(ADA, `role grant <at>${CAROL.name}</at> moderator on call`, [CAROL]));
    expect(lastReply()).toContain('is not a member of **ship-v2**');
    expect(errors()).toBe(errorsBefore);
    expect(e2e.charter.logs.text()).not.toContain('Teams turn failed');
  });
});
