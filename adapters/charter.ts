// Composition root: wires configuration, database, registry (from the list of
// features), store, job runner, adapters and the HTTP server. main.ts runs it;
// end-to-end tests start it on a free port, with extra features if they want.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError, listenHost, type Config } from '../src/config.js';
import type { AnyFeature } from '../src/core/feature.js';
import type { Platform } from '../src/core/model.js';
import { disabledMailer } from '../src/core/email.js';
import type { Clock, CoreDeps, Logger, Mailer } from '../src/core/ports.js';
import { buildRegistry } from '../src/core/registry.js';
import { FEATURES } from '../src/features/index.js';
import { createTranslator, type Translator } from '../src/i18n.js';
import { JobRunner } from '../src/jobs/queue.js';
import { TaskTracker } from '../src/jobs/tasks.js';
import { migrateLatest, type Database } from '../src/store/db.js';
import { createStore, type CharterStore } from '../src/store/index.js';
import { settingsFrom, type AppContext } from './context.js';
import { exportDownloads } from './http/exports.js';
import { hrReportsTo, noHrReports } from './http/hrReports.js';
import { createHttpApp } from './http/server.js';
import { createSmtpMailer } from './mail/smtp.js';
import { createSlackAdapter } from './slack/index.js';
import { createTeamsAdapter } from './teams/index.js';

export interface StartOptions {
  db: Database;
  log: Logger;
  clock?: Clock;
  i18n?: Translator;
  /** Overrides config.port (0: any free port). */
  port?: number;
  /** The features to run; the product's list by default. */
  features?: readonly AnyFeature[];
  /** How often idle job workers look for due jobs (tests poll faster). */
  jobPollingSeconds?: number;
  /** Replaces the mailer config.mail would build (tests); the caller closes it. */
  mailer?: Mailer;
}

export interface RunningCharter {
  url: string;
  port: number;
  /** The address the server listens on (`127.0.0.1`, `0.0.0.0`, `::`). */
  address: string;
  store: CharterStore;
  tasks: TaskTracker;
  jobs: JobRunner;
  cores: Partial<Record<Platform, CoreDeps>>;
  close(): Promise<void>;
}

const SHUTDOWN_GRACE_MS = 10_000;

/** How this process reaches its own server. */
function localAddress(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

export async function startCharter(config: Config, options: StartOptions): Promise<RunningCharter> {
  const { db, log } = options;
  const clock = options.clock ?? { now: () => new Date() };
  const features = options.features ?? FEATURES;
  const registry = buildRegistry(features);
  const applied = await migrateLatest(db.knex, features);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');

  const store = createStore(db.knex, features);
  const tasks = new TaskTracker(log);
  const smtp = options.mailer === undefined && config.mail !== undefined ? createSmtpMailer(config.mail, log) : null;
  const cores: Partial<Record<Platform, CoreDeps>> = {};
  const jobs = new JobRunner({
    db: db.knex,
    schema: db.jobSchema,
    registry,
    clock,
    log,
    global: { store, clock, log, hrReports: config.hrCallbackUrl !== undefined && config.hrSecret !== undefined ? hrReportsTo(config.hrCallbackUrl, config.hrSecret.reveal(), clock) : noHrReports },
    ...(options.jobPollingSeconds !== undefined ? { pollingIntervalSeconds: options.jobPollingSeconds } : {}),
    async coreFor(workspaceId) {
      const workspace = await store.workspaces.get(workspaceId);
      return workspace === null ? null : (cores[workspace.platform] ?? null);
    },
  });
  const app: AppContext = {
    config,
    store,
    dbKind: db.kind,
    i18n: options.i18n ?? createTranslator(),
    clock,
    log,
    tasks,
    settings: settingsFrom(config),
    registry,
    jobs,
    mail: options.mailer ?? smtp ?? disabledMailer,
  };

  const slack = config.slack !== undefined ? createSlackAdapter(app, config.slack) : null;
  const teams = config.teams.mode !== 'disabled' ? createTeamsAdapter(app, config.teams, config.graph) : null;
  if (config.teams.mode === 'disabled') log.warn({ reason: config.teams.reason }, 'Teams endpoint disabled');
  if (config.teams.mode === 'emulator') {
    log.warn({}, 'Teams endpoint runs unauthenticated (Bot Framework Emulator mode) and answers loopback peers only');
  }
  if (slack === null) log.info({}, 'Slack endpoint not configured (SLACK_SIGNING_SECRET unset)');
  if (!app.mail.enabled) log.info({}, 'E-mail copies not configured (SMTP_URL unset)');
  if (slack !== null) cores.slack = slack.core;
  if (teams !== null) cores.teams = teams.core;
  await jobs.start();

  const http = createHttpApp(app, {
    slack: slack?.handle ?? null,
    teams: teams?.handle ?? { disabled: config.teams.mode === 'disabled' ? config.teams.reason : 'disabled' },
    exports: exportDownloads(app, cores),
  });
  const server: Server = createServer(http);
  const host = listenHost(config);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) =>
        reject(err.code === 'EADDRINUSE' ? new ConfigError('PORT', `port ${options.port ?? config.port} is already in use`) : err),
      );
      server.listen({ port: options.port ?? config.port, ...(host !== undefined ? { host } : {}) }, resolve);
    });
  } catch (err) {
    await jobs.stop();
    smtp?.close();
    throw err;
  }
  const { port, address } = server.address() as AddressInfo;
  // Outside production, download links point at this server when no public address is set.
  if (app.settings.publicUrl === null && !config.production) app.settings.publicUrl = `http://${localAddress(host)}:${port}/`;
  log.info({ port, host: host ?? 'all interfaces', db: db.kind, slack: slack !== null, teams: config.teams.mode }, 'Charter is listening');

  return {
    url: `http://${localAddress(host)}:${port}`,
    port,
    address,
    store,
    tasks,
    jobs,
    cores,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await Promise.race([tasks.idle(), new Promise((r) => setTimeout(r, SHUTDOWN_GRACE_MS).unref())]);
      await jobs.stop();
      smtp?.close();
    },
  };
}
