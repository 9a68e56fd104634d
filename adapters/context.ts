// What both adapters and the HTTP server share, built once in main.ts.
import type { Config } from '../src/config.js';
import type { Clock, Logger, Settings } from '../src/core/ports.js';
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
}

export function settingsFrom(config: Config): Settings {
  return { superAdmins: config.superAdmins, defaultLocale: config.defaultLocale, openRegistration: config.openRegistration };
}
