// The core on the real store and a real job runner (pg-boss), with a recording
// platform: what test/core runs against. Jobs run as in production; `settle`
// waits until nothing is due.
import type { JsonValue } from '../../src/core/cards.js';
import { handleCardAction, handleCommand } from '../../src/core/dispatch.js';
import type { AnyFeature } from '../../src/core/feature.js';
import type { ActionResult, Reply } from '../../src/core/replies.js';
import { lettersVia } from '../../adapters/mail/letters.js';
import { disabledMailer } from '../../src/core/email.js';
import { createTranslator } from '../../src/i18n.js';
import { noHrReports } from '../../adapters/http/hrReports.js';
import type { Clock, CoreDeps, HrReports, Mailer, Settings } from '../../src/core/ports.js';
import { buildRegistry, completeDirectory } from '../../src/core/registry.js';
import { FEATURES } from '../../src/features/index.js';
import { JobRunner } from '../../src/jobs/queue.js';
import { TaskTracker } from '../../src/jobs/tasks.js';
import { migrateLatest, type Database } from '../../src/store/db.js';
import { createStore, type CharterStore } from '../../src/store/index.js';
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { TestClock } from './clock.js';
import { resetDatabase, type TestDatabase } from './db.js';
import { memoryLogger } from './log.js';
import { RecordingPlatform } from './platform.js';
import { settle } from './settle.js';

export interface CoreHarness {
  deps: CoreDeps;
  store: CharterStore;
  tasks: TaskTracker;
  jobs: JobRunner;
  /** Waits until no task runs and no job is due. */
  settle(): Promise<void>;
  /** Moves the clock and every waiting job by ms. */
  advance(ms: number): Promise<void>;
  /** A new job runner, as after a restart; the old one must be stopped. */
  restartJobs(): Promise<void>;
  stop(): Promise<void>;
}

export const SETTINGS: Settings = { superAdmins: new Set(['slack:UADA']), defaultLocale: 'en', openRegistration: false, publicUrl: 'https://charter.example/' };

export async function startCore(
  db: Database,
  platform: RecordingPlatform,
  clock: Clock & { advance(ms: number): void },
  logs: ReturnType<typeof memoryLogger>,
  /** mail: the disabled mailer unless given (e.g. createSmtpMailer on startSmtpServer's config). */
  options: { features?: readonly AnyFeature[]; settings?: Settings; mail?: Mailer; hrReports?: HrReports } = {},
): Promise<CoreHarness> {
  const features = options.features ?? FEATURES;
  const registry = buildRegistry(features);
  await migrateLatest(db.knex, features);
  const store = createStore(db.knex, features);
  const tasks = new TaskTracker(logs.log);
  const runner = () =>
    new JobRunner({
      db: db.knex,
      schema: db.jobSchema,
      registry,
      clock,
      log: logs.log,
      global: { store, clock, log: logs.log, hrReports: options.hrReports ?? noHrReports },
      pollingIntervalSeconds: 2,
      coreFor: async () => harness.deps,
    });
  const jobs = runner();
  const harness: CoreHarness = {
    deps: {
      platform: platform.platform,
      capabilities: platform.capabilities,
      messaging: platform,
      membership: platform,
      moderation: platform,
      channels: platform,
      // As in production: the features (the HR directory) complete the platform's profiles.
      directory: completeDirectory(platform, registry, store),
      store,
      jobs,
      mail: lettersVia(options.mail ?? disabledMailer, createTranslator()),
      clock,
      log: logs.log,
      defer: tasks.defer,
      settings: options.settings ?? SETTINGS,
      registry,
    },
    store,
    tasks,
    jobs,
    settle: () => settle(harness),
    async advance(ms) {
      clock.advance(ms);
      await harness.jobs.advance(ms);
    },
    async restartJobs() {
      harness.jobs = runner();
      harness.deps = { ...harness.deps, jobs: harness.jobs };
      await harness.jobs.start();
    },
    async stop() {
      await tasks.idle();
      await harness.jobs.stop();
    },
  };
  await jobs.start();
  return harness;
}

/** An actor of workspace T1 (or another) as an adapter would hand it in. */
export function actorOf(user: string, workspace = 'T1') {
  return { workspace: { externalId: workspace, name: workspace === 'T1' ? 'acme' : 'other' }, user: { platformUserId: user, address: user, displayName: user.toLowerCase() }, locale: null };
}

type Conversation = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };

/** Commands, card clicks and time, each followed by waiting until the core is idle. `get` gives the current harness. */
export function coreDriver(get: () => CoreHarness, conversation: Conversation) {
  return {
    async run(user: string, text: string, where: Conversation = conversation): Promise<Reply> {
      const { reply } = await handleCommand(get().deps, { actor: actorOf(user), conversation: where, text });
      await get().settle();
      return reply;
    },
    async click(user: string, actionId: string, payload: Record<string, JsonValue>, inputs: Record<string, string> = {}, workspace = 'T1'): Promise<ActionResult> {
      const { result } = await handleCardAction(get().deps, { actor: actorOf(user, workspace), actionId, payload, inputs });
      await get().settle();
      return result;
    },
    async later(ms: number): Promise<void> {
      await get().advance(ms);
      await get().settle();
    },
  };
}

type StartOptions = NonNullable<Parameters<typeof startCore>[4]>;

/** A core test file's world; db, core and platform are set by the hooks coreSuite registers. */
export interface CoreSuite {
  db: Database;
  core: CoreHarness;
  platform: RecordingPlatform;
  readonly clock: TestClock;
  readonly logs: ReturnType<typeof memoryLogger>;
}

/**
 * The usual life of a core test file, as hooks: one database for the file, emptied
 * before each test; the clock set to `at`, a fresh recording platform (`platform` may
 * give it profiles and members) and a core started on it; after each test the core
 * stopped and the logs checked for an unexpected error or any `forbidden` value, in
 * any case (personal data that must never be logged).
 */
export function coreSuite(
  target: TestDatabase,
  options: { at: string; platform?: (p: RecordingPlatform) => void; start?: StartOptions; forbidden?: readonly string[] },
): CoreSuite {
  const suite = { clock: new TestClock(), logs: memoryLogger() } as CoreSuite;
  beforeAll(async () => {
    suite.db = await target.open();
  });
  afterAll(async () => {
    await suite.db.close();
  });
  beforeEach(async () => {
    suite.clock.set(options.at);
    await resetDatabase(suite.db);
    suite.platform = new RecordingPlatform();
    options.platform?.(suite.platform);
    suite.core = await startCore(suite.db, suite.platform, suite.clock, suite.logs, options.start);
  });
  afterEach(async () => {
    await suite.core.stop();
    const logged = suite.logs.text();
    expect(logged).not.toMatch(/unexpected error/);
    for (const value of options.forbidden ?? []) expect(logged.toLowerCase()).not.toContain(value.toLowerCase());
  });
  return suite;
}
