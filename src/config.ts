// Configuration from the environment, validated once at start (SPEC "Interfaces").
// A missing or malformed value stops Charter with one line naming the variable;
// secret values are wrapped so that printing the configuration never shows them.
import { inspect } from 'node:util';
import { parseMailbox, type Mailbox } from './core/email.js';
import { isLocale, type Locale } from './core/locale.js';

export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[secret]';
  }
  toJSON(): string {
    return '[secret]';
  }
  [inspect.custom](): string {
    return '[secret]';
  }
}

/** A setting that stops Charter from starting; the message names the variable: `PORT: must be …`. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    readonly problem: string,
  ) {
    super(`${variable}: ${problem}`);
    this.name = 'ConfigError';
  }
}

export type DatabaseConfig = { kind: 'postgres'; url: Secret } | { kind: 'pglite'; dataDir: string };

export interface SlackConfig {
  signingSecret: Secret;
  botToken: Secret;
  apiUrl: string;
  adminUserToken?: Secret;
}

export type TeamsAppType = 'MultiTenant' | 'SingleTenant' | 'UserAssignedMSI';

export type TeamsConfig =
  | {
      mode: 'authenticated';
      appId: string;
      appPassword?: Secret;
      tenantId?: string;
      appType: TeamsAppType;
      /** Hosts besides the Bot Framework's own that activities may name as serviceUrl. */
      extraServiceHosts: readonly string[];
    }
  | { mode: 'emulator' }
  | { mode: 'disabled'; reason: string };

export interface GraphConfig {
  apiUrl: string;
  loginUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: Secret;
}

/** SMTP for e-mail copies (NOTE-3); absent when SMTP_URL is unset. */
export interface MailConfig {
  /** `smtp://` or `smtps://`, with the user and password it may carry: never logged. */
  url: Secret;
  from: Mailbox;
}

export interface Config {
  port: number;
  /** The address to listen on; null: the default for the Teams mode (see listenHost). */
  host: string | null;
  production: boolean;
  logLevel: string;
  database: DatabaseConfig;
  slack?: SlackConfig;
  teams: TeamsConfig;
  graph?: GraphConfig;
  mail?: MailConfig;
  superAdmins: ReadonlySet<string>;
  defaultLocale: Locale;
  openRegistration: boolean;
  /** Where people's browsers reach Charter (download links); null: unset. */
  publicUrl: string | null;
  /** Signs the HR webhook (`POST /hr/events`); unset, the endpoint answers 404. */
  hrSecret?: Secret;
  /** Where offboarding reports are posted, signed like the webhook (CHARTER_HR_CALLBACK_URL). */
  hrCallbackUrl?: string;
  /** AUD-4: the key of erased people's pseudonyms (CHARTER_ERASURE_KEY); unset, `hr erase` is refused. */
  erasureKey?: Secret;
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];
const APP_TYPES: readonly TeamsAppType[] = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'];
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function value(env: Env, name: string): string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const trimmed = raw.trim();
  return trimmed === '' ? undefined : trimmed;
}

function required(env: Env, name: string, why: string): string {
  const v = value(env, name);
  if (v === undefined) throw new ConfigError(name, `is required ${why}`);
  return v;
}

function httpUrl(name: string, raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError(name, 'must be an http(s) URL');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ConfigError(name, 'must be an http(s) URL');
  }
  return url.href.endsWith('/') ? url.href : `${url.href}/`;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const v = value(env, name)?.toLowerCase();
  if (v === undefined) return fallback;
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(name, 'must be true or false');
}

function parsePort(env: Env): number {
  const v = value(env, 'PORT');
  if (v === undefined) return 3978;
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > 65535) throw new ConfigError('PORT', 'must be a port number (1-65535)');
  return n;
}

function parseHost(env: Env): string | null {
  const v = value(env, 'HOST');
  if (v === undefined) return null;
  if (!/^[A-Za-z0-9.:-]+$/.test(v) && !/^\[[0-9A-Fa-f:.]+\]$/.test(v)) {
    throw new ConfigError('HOST', 'must be an IP address or host name to listen on, e.g. 0.0.0.0 or 127.0.0.1');
  }
  return v.replace(/^\[(.*)\]$/, '$1');
}

/** `smba.example.net, other.example` → lower-case host names. */
function parseHostList(env: Env, name: string): string[] {
  const raw = value(env, name);
  if (raw === undefined) return [];
  return raw.split(',').flatMap((part) => {
    const host = part.trim().toLowerCase();
    if (host === '') return [];
    if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/.test(host)) {
      throw new ConfigError(name, 'must be a comma-separated list of host names (no scheme, no path)');
    }
    return [host];
  });
}

function parseDatabase(env: Env): DatabaseConfig {
  const url = value(env, 'DATABASE_URL');
  if (url === undefined) return { kind: 'pglite', dataDir: value(env, 'CHARTER_DATA_DIR') ?? './data' };
  if (!/^postgres(ql)?:\/\/.+/.test(url)) {
    throw new ConfigError('DATABASE_URL', 'must be a postgres:// or postgresql:// URL');
  }
  return { kind: 'postgres', url: new Secret(url) };
}

/** The HR webhook's shared secret: never short enough to guess (there is no unauthenticated mode). */
function parseHrSecret(env: Env): Secret | undefined {
  const secret = value(env, 'CHARTER_HR_SECRET');
  if (secret === undefined) return undefined;
  if (secret.length < 16) throw new ConfigError('CHARTER_HR_SECRET', 'must be at least 16 characters long');
  return new Secret(secret);
}

/** AUD-4's pseudonym key: long enough not to be guessed from a pseudonym and an employee id. */
function parseErasureKey(env: Env): Secret | undefined {
  const key = value(env, 'CHARTER_ERASURE_KEY');
  if (key === undefined) return undefined;
  if (key.length < 32) throw new ConfigError('CHARTER_ERASURE_KEY', 'must be at least 32 characters long');
  return new Secret(key);
}

/** The HR system's own address for reports: signed with CHARTER_HR_SECRET; https in production. */
function parseHrCallback(env: Env, secret: Secret | undefined, production: boolean): string | undefined {
  const raw = value(env, 'CHARTER_HR_CALLBACK_URL');
  if (raw === undefined) return undefined;
  if (secret === undefined) throw new ConfigError('CHARTER_HR_CALLBACK_URL', 'needs CHARTER_HR_SECRET to sign the reports');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('CHARTER_HR_CALLBACK_URL', 'must be an http(s) URL');
  }
  if (url.protocol !== 'https:' && (production || url.protocol !== 'http:')) throw new ConfigError('CHARTER_HR_CALLBACK_URL', production ? 'must be an https URL when NODE_ENV=production' : 'must be an http(s) URL');
  if (url.username !== '' || url.password !== '') throw new ConfigError('CHARTER_HR_CALLBACK_URL', 'must not carry credentials (the reports are signed)');
  return url.href;
}

function parseSlack(env: Env): SlackConfig | undefined {
  const signingSecret = value(env, 'SLACK_SIGNING_SECRET');
  if (signingSecret === undefined) {
    if (value(env, 'SLACK_BOT_TOKEN') !== undefined) {
      throw new ConfigError('SLACK_SIGNING_SECRET', 'is required when SLACK_BOT_TOKEN is set');
    }
    return undefined;
  }
  const botToken = required(env, 'SLACK_BOT_TOKEN', 'when SLACK_SIGNING_SECRET is set');
  if (!botToken.startsWith('xoxb-')) throw new ConfigError('SLACK_BOT_TOKEN', 'must be a bot token (xoxb-…)');
  const adminToken = value(env, 'SLACK_ADMIN_USER_TOKEN');
  if (adminToken !== undefined && !adminToken.startsWith('xoxp-')) {
    throw new ConfigError('SLACK_ADMIN_USER_TOKEN', 'must be a user token (xoxp-…)');
  }
  return {
    signingSecret: new Secret(signingSecret),
    botToken: new Secret(botToken),
    apiUrl: httpUrl('SLACK_API_URL', value(env, 'SLACK_API_URL') ?? 'https://slack.com/api/'),
    ...(adminToken !== undefined ? { adminUserToken: new Secret(adminToken) } : {}),
  };
}

function parseTeams(env: Env, production: boolean): TeamsConfig {
  const appId = value(env, 'MICROSOFT_APP_ID');
  if (appId === undefined) {
    if (production) {
      return { mode: 'disabled', reason: 'MICROSOFT_APP_ID is not set and NODE_ENV=production' };
    }
    return { mode: 'emulator' };
  }
  if (!GUID.test(appId)) throw new ConfigError('MICROSOFT_APP_ID', 'must be a GUID');
  const typeRaw = value(env, 'MICROSOFT_APP_TYPE') ?? 'MultiTenant';
  const appType = APP_TYPES.find((t) => t.toLowerCase() === typeRaw.toLowerCase());
  if (appType === undefined) throw new ConfigError('MICROSOFT_APP_TYPE', `must be one of ${APP_TYPES.join(', ')}`);
  const tenantId = value(env, 'MICROSOFT_APP_TENANT_ID');
  if (tenantId !== undefined && !GUID.test(tenantId)) {
    throw new ConfigError('MICROSOFT_APP_TENANT_ID', 'must be a GUID');
  }
  if (appType !== 'MultiTenant' && tenantId === undefined) {
    throw new ConfigError('MICROSOFT_APP_TENANT_ID', `is required when MICROSOFT_APP_TYPE is ${appType}`);
  }
  const password = value(env, 'MICROSOFT_APP_PASSWORD');
  if (appType !== 'UserAssignedMSI' && password === undefined) {
    throw new ConfigError('MICROSOFT_APP_PASSWORD', 'is required when MICROSOFT_APP_ID is set');
  }
  return {
    mode: 'authenticated',
    appId,
    appType,
    extraServiceHosts: parseHostList(env, 'MICROSOFT_SERVICE_URL_HOSTS'),
    ...(password !== undefined ? { appPassword: new Secret(password) } : {}),
    ...(tenantId !== undefined ? { tenantId } : {}),
  };
}

function parseGraph(env: Env, teams: TeamsConfig): GraphConfig | undefined {
  if (!bool(env, 'MICROSOFT_GRAPH_ENABLED', false)) return undefined;
  if (teams.mode !== 'authenticated' || teams.appPassword === undefined) {
    throw new ConfigError('MICROSOFT_GRAPH_ENABLED', 'needs MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD');
  }
  if (teams.tenantId === undefined) {
    throw new ConfigError('MICROSOFT_APP_TENANT_ID', 'is required when MICROSOFT_GRAPH_ENABLED is true');
  }
  return {
    apiUrl: httpUrl('MICROSOFT_GRAPH_URL', value(env, 'MICROSOFT_GRAPH_URL') ?? 'https://graph.microsoft.com/v1.0/'),
    loginUrl: httpUrl('MICROSOFT_LOGIN_URL', value(env, 'MICROSOFT_LOGIN_URL') ?? 'https://login.microsoftonline.com/'),
    tenantId: teams.tenantId,
    clientId: teams.appId,
    clientSecret: teams.appPassword,
  };
}

/**
 * `SMTP_URL`: `smtp://[user:password@]host[:port]` (STARTTLS when offered,
 * required when it carries a password to another machine) or `smtps://…` (TLS
 * from the start); user and password percent-encoded. `SMTP_FROM`: an address or
 * `Name <address>`; by default the URL's user when that is an address, else
 * `Charter <charter@localhost>`. Neither value is repeated in an error.
 */
function parseMail(env: Env): MailConfig | undefined {
  const raw = value(env, 'SMTP_URL');
  if (raw === undefined) {
    if (value(env, 'SMTP_FROM') !== undefined) throw new ConfigError('SMTP_FROM', 'is set but SMTP_URL is not');
    return undefined;
  }
  const shape = 'must be smtp://[user:password@]host[:port] or smtps://…, without a path or query';
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('SMTP_URL', shape);
  }
  if ((url.protocol !== 'smtp:' && url.protocol !== 'smtps:') || url.hostname === '' || !['', '/'].includes(url.pathname) || url.search !== '' || url.hash !== '') {
    throw new ConfigError('SMTP_URL', shape);
  }
  if (url.password !== '' && url.username === '') throw new ConfigError('SMTP_URL', 'has a password without a user');
  let user: string;
  try {
    user = decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    throw new ConfigError('SMTP_URL', 'has a user or password that is not valid percent-encoding');
  }
  const fromRaw = value(env, 'SMTP_FROM');
  const from = fromRaw !== undefined ? parseMailbox(fromRaw) : (parseMailbox(user) ?? { name: 'Charter', address: 'charter@localhost' });
  if (from === null) throw new ConfigError('SMTP_FROM', 'must be an address or Name <address>');
  return { url: new Secret(raw), from: from.name === '' ? { name: 'Charter', address: from.address } : from };
}

/**
 * Where to listen. While the Teams endpoint is unauthenticated (emulator mode)
 * anyone who reaches it can act as anyone, so by default only this machine can.
 */
export function listenHost(config: Pick<Config, 'host' | 'teams'>): string | undefined {
  if (config.host !== null) return config.host;
  return config.teams.mode === 'emulator' ? '127.0.0.1' : undefined;
}

/** Parses `slack:U012ABC,teams:<aad object id>` into a set of platform-qualified ids. */
export function parseSuperAdmins(raw: string | undefined): Set<string> {
  const result = new Set<string>();
  if (raw === undefined) return result;
  for (const part of raw.split(',')) {
    const entry = part.trim();
    if (entry === '') continue;
    const match = /^(slack|teams):(\S+)$/.exec(entry);
    if (!match) {
      throw new ConfigError('CHARTER_SUPER_ADMINS', 'must list platform-qualified ids like slack:U012ABC,teams:<object id>');
    }
    const platform = match[1] as string;
    const id = match[2] as string;
    result.add(`${platform}:${platform === 'teams' ? id.toLowerCase() : id}`);
  }
  return result;
}

export function loadConfig(env: Env = process.env): Config {
  const production = value(env, 'NODE_ENV') === 'production';
  const logLevel = value(env, 'LOG_LEVEL') ?? 'info';
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError('LOG_LEVEL', `must be one of ${LOG_LEVELS.join(', ')}`);
  const locale = value(env, 'CHARTER_DEFAULT_LOCALE') ?? 'en';
  if (!isLocale(locale)) throw new ConfigError('CHARTER_DEFAULT_LOCALE', 'must be en or zh-CN');
  const teams = parseTeams(env, production);
  const slack = parseSlack(env);
  const graph = parseGraph(env, teams);
  const mail = parseMail(env);
  const hrSecret = parseHrSecret(env);
  const hrCallbackUrl = parseHrCallback(env, hrSecret, production);
  const erasureKey = parseErasureKey(env);
  return {
    port: parsePort(env),
    host: parseHost(env),
    production,
    logLevel,
    database: parseDatabase(env),
    ...(slack ? { slack } : {}),
    teams,
    ...(graph ? { graph } : {}),
    ...(mail ? { mail } : {}),
    superAdmins: parseSuperAdmins(value(env, 'CHARTER_SUPER_ADMINS')),
    defaultLocale: locale,
    openRegistration: bool(env, 'CHARTER_OPEN_REGISTRATION', false),
    publicUrl: parsePublicUrl(env, production),
    ...(hrSecret ? { hrSecret } : {}),
    ...(hrCallbackUrl ? { hrCallbackUrl } : {}),
    ...(erasureKey ? { erasureKey } : {}),
  };
}

/** Links people open in a browser: https in production (plain http only outside it, for local runs). */
function parsePublicUrl(env: Env, production: boolean): string | null {
  const raw = value(env, 'CHARTER_PUBLIC_URL');
  if (raw === undefined) return null;
  const url = httpUrl('CHARTER_PUBLIC_URL', raw);
  if (production && !url.startsWith('https:')) throw new ConfigError('CHARTER_PUBLIC_URL', 'must be an https URL when NODE_ENV=production');
  return url;
}
