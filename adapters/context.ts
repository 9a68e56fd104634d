// What both adapters and the HTTP server share, built once by the composition root.
import type { Config } from '../src/config.js';
import { lettersVia } from './mail/letters.js';
import type { ChatPlatform, Clock, CoreDeps, JobQueue, Logger, Mailer, Settings } from '../src/core/ports.js';
import { completeDirectory, type Registry } from '../src/core/registry.js';
import type { Translator } from '../src/i18n.js';
import type { TaskTracker } from '../src/jobs/tasks.js';
import type { DatabaseKind } from '../src/store/db.js';
import type { CharterStore } from '../src/store/index.js';

export interface AppContext {
  config: Config;
  store: CharterStore;
  dbKind: DatabaseKind;
  i18n: Translator;
  clock: Clock;
  log: Logger;
  tasks: TaskTracker;
  settings: Settings;
  registry: Registry;
  jobs: JobQueue;
  /** E-mail through SMTP_URL, or the disabled mailer. */
  mail: Mailer;
}

export function settingsFrom(config: Config): Settings {
  return { superAdmins: config.superAdmins, defaultLocale: config.defaultLocale, openRegistration: config.openRegistration, publicUrl: config.publicUrl, erasureKey: config.erasureKey?.reveal() ?? null };
}

/** The core's dependencies on one platform: each port is the platform adapter itself. */
export function coreDeps(app: AppContext, platform: ChatPlatform): CoreDeps {
  return {
    platform: platform.platform,
    capabilities: platform.capabilities,
    messaging: platform,
    membership: platform,
    moderation: platform,
    channels: platform,
    directory: completeDirectory(platform, app.registry, app.store),
    store: app.store,
    jobs: app.jobs,
    mail: lettersVia(app.mail, app.i18n),
    clock: app.clock,
    log: app.log,
    defer: app.tasks.defer,
    settings: app.settings,
    registry: app.registry,
  };
}
