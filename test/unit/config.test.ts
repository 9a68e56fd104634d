import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseSuperAdmins } from '../../src/config.js';

const GUID = '00000000-0000-0000-0000-000000000001';

function fails(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a configuration error');
}

describe('configuration', () => {
  it('has working defaults: embedded database, emulator Teams, no Slack', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3978, database: { kind: 'pglite', dataDir: './data' }, teams: { mode: 'emulator' }, defaultLocale: 'en', openRegistration: false });
    expect(c.slack).toBeUndefined();
  });

  it('reads every variable of the interface contract', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u:pw@db:5432/charter',
      SLACK_SIGNING_SECRET: 'sig',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_API_URL: 'https://slack.test/api',
      MICROSOFT_APP_ID: GUID,
      MICROSOFT_APP_PASSWORD: 'pw',
      MICROSOFT_APP_TENANT_ID: GUID,
      MICROSOFT_APP_TYPE: 'singletenant',
      MICROSOFT_GRAPH_ENABLED: 'true',
      CHARTER_SUPER_ADMINS: 'slack:U012ABC, teams:ABCDEF00-0000-0000-0000-000000000001',
      CHARTER_DEFAULT_LOCALE: 'zh-CN',
      CHARTER_OPEN_REGISTRATION: 'yes',
    });
    expect(c.port).toBe(8080);
    expect(c.database.kind).toBe('postgres');
    expect(c.slack?.apiUrl).toBe('https://slack.test/api/');
    expect(c.teams).toMatchObject({ mode: 'authenticated', appId: GUID, appType: 'SingleTenant', tenantId: GUID });
    expect(c.graph).toMatchObject({ tenantId: GUID, clientId: GUID });
    expect([...c.superAdmins]).toEqual(['slack:U012ABC', 'teams:abcdef00-0000-0000-0000-000000000001']);
    expect(c.defaultLocale).toBe('zh-CN');
    expect(c.openRegistration).toBe(true);
  });

  it.each([
    [{ PORT: '99999' }, 'PORT'],
    [{ PORT: '80a' }, 'PORT'],
    [{ DATABASE_URL: 'mysql://x' }, 'DATABASE_URL'],
    [{ SLACK_SIGNING_SECRET: 's' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_BOT_TOKEN: 'xoxb-1' }, 'SLACK_SIGNING_SECRET'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxp-user' }, 'SLACK_BOT_TOKEN'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_API_URL: 'ftp://x' }, 'SLACK_API_URL'],
    [{ SLACK_SIGNING_SECRET: 's', SLACK_BOT_TOKEN: 'xoxb-1', SLACK_ADMIN_USER_TOKEN: 'xoxb-2' }, 'SLACK_ADMIN_USER_TOKEN'],
    [{ MICROSOFT_APP_ID: 'not-a-guid' }, 'MICROSOFT_APP_ID'],
    [{ MICROSOFT_APP_ID: GUID }, 'MICROSOFT_APP_PASSWORD'],
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'Weird' }, 'MICROSOFT_APP_TYPE'],
    [{ MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'SingleTenant' }, 'MICROSOFT_APP_TENANT_ID'],
    [{ MICROSOFT_GRAPH_ENABLED: 'true' }, 'MICROSOFT_GRAPH_ENABLED'],
    [{ MICROSOFT_GRAPH_ENABLED: 'maybe' }, 'MICROSOFT_GRAPH_ENABLED'],
    [{ CHARTER_SUPER_ADMINS: 'U012ABC' }, 'CHARTER_SUPER_ADMINS'],
    [{ CHARTER_DEFAULT_LOCALE: 'fr' }, 'CHARTER_DEFAULT_LOCALE'],
    [{ LOG_LEVEL: 'loud' }, 'LOG_LEVEL'],
  ])('%o is refused naming %s', (env, variable) => {
    const err = fails(env);
    expect(err.variable).toBe(variable);
    expect(err.message.startsWith(variable)).toBe(true);
    expect(err.message).not.toContain('\n');
  });

  it('never prints a secret, even when the whole configuration is logged', () => {
    const c = loadConfig({
      DATABASE_URL: 'postgres://u:db-password@db/charter',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
      SLACK_BOT_TOKEN: 'xoxb-secret-token',
      MICROSOFT_APP_ID: GUID,
      MICROSOFT_APP_PASSWORD: 'app-password-value',
    });
    const shown = `${JSON.stringify(c)} ${inspect(c, { depth: 10 })} ${String(c.slack?.botToken)}`;
    for (const secret of ['db-password', 'signing-secret-value', 'xoxb-secret-token', 'app-password-value']) expect(shown).not.toContain(secret);
    expect(c.slack?.botToken.reveal()).toBe('xoxb-secret-token');
    const err = fails({ SLACK_SIGNING_SECRET: 'signing-secret-value', SLACK_BOT_TOKEN: 'not-a-bot-token' });
    expect(err.message).not.toContain('not-a-bot-token');
  });

  it('refuses an unauthenticated Teams endpoint in production, without stopping Slack', () => {
    expect(loadConfig({ NODE_ENV: 'production' }).teams).toEqual({ mode: 'disabled', reason: 'MICROSOFT_APP_ID is not set and NODE_ENV=production' });
    expect(loadConfig({ NODE_ENV: 'production', MICROSOFT_APP_ID: GUID, MICROSOFT_APP_PASSWORD: 'p' }).teams.mode).toBe('authenticated');
  });

  it('qualifies super admins by platform', () => {
    expect([...parseSuperAdmins(' slack:U1 ,,teams:AbC ')]).toEqual(['slack:U1', 'teams:abc']);
    expect(() => parseSuperAdmins('discord:1')).toThrow(ConfigError);
  });
});

describe('e-mail configuration (NOTE-3)', () => {
  it('has no mailer without SMTP_URL', () => {
    expect(loadConfig({}).mail).toBeUndefined();
  });

  it('keeps the whole SMTP_URL secret and parses SMTP_FROM', () => {
    const c = loadConfig({ SMTP_URL: 'smtps://mailer:smtp-pass%40word@mail.example.com:465', SMTP_FROM: '"Charter, the bot" <charter@example.com>' });
    expect(c.mail?.url.reveal()).toBe('smtps://mailer:smtp-pass%40word@mail.example.com:465');
    expect(c.mail?.from).toEqual({ name: 'Charter, the bot', address: 'charter@example.com' });
    const shown = `${JSON.stringify(c)} ${inspect(c, { depth: 10 })}`;
    for (const secret of ['smtp-pass', 'mailer', 'mail.example.com']) expect(shown).not.toContain(secret);
  });

  it.each([
    ['smtp://relay.internal', undefined, { name: 'Charter', address: 'charter@localhost' }],
    ['smtp://relay.internal:25/', 'alerts@example.com', { name: 'Charter', address: 'alerts@example.com' }],
    ['smtp://bot%40example.com:pw@smtp.example.com:587', undefined, { name: 'Charter', address: 'bot@example.com' }],
    ['smtp://[::1]:2525', 'Governance <gov@example.org>', { name: 'Governance', address: 'gov@example.org' }],
  ])('%s with SMTP_FROM %s sends as %o', (url, from, expected) => {
    expect(loadConfig({ SMTP_URL: url, ...(from !== undefined ? { SMTP_FROM: from } : {}) }).mail?.from).toEqual(expected);
  });

  it.each([
    [{ SMTP_URL: 'mail.example.com' }, 'SMTP_URL'],
    [{ SMTP_URL: 'http://mail.example.com' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail.example.com:99999' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail.example.com/path' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://mail.example.com?tls=off' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://:secret-pw@mail.example.com' }, 'SMTP_URL'],
    [{ SMTP_URL: 'smtp://u:%E0%A4%A@mail.example.com' }, 'SMTP_URL'],
    [{ SMTP_FROM: 'charter@example.com' }, 'SMTP_FROM'],
    [{ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'not an address' }, 'SMTP_FROM'],
    [{ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'a@example.com, b@example.com' }, 'SMTP_FROM'],
    [{ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'Charter <charter@example.com>\r\nBcc: x@example.com' }, 'SMTP_FROM'],
    [{ SMTP_URL: 'smtp://mail.example.com', SMTP_FROM: 'Charter\n <charter@example.com>' }, 'SMTP_FROM'],
  ])('%o is refused naming %s, without repeating the value', (env, variable) => {
    const err = fails(env);
    expect(err.variable).toBe(variable);
    expect(err.message).not.toContain('\n');
    expect(err.message).not.toContain('secret-pw');
    expect(err.message).not.toContain('example.com');
  });
});

describe('CHARTER_HR_SECRET', () => {
  it('is off when unset, kept secret when set, and refused when short', () => {
    expect(loadConfig({}).hrSecret).toBeUndefined();
    const c = loadConfig({ CHARTER_HR_SECRET: ' long-enough-secret-value ' });
    expect(c.hrSecret?.reveal()).toBe('long-enough-secret-value');
    expect(inspect(c)).not.toContain('long-enough-secret-value');
    expect(() => loadConfig({ CHARTER_HR_SECRET: 'short' })).toThrow(new ConfigError('CHARTER_HR_SECRET', 'must be at least 16 characters long'));
  });
});

describe('CHARTER_HR_CALLBACK_URL', () => {
  const secret = { CHARTER_HR_SECRET: 'long-enough-secret-value' };
  it('is where reports go, signed with the HR secret; https in production, no credentials', () => {
    expect(loadConfig(secret).hrCallbackUrl).toBeUndefined();
    expect(loadConfig({ ...secret, CHARTER_HR_CALLBACK_URL: 'https://hr.example.com/charter' }).hrCallbackUrl).toBe('https://hr.example.com/charter');
    expect(loadConfig({ ...secret, CHARTER_HR_CALLBACK_URL: 'http://127.0.0.1:9000/x' }).hrCallbackUrl).toBe('http://127.0.0.1:9000/x');
    for (const [env, problem] of [
      [{ CHARTER_HR_CALLBACK_URL: 'https://hr.example.com/charter' }, 'needs CHARTER_HR_SECRET to sign the reports'],
      [{ ...secret, CHARTER_HR_CALLBACK_URL: 'ftp://hr.example.com' }, 'must be an http(s) URL'],
      [{ ...secret, CHARTER_HR_CALLBACK_URL: 'https://user:pw@hr.example.com' }, 'must not carry credentials (the reports are signed)'],
      [{ ...secret, NODE_ENV: 'production', MICROSOFT_APP_ID: '00000000-0000-4000-8000-000000000001', MICROSOFT_APP_PASSWORD: 'pw', CHARTER_HR_CALLBACK_URL: 'http://hr.example.com' }, 'must be an https URL when NODE_ENV=production'],
    ] as const) {
      expect(() => loadConfig(env)).toThrow(new ConfigError('CHARTER_HR_CALLBACK_URL', problem));
    }
  });
});

describe('CHARTER_ERASURE_KEY', () => {
  it('is off when unset, kept secret when set, and refused when short (AUD-4)', () => {
    expect(loadConfig({}).erasureKey).toBeUndefined();
    const key = 'an-erasure-key-of-at-least-32-characters';
    const c = loadConfig({ CHARTER_ERASURE_KEY: key });
    expect(c.erasureKey?.reveal()).toBe(key);
    expect(inspect(c)).not.toContain(key);
    expect(() => loadConfig({ CHARTER_ERASURE_KEY: 'too-short-for-a-key' })).toThrow(new ConfigError('CHARTER_ERASURE_KEY', 'must be at least 32 characters long'));
  });
});
