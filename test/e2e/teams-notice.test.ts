// Acknowledged notices on Teams, end to end: an admin posts a notice by mention in the
// channel; members acknowledge with Action.Execute (twice counts once, in the
// clicker's language); the channel's copy is updated with the count; a reminder
// reaches only who has not acknowledged, in their 1:1 chat.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { adaptiveProblems } from '../support/cards.js';
import { startTestCharter, type TestCharter } from '../support/charter.js';
import { RunningClock } from '../support/clock.js';
import { DATABASES, resetDatabase } from '../support/db.js';
import { cardOf, later as laterBy, teamsDriver } from '../support/drive.js';
import { CHANNEL, FakeConnector, personalChat, TEAM, TeamsClient, type TeamsUser } from '../support/teams.js';

const ADA: TeamsUser = { id: '29:1ada', name: 'Ada Admin', aadObjectId: 'aad-ada-0000-0000-0000-000000000001' };
const MO: TeamsUser = { id: '29:1mo', name: 'Mo Li', aadObjectId: 'aad-mo-0000-0000-0000-000000000003' };
const BOB: TeamsUser = { id: '29:1bob', name: 'Bob Stone', aadObjectId: 'aad-bob-0000-0000-0000-000000000004' };


describe.each(DATABASES)('Teams notices ($name)', (target) => {
  let db: Database;
  let charter: TestCharter;
  let teams: TeamsClient;
  const connector = new FakeConnector();
  const clock = new RunningClock(new Date('2026-11-24T03:00:00Z'));
  const { send, command } = teamsDriver(() => ({ charter, teams, connector }));
  const later = (ms: number) => laterBy(charter, clock, ms);


  beforeAll(async () => {
    connector.join(CHANNEL, ADA, MO, BOB);
    connector.join(TEAM, ADA, MO, BOB);
    for (const u of [ADA, MO, BOB]) connector.join(personalChat(u), u);
    await connector.listen();
    db = await target.open();
    await resetDatabase(db);
    charter = await startTestCharter(db, { CHARTER_SUPER_ADMINS: `teams:${ADA.aadObjectId}` }, { clock });
    teams = new TeamsClient(charter.url, connector.url);
    for (const u of [ADA, MO, BOB]) await send(teams.personalMessage(u, 'help', u === MO ? 'zh-CN' : 'en-US'));
    await command(ADA, 'group register project Notes and news');
  });
  afterAll(async () => {
    expect(charter.logs.text()).not.toMatch(/unexpected error/);
    await charter.close();
    await db.close();
    await connector.close();
    nock.cleanAll();
  });

  it('posts, counts each acknowledgement once, updates the channel copy and reminds only who has not', async () => {
    expect(await command(ADA, 'notice Office closed on Friday')).toContain('2 members');
    const post = connector.calls.filter((c) => c.method === 'POST' && c.conversation.split(';')[0] === CHANNEL).map((c) => c.body).find((a) => JSON.stringify(cardOf(a)).includes('notice.ack'))!;
    const card = cardOf(post);
    expect(adaptiveProblems(card)).toEqual([]);
    expect(JSON.stringify(card)).toContain('Acknowledged 0 of 2');
    const where = { conversation: CHANNEL, activityId: String(post['id'] ?? '1') };
    const data = { payload: { noticeId: JSON.stringify(card).match(/"noticeId":"([^"]+)"/)![1] } };
    const first = await send({ ...teams.invoke(MO, 'notice.ack', data, where), locale: 'zh-CN' });
    expect(JSON.stringify(await first.json())).toContain('已确认 1 / 2');
    const again = await send({ ...teams.invoke(MO, 'notice.ack', data, where), locale: 'zh-CN' });
    expect(JSON.stringify(await again.json())).toContain('之前已经确认');
    await later(3_000);
    expect(JSON.stringify(connector.updates().at(-1)?.body)).toContain('Acknowledged 1 of 2');
    await later(4 * 3_600_000);
    expect(connector.sent(personalChat(BOB)).filter((a) => JSON.stringify(cardOf(a)).includes('Please acknowledge'))).toHaveLength(1);
    expect(connector.sent(personalChat(MO)).filter((a) => JSON.stringify(cardOf(a)).includes('notice.ack'))).toHaveLength(0);
  });
});
