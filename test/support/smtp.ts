// A real SMTP server on 127.0.0.1 and a free port (smtp-server), keeping what it
// receives, for tests of e-mail (NOTE-3): the mailer's own and the end-to-end
// tests (`startTestCharter(db, { ...smtp.env })`). Plain SMTP, no STARTTLS.
import type { AddressInfo } from 'node:net';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { loadConfig, type MailConfig } from '../../src/config.js';

export interface ReceivedMail {
  /** What the client said in MAIL FROM and RCPT TO (not the headers). */
  envelope: { from: string; to: string[] };
  /** The message as received, headers and body. */
  raw: string;
  /** The header block, one string a line as received (a folded header continues on lines that start with a space). */
  headerLines: string[];
  /** Decoded by mailparser. */
  subject: string;
  /** The From and To headers, as text (`"Charter" <charter@example.com>`). */
  from: string;
  to: string;
  text: string;
  html: string | null;
}

export interface SmtpServerOptions {
  /** The reply to RCPT TO for an address: a code such as 550 or 451 refuses it; null accepts. */
  rcpt?: (address: string) => number | null;
  /** The reply to the end of DATA for a message to these recipients: a code refuses it; null accepts. */
  data?: (to: readonly string[]) => number | null;
  /** Demands AUTH PLAIN/LOGIN with these (allowed without TLS: this is loopback). */
  auth?: { user: string; pass: string };
  /** SMTP_FROM for env and config; `Charter <charter@example.com>` by default. */
  from?: string;
}

export interface TestSmtpServer {
  /** `smtp://[user:password@]127.0.0.1:<port>`. */
  url: string;
  /** `{ SMTP_URL, SMTP_FROM }`: for loadConfig or startTestCharter. */
  env: { SMTP_URL: string; SMTP_FROM: string };
  /** The configuration those variables give: for createSmtpMailer. */
  config: MailConfig;
  /** Every message accepted, in order: complete by the time the client's send resolves. */
  messages: ReceivedMail[];
  /** Resolves once at least n messages have arrived (for mail sent by a job); fails after timeoutMs. */
  waitFor(n: number, timeoutMs?: number): Promise<ReceivedMail[]>;
  close(): Promise<void>;
}

function smtpError(responseCode: number): Error {
  return Object.assign(new Error(responseCode >= 500 ? 'refused by the test server' : 'try again later (test server)'), { responseCode });
}

export async function startSmtpServer(options: SmtpServerOptions = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMail[] = [];
  const { auth } = options;
  const server = new SMTPServer({
    logger: false,
    disableReverseLookup: true,
    disabledCommands: auth === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    authOptional: auth === undefined,
    allowInsecureAuth: true,
    closeTimeout: 1_000,
    onAuth(login, _session, callback) {
      if (login.username === auth?.user && login.password === auth?.pass) callback(null, { user: login.username });
      else callback(Object.assign(new Error('invalid login (test server)'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, callback) {
      const code = options.rcpt?.(address.address) ?? null;
      callback(code === null ? null : smtpError(code));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', callback);
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const from = session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address;
        const to = session.envelope.rcptTo.map((r) => r.address);
        const code = options.data?.(to) ?? null;
        if (code !== null) return callback(smtpError(code));
        simpleParser(raw).then(
          (parsed) => {
            messages.push({
              envelope: { from, to },
              raw,
              headerLines: (raw.split(/\r?\n\r?\n/)[0] ?? '').split(/\r?\n/),
              subject: parsed.subject ?? '',
              from: parsed.from?.text ?? '',
              to: (Array.isArray(parsed.to) ? parsed.to : parsed.to === undefined ? [] : [parsed.to]).map((a) => a.text).join(', '),
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
            });
            callback(null);
          },
          (err: Error) => callback(err),
        );
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  const credentials = auth === undefined ? '' : `${encodeURIComponent(auth.user)}:${encodeURIComponent(auth.pass)}@`;
  const url = `smtp://${credentials}127.0.0.1:${port}`;
  const env = { SMTP_URL: url, SMTP_FROM: options.from ?? 'Charter <charter@example.com>' };
  return {
    url,
    env,
    config: loadConfig(env).mail as MailConfig,
    messages,
    async waitFor(n, timeoutMs = 30_000) {
      const until = Date.now() + timeoutMs;
      while (messages.length < n) {
        if (Date.now() > until) throw new Error(`the SMTP server received ${messages.length} of ${n} messages`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return messages;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
