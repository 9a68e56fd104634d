// The Mailer port over SMTP with nodemailer (NOTE-3): a small pool of connections,
// one message per recipient (no one sees another's address), transient failures
// thrown as MailDeferredError so the caller's durable job retries, permanent
// refusals reported per recipient. Logs counts and SMTP codes, never an address,
// a subject or the SMTP URL.
import { createTransport } from 'nodemailer';
import type { MailConfig } from '../../src/config.js';
import { isEmailAddress } from '../../src/core/email.js';
import { MailDeferredError, type Logger, type Mail, type Mailer, type MailResult } from '../../src/core/ports.js';

/** Connections open at once: also how many messages are in flight. */
const MAX_CONNECTIONS = 3;

export interface SmtpMailer extends Mailer {
  /** Closes the pool's connections (at shutdown). */
  close(): void;
}

type Reason = MailDeferredError['reason'];

/** Pool and connection options from SMTP_URL (validated by the configuration). */
function transportOptions(raw: string) {
  const url = new URL(raw);
  const secure = url.protocol === 'smtps:';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const user = decodeURIComponent(url.username);
  const loopback = host === 'localhost' || host === '::1' || /^127\./.test(host);
  return {
    pool: true as const,
    maxConnections: MAX_CONNECTIONS,
    maxMessages: 100,
    // Closed when idle, before the socket timeout would cut it.
    idleTimeout: 10_000,
    host,
    port: url.port !== '' ? Number(url.port) : secure ? 465 : 587,
    secure,
    // STARTTLS whenever the server offers it; a password never crosses the network in clear.
    requireTLS: !secure && user !== '' && !loopback,
    ...(user !== '' ? { auth: { user, pass: decodeURIComponent(url.password) } } : {}),
    tls: { minVersion: 'TLSv1.2' as const },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 15_000,
    dnsTimeout: 10_000,
    // Messages are plain text and HTML we build: never read a file or a URL into one.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  };
}

/** A header value on one line: control characters (CR, LF, tab, NEL) and line separators become spaces. */
function oneLine(value: string): string {
  return value
    .replace(/[\p{Cc}\u2028\u2029]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function reasonOf(err: unknown): Reason {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { code?: unknown; responseCode?: unknown };
  return { code: typeof e.code === 'string' ? e.code : null, responseCode: typeof e.responseCode === 'number' ? e.responseCode : null };
}

/**
 * `rejected`: the server refused this recipient or message for good (5xx, except
 * 503, a session out of step); `deferred`: for now (4xx), others may still go;
 * `down`: the server, the connection or the login failed: stop trying for now.
 */
function classify({ code, responseCode }: Reason): 'rejected' | 'deferred' | 'down' {
  if (responseCode === null || (code !== 'EENVELOPE' && code !== 'EMESSAGE') || responseCode === 421) return 'down';
  return responseCode >= 500 && responseCode !== 503 ? 'rejected' : 'deferred';
}

/**
 * Each valid address once (case-insensitively) with the strings that named it,
 * and what is not an address: every string given ends in exactly one list.
 */
function recipients(to: readonly string[]): { valid: Map<string, string[]>; invalid: string[] } {
  const valid = new Map<string, string[]>();
  const invalid: string[] = [];
  for (const given of to) {
    const address = given.trim();
    if (!isEmailAddress(address)) invalid.push(given);
    else valid.set(address.toLowerCase(), [...(valid.get(address.toLowerCase()) ?? []), given]);
  }
  return { valid, invalid };
}

export function createSmtpMailer(config: MailConfig, log: Logger): SmtpMailer {
  const transport = createTransport(transportOptions(config.url.reveal()));
  const from = { name: oneLine(config.from.name), address: config.from.address };
  // The pool handles a broken connection itself; an 'error' event unheard would crash the process.
  transport.on('error', (err: unknown) => log.warn(reasonOf(err), 'SMTP transport error'));

  async function send(mail: Mail): Promise<MailResult> {
    const { valid, invalid } = recipients(mail.to);
    const result = { accepted: [] as string[], rejected: invalid, deferred: [] as string[] };
    const subject = oneLine(mail.subject);
    // Set by the workers (a plain `let` would be narrowed to null here).
    let failure = null as Reason | null;
    let down = false;
    const queue = [...valid.values()];

    async function worker(): Promise<void> {
      for (let given = queue.shift(); given !== undefined; given = queue.shift()) {
        const to = (given[0] as string).trim();
        if (down) {
          result.deferred.push(...given);
          continue;
        }
        try {
          const info = await transport.sendMail({
            from,
            to: { name: '', address: to },
            envelope: { from: from.address, to: [to] },
            subject,
            text: mail.text,
            ...(mail.html !== undefined ? { html: mail.html } : {}),
            // RFC 3834: no auto-replies (out of office) to a notification.
            headers: { 'Auto-Submitted': 'auto-generated' },
          });
          (info.accepted.length > 0 ? result.accepted : result.rejected).push(...given);
        } catch (err) {
          const reason = reasonOf(err);
          const kind = classify(reason);
          if (kind === 'rejected') {
            result.rejected.push(...given);
            continue;
          }
          result.deferred.push(...given);
          failure ??= reason;
          if (kind === 'down') down = true;
        }
      }
    }

    await Promise.all(Array.from({ length: Math.min(MAX_CONNECTIONS, queue.length) }, worker));
    const counts = { recipients: mail.to.length, accepted: result.accepted.length, rejected: result.rejected.length, deferred: result.deferred.length };
    if (failure !== null) {
      log.warn({ ...counts, ...failure }, 'e-mail deferred');
      throw new MailDeferredError(result, failure);
    }
    log.info(counts, 'e-mail sent');
    return { accepted: result.accepted, rejected: result.rejected };
  }

  return {
    enabled: true,
    send,
    close: () => transport.close(),
  };
}
