// The database goes away under a running Charter: people get a clear answer in
// their language, the health check says so, an HR system is asked to send its event
// again (503, as the webhook's OpenAPI document states), and nothing crashes.
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/store/db.js';
import { openMigratedPglite } from '../support/db.js';
import { startTestCharter, type TestCharter } from '../support/charter.js';
import { FakeSlack, HOOKS, newTrigger, SIGNING_SECRET, SLACK_API, SlackClient } from '../support/slack.js';
import { FakeConnector, personalChat, TeamsClient, type TeamsUser } from '../support/teams.js';
import { HR_SECRET, HrClient, hrEvent, undocumentedAnswer } from '../support/hr.js';

const JANE: TeamsUser = { id: '29:1jane', name: 'Jane Doe', aadObjectId: 'aad-jane-0000-0000-0000-000000000002' };

describe('a database outage', () => {
  let db: Database;
  let charter: TestCharter;
  const slackFake = new FakeSlack();
  const connector = new FakeConnector();

  beforeAll(async () => {
    slackFake.users.set('U0JANE', { id: 'U0JANE', name: 'jane', real_name: 'Jane Doe', locale: 'zh-CN' });
    slackFake.install();
    connector.join(personalChat(JANE), JANE);
    await connector.listen();
    db = await openMigratedPglite();
    charter = await startTestCharter(db, { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-outage', SLACK_API_URL: `${SLACK_API}/api/`, CHARTER_DEFAULT_LOCALE: 'zh-CN', CHARTER_HR_SECRET: HR_SECRET });
    expect(await (await fetch(`${charter.url}/healthz`)).json()).toEqual({ status: 'ok', db: 'pglite' });
    await db.close();
  });
  afterAll(async () => {
    await charter.close();
    await connector.close();
    nock.cleanAll();
  });

  it('shows in the health check', async () => {
    const r = await fetch(`${charter.url}/healthz`);
    expect(r.status).toBe(503);
    expect(await r.json()).toEqual({ status: 'unavailable', db: 'pglite' });
  });

  it('is told to a Slack user typing a command, in the workspace language', async () => {
    const r = await new SlackClient(charter.url).command({ user_id: 'U0JANE', user_name: 'jane', text: 'join #ship-v2 hi', trigger_id: newTrigger(), response_url: `${HOOKS}/commands/x` });
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ response_type: 'ephemeral', text: 'Charter 暂时无法连接数据库。没有做任何更改，请一分钟后再试。' });
    await charter.settle();
    expect(slackFake.calls.filter((c) => c.method !== 'users.info')).toEqual([]);
  });

  it('makes Slack retry an event rather than lose it', async () => {
    const r = await new SlackClient(charter.url).event({ type: 'event_callback', team_id: 'T0001', event_id: 'Ev0OUTAGE', event: { type: 'channel_rename', channel: { id: 'C1', name: 'x' } } });
    expect(r.status).toBe(503);
    expect(r.headers.get('retry-after')).toBe('30');
  });

  it('makes an HR system send its event again, as the webhook OpenAPI document says', async () => {
    const clock = { now: () => new Date() };
    const hr = new HrClient(charter.url, clock);
    const answer = await hr.send(hrEvent('evt-outage', 'leave', clock.now().toISOString(), { employeeId: 'E1', email: 'e1@example.com' }));
    expect(answer).toEqual({ status: 503, json: { error: 'unavailable' } });
    const { headers } = hr.answers.at(-1)!;
    expect(headers.get('retry-after')).toBe('30');
    expect(undocumentedAnswer(answer, headers)).toBeNull();
    expect(undocumentedAnswer(answer, new Headers())).toBe('503 without its Retry-After header');
  });

  it('is told to a Teams user, in their language', async () => {
    const client = new TeamsClient(charter.url, connector.url);
    const r = await client.send(client.personalMessage(JANE, 'help', 'en-US'));
    expect(r.status).toBe(200);
    await charter.settle();
    expect(connector.said(personalChat(JANE)).at(-1)).toBe("Charter can't reach its database right now. Nothing was changed; please try again in a minute.");
    expect(charter.logs.text()).not.toMatch(/"level":60/);
  });
});
