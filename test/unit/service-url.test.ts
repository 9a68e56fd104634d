import { describe, expect, it } from 'vitest';
import { checkServiceUrl, isLoopbackAddress } from '../../adapters/teams/serviceUrl.js';

const authenticated = { mode: 'authenticated' as const, extraHosts: ['smba.example.cn'] };
const emulator = { mode: 'emulator' as const };

describe('serviceUrl policy', () => {
  it.each([
    'https://smba.trafficmanager.net/amer/',
    'https://smba.trafficmanager.net/teams/',
    'https://smba.infra.gcc.teams.microsoft.com/teams',
    'https://smba.infra.gov.teams.microsoft.us/teams',
    'https://smba.infra.dod.teams.microsoft.us/teams',
    'https://webchat.botframework.com/',
    'https://smba.example.cn/apac/',
  ])('accepts the Bot Framework host %s when authenticated', (url) => {
    expect(checkServiceUrl(url, authenticated)).toMatchObject({ ok: true });
  });

  it.each([
    ['file:///etc/passwd', 'scheme'],
    ['http://169.254.169.254/latest/meta-data/', 'https required'],
    ['https://169.254.169.254/', 'not a Bot Framework host'],
    ['https://smba.trafficmanager.net.evil.example/', 'not a Bot Framework host'],
    ['https://evilbotframework.com/', 'not a Bot Framework host'],
    ['http://smba.trafficmanager.net/amer/', 'https required'],
    ['https://user:pw@smba.trafficmanager.net/amer/', 'credentials'],
    ['gopher://smba.trafficmanager.net/', 'scheme'],
    ['javascript:alert(1)', 'scheme'],
    ['not a url', 'not a URL'],
    ['', 'missing'],
  ])('refuses %s when authenticated', (url, reason) => {
    const check = checkServiceUrl(url, authenticated);
    expect(check.ok).toBe(false);
    expect(check.ok ? '' : check.reason).toContain(reason);
  });

  it('holds an activity to the URL its validated token names', () => {
    expect(checkServiceUrl('https://smba.trafficmanager.net/amer/', authenticated, 'https://smba.trafficmanager.net/amer')).toMatchObject({ ok: true });
    expect(checkServiceUrl('https://smba.trafficmanager.net/emea/', authenticated, 'https://smba.trafficmanager.net/amer/')).toMatchObject({ ok: false });
  });

  it.each(['http://127.0.0.1:53000/', 'http://localhost:3979/', 'http://[::1]:9000/', 'https://127.5.5.5/'])('accepts loopback %s in emulator mode', (url) => {
    expect(checkServiceUrl(url, emulator)).toMatchObject({ ok: true });
  });

  it.each(['https://smba.trafficmanager.net/amer/', 'http://169.254.169.254/', 'http://10.0.0.1/', 'file:///etc/passwd', 'http://127.0.0.1.evil.example/', 'http://0.0.0.0/'])(
    'refuses %s in emulator mode',
    (url) => {
      expect(checkServiceUrl(url, emulator).ok).toBe(false);
    },
  );

  it('knows loopback peers as Node reports them', () => {
    for (const a of ['127.0.0.1', '::1', '::ffff:127.0.0.1']) expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['192.0.2.2', '::ffff:10.0.0.1', 'fd00::2', undefined]) expect(isLoopbackAddress(a)).toBe(false);
  });
});
