// The setup every end-to-end file shares: one Charter on its own database, the
// platform faked around it, and the clients that talk to it. slackE2E and
// teamsE2E register the suite's beforeAll (fake filled and installed, database
// opened and emptied, Charter started, clients made) and afterAll (no "unexpected
// error" in Charter's log, in every file, and the file's `checks`; then Charter, the
// database and the fakes closed, even when a check fails); the
// object they return has its db, charter and clients once that beforeAll has run.
//
// A file's own beforeAll, registered after the call, runs after the harness's
// (Charter is up); a file's own afterAll runs before the harness's (vitest runs
// afterAll hooks in reverse order of registration), but `checks` is where log
// checks belong: it runs before Charter closes whatever the hook order.
import nock from 'nock';
import { afterAll, beforeAll, expect } from 'vitest';
import type { StartOptions } from '../../adapters/charter.js';
import type { Clock } from '../../src/core/ports.js';
import type { Database } from '../../src/store/db.js';
import type { BotFrameworkIdentity } from './botframework.js';
import { startTestCharter, type TestCharter } from './charter.js';
import type { RunningClock } from './clock.js';
import { resetDatabase, type TestDatabase } from './db.js';
import { later as laterBy, slackDriver, teamsDriver } from './drive.js';
import { HrClient } from './hr.js';
import { FakeSlack, SIGNING_SECRET, SLACK_API, SlackClient, type SlackUser } from './slack.js';
import { CHANNEL, FakeConnector, personalChat, SERVICE_URL, TEAM, TeamsClient, type TeamsUser } from './teams.js';

interface CommonOptions<H> {
  /** Charter's settings (for Slack, beside the Slack ones, which they may override). */
  env?: Record<string, string>;
  /** The clock Charter, the clients and `later` run on; the real time if not given. */
  clock?: RunningClock;
  /** More of startCharter's options (features…). */
  start?: Omit<Partial<StartOptions>, 'clock'>;
  /** Runs in afterAll before Charter closes: the file's checks of the log (beside the harness's own: no unexpected error). */
  checks?: (h: H) => void | Promise<void>;
}

interface Common {
  readonly db: Database;
  readonly charter: TestCharter;
  /** Signs HR events with CHARTER_HR_SECRET, on the harness's clock. */
  readonly hr: HrClient;
  /** Moves the clock (given in the options) and the waiting jobs, then waits until Charter is idle. */
  later(ms: number): Promise<void>;
}

/** What beforeAll makes: reading it sooner is a mistake in the test. */
class Started<C> {
  private made: { db: Database; charter: TestCharter; hr: HrClient; client: C } | undefined;
  private opened: Database | undefined;

  constructor(private readonly clock: RunningClock | undefined) {}

  get ready(): boolean {
    return this.made !== undefined;
  }

  get(): { db: Database; charter: TestCharter; hr: HrClient; client: C } {
    if (this.made === undefined) throw new Error('the end-to-end harness is ready once its beforeAll has run');
    return this.made;
  }

  /** Opens and empties the database, starts Charter, then makes the platform's client. */
  async start(target: TestDatabase, env: Record<string, string>, options: CommonOptions<never>, client: (charter: TestCharter) => C): Promise<void> {
    const db = await target.open();
    this.opened = db;
    await resetDatabase(db);
    const charter = await startTestCharter(db, env, { ...options.start, ...(this.clock !== undefined ? { clock: this.clock } : {}) });
    this.made = { db, charter, hr: new HrClient(charter.url, this.clock ?? realTime), client: client(charter) };
  }

  /**
   * afterAll: the checks of the log — every file's (no unexpected error: a bug answered
   * as trouble) and the file's own — then Charter, the database, `more` (a fake's
   * server) and nock closed, even when a check fails.
   */
  async finish<H extends Common>(h: H, checks: ((h: H) => void | Promise<void>) | undefined, more?: () => Promise<void>): Promise<void> {
    try {
      if (this.ready) {
        expect(h.charter.logs.text()).not.toMatch(/unexpected error/);
        await checks?.(h);
      }
    } finally {
      await this.made?.charter.close();
      await this.opened?.close();
      await more?.();
      nock.cleanAll();
    }
  }

  later(ms: number): Promise<void> {
    if (this.clock === undefined) throw new Error('later() needs the clock in the harness options');
    return laterBy(this.get().charter, this.clock, ms);
  }

  /** `harness` with the fields every harness has, read from what beforeAll made when they are read. */
  withCommon<T extends object>(harness: T): T & Common {
    return Object.defineProperties(harness, {
      db: { get: () => this.get().db, enumerable: true },
      charter: { get: () => this.get().charter, enumerable: true },
      hr: { get: () => this.get().hr, enumerable: true },
      later: { value: (ms: number) => this.later(ms), enumerable: true },
    }) as T & Common;
  }
}

const realTime: Clock = { now: () => new Date() };

export interface SlackE2EOptions extends CommonOptions<SlackE2E> {
  /** The workspace's people, as users.info answers them. */
  users?: SlackUser[];
  /** Channels by id, with their name and members. */
  channels?: Record<string, { name: string; members: SlackUser[] }>;
  /** More of the fake's state (uploads, channels of another shape), before it is installed. */
  arrange?: (fake: FakeSlack) => void;
  /** The channel `run` sends commands from unless told. */
  channel?: string;
}

export interface SlackE2E extends Common {
  readonly fake: FakeSlack;
  readonly slack: SlackClient;
  /** A slash command from `channel` (the harness's by default); the texts sent to its response URL once Charter is idle. */
  run(user: SlackUser, text: string, channel?: string): Promise<string[]>;
  /** The texts of what Charter posted to someone's DM. */
  dms(user: SlackUser): string[];
}

/**
 * Charter on Slack: FakeSlack answering its Web API calls (the bot token
 * xoxb-e2e-token unless `env` says otherwise), a SlackClient sending it Slack's requests.
 */
export function slackE2E(target: TestDatabase, options: SlackE2EOptions = {}): SlackE2E {
  const fake = new FakeSlack();
  const started = new Started<SlackClient>(options.clock);
  const driver = slackDriver(() => ({ charter: started.get().charter, slack: started.get().client, fake }), options.channel ?? '');
  const run = (user: SlackUser, text: string, channel = options.channel): Promise<string[]> => {
    if (channel === undefined) throw new Error('run() needs a channel: in the harness options or in the call');
    return driver.run(user, text, channel);
  };
  const h: SlackE2E = started.withCommon({
    fake,
    get slack() {
      return started.get().client;
    },
    run,
    dms: (user: SlackUser) => fake.posts.filter((p) => p.channel === `D${user.id.slice(1)}`).map((p) => fake.messages.get(`${p.channel}/${p.ts}`)?.text ?? ''),
  });

  beforeAll(async () => {
    for (const u of options.users ?? []) fake.users.set(u.id, u);
    for (const [id, c] of Object.entries(options.channels ?? {})) fake.channels.set(id, { name: c.name, members: new Set(c.members.map((m) => m.id)) });
    options.arrange?.(fake);
    fake.install();
    const env = { SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_BOT_TOKEN: 'xoxb-e2e-token', SLACK_API_URL: `${SLACK_API}/api/`, ...options.env };
    await started.start(target, env, options, (charter) => new SlackClient(charter.url, options.clock));
  });
  afterAll(() => started.finish(h, options.checks));
  return h;
}

export interface TeamsE2EOptions extends CommonOptions<TeamsE2E> {
  /** Who is in the team's channel (CHANNEL). */
  channel?: TeamsUser[];
  /** Who is in the team (TEAM); those in the channel if not given. */
  team?: TeamsUser[];
  /** Who has a 1:1 chat with Charter; those in the channel if not given. */
  chats?: TeamsUser[];
  /** More of the connector's state (other channels, group chats), before it serves. */
  arrange?: (connector: FakeConnector) => void;
  /**
   * Authenticated mode: the identity (signing keys, the bot's token) and the connector
   * answer at the real hosts through nock and every activity carries a token the
   * identity signed; Charter's app settings go in `env`. Without it, emulator mode:
   * the connector on loopback, activities unsigned.
   */
  identity?: BotFrameworkIdentity;
}

export interface TeamsE2E extends Common {
  readonly connector: FakeConnector;
  readonly teams: TeamsClient;
  /** Sends an activity; its answer once Charter is idle. */
  send(activity: Record<string, unknown>): Promise<Response>;
  /** A command by mention in the channel; the reply in its thread (JSON). */
  command(user: TeamsUser, text: string, locale?: string, mentions?: TeamsUser[]): Promise<string>;
}

/** Charter on Teams: FakeConnector answering its connector calls, a TeamsClient sending it activities. */
export function teamsE2E(target: TestDatabase, options: TeamsE2EOptions = {}): TeamsE2E {
  const connector = new FakeConnector();
  const started = new Started<TeamsClient>(options.clock);
  const { send, command } = teamsDriver(() => ({ charter: started.get().charter, teams: started.get().client, connector }));
  const h: TeamsE2E = started.withCommon({
    connector,
    get teams() {
      return started.get().client;
    },
    send,
    command,
  });

  beforeAll(async () => {
    const identity = options.identity;
    if (identity !== undefined) {
      identity.install();
      connector.install();
    }
    const channel = options.channel ?? [];
    const team = options.team ?? channel;
    if (channel.length > 0) connector.join(CHANNEL, ...channel);
    if (team.length > 0) connector.join(TEAM, ...team);
    for (const u of options.chats ?? channel) connector.join(personalChat(u), u);
    options.arrange?.(connector);
    if (identity === undefined) await connector.listen();
    await started.start(target, options.env ?? {}, options, (charter) =>
      identity === undefined
        ? new TeamsClient(charter.url, connector.url)
        : new TeamsClient(charter.url, SERVICE_URL, () => `Bearer ${identity.token({ serviceUrl: SERVICE_URL })}`),
    );
  });
  afterAll(() => started.finish(h, options.checks, () => connector.close()));
  return h;
}
