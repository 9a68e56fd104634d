// Which `serviceUrl` an activity may name. Charter sends replies, proactive
// messages and membership look-ups (with the bot's own token) to that URL, and
// stores it for later, so a forged one would turn Charter into a proxy to any host
// (cloud metadata, internal services). It is checked before it is used or stored:
// http(s) only; with authentication only the Bot Framework's own hosts (and, where
// the validated token names one, exactly that URL); in emulator mode only loopback.

/** The connector hosts Teams uses: public cloud, GCC, GCC High, DoD. */
const BOT_FRAMEWORK_HOSTS = new Set([
  'smba.trafficmanager.net',
  'smba.infra.gcc.teams.microsoft.com',
  'smba.infra.gov.teams.microsoft.us',
  'smba.infra.dod.teams.microsoft.us',
]);
/** Other Bot Framework channels and regional connector hosts. */
const BOT_FRAMEWORK_SUFFIXES = ['.botframework.com', '.botframework.azure.us'];

const MAX_LENGTH = 2048;

export type ServiceUrlPolicy = { mode: 'emulator' } | { mode: 'authenticated'; extraHosts: readonly string[] };

export type ServiceUrlCheck = { ok: true; url: string } | { ok: false; reason: string };

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h) || /^::ffff:127(\.\d{1,3}){3}$/.test(h);
}

/** A peer address as Node reports it (`127.0.0.1`, `::1`, `::ffff:127.0.0.1`). */
export function isLoopbackAddress(address: string | undefined): boolean {
  return address !== undefined && isLoopbackHost(address);
}

function sameUrl(a: URL, b: string): boolean {
  let other: URL;
  try {
    other = new URL(b);
  } catch {
    return false;
  }
  const norm = (u: URL) => `${u.protocol}//${u.host.toLowerCase()}${u.pathname.replace(/\/+$/, '')}`;
  return norm(a) === norm(other);
}

function allowedHost(host: string, extra: readonly string[]): boolean {
  return BOT_FRAMEWORK_HOSTS.has(host) || BOT_FRAMEWORK_SUFFIXES.some((s) => host.endsWith(s)) || extra.includes(host);
}

/**
 * @param claim the `serviceurl` claim of the validated token, if it had one: the
 * activity's URL must then be exactly that one.
 */
export function checkServiceUrl(raw: unknown, policy: ServiceUrlPolicy, claim: string | null = null): ServiceUrlCheck {
  if (typeof raw !== 'string' || raw === '' || raw.length > MAX_LENGTH) return { ok: false, reason: 'missing or too long' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, reason: 'not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { ok: false, reason: `scheme ${url.protocol} not allowed` };
  if (url.username !== '' || url.password !== '') return { ok: false, reason: 'credentials in the URL' };
  const host = url.hostname.toLowerCase();
  if (policy.mode === 'emulator') {
    if (!isLoopbackHost(host)) return { ok: false, reason: 'emulator mode accepts loopback service URLs only' };
    return { ok: true, url: url.href };
  }
  if (url.protocol !== 'https:') return { ok: false, reason: 'https required' };
  if (!allowedHost(host, policy.extraHosts)) return { ok: false, reason: `host ${host} is not a Bot Framework host` };
  if (claim !== null && claim !== '' && !sameUrl(url, claim)) return { ok: false, reason: 'does not match the token' };
  return { ok: true, url: url.href };
}

/** For URLs read back from storage: throws instead of answering. */
export function assertServiceUrl(raw: unknown, policy: ServiceUrlPolicy): string {
  const check = checkServiceUrl(raw, policy);
  if (!check.ok) throw new Error(`refusing a stored service URL: ${check.reason}`);
  return check.url;
}
