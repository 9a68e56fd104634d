// The SMTP mailer (NOTE-3) against a real SMTP server on loopback: one message per
// recipient, permanent refusals reported, transient ones thrown for the job to
// retry, no header injection, nothing personal in the logs.
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { createSmtpMailer, type SmtpMailer } from '../../adapters/mail/smtp.js';
import { Secret } from '../../src/config.js';
import { disabledMailer } from '../../src/core/email.js';
import { MailDeferredError } from '../../src/core/ports.js';
import { openDatabase } from '../../src/store/db.js';
import { startTestCharter } from '../support/charter.js';
import { memoryLogger } from '../support/log.js';
import { startSmtpServer, type SmtpServerOptions, type TestSmtpServer } from '../support/smtp.js';

const ADA = 'ada@example.com';
const BOB = 'bob@example.org';
const CY = 'cy@example.net';

describe('SMTP mailer', () => {
  let smtp: TestSmtpServer | null = null;
  let mailer: SmtpMailer | null = null;
  let logs = memoryLogger();

  async function start(options: SmtpServerOptions = {}): Promise<{ smtp: TestSmtpServer; mailer: SmtpMailer }> {
    smtp = await startSmtpServer(options);
    logs = memoryLogger();
    mailer = createSmtpMailer(smtp.config, logs.log);
    return { smtp, mailer };
  }

  afterEach(async () => {
    mailer?.close();
    await smtp?.close();
    mailer = null;
    smtp = null;
  });

  async function deferredBy(promise: Promise<unknown>): Promise<MailDeferredError> {
    const err = await promise.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(MailDeferredError);
    return err as MailDeferredError;
  }

  it('sends each recipient a message of their own, through the configured sender', async () => {
    const { smtp, mailer } = await start();
    expect(mailer.enabled).toBe(true);
    const result = await mailer.send({ to: [ADA, BOB], subject: 'Office closed on Friday', text: 'The office is closed on Friday.\nPlease acknowledge.', html: '<p>The office is closed on <b>Friday</b>.</p>' });
    expect(result.accepted.sort()).toEqual([ADA, BOB]);
    expect(result.rejected).toEqual([]);
    expect(smtp.messages).toHaveLength(2);
    for (const address of [ADA, BOB]) {
      const mail = smtp.messages.find((m) => m.envelope.to.includes(address));
      expect(mail?.envelope).toEqual({ from: 'charter@example.com', to: [address] });
      expect(mail?.to).toBe(address);
      expect(mail?.raw).not.toContain(address === ADA ? BOB : ADA);
      expect(mail?.from).toBe('"Charter" <charter@example.com>');
      expect(mail?.subject).toBe('Office closed on Friday');
      expect(mail?.text.trim()).toBe('The office is closed on Friday.\nPlease acknowledge.');
      expect(mail?.html).toContain('<b>Friday</b>');
      expect(mail?.headerLines).toContain('Auto-Submitted: auto-generated');
      expect(mail?.headerLines.some((l) => /^bcc:/i.test(l))).toBe(false);
    }
    expect(logs.text()).toContain('"accepted":2');
    for (const secret of [ADA, BOB, 'Office closed', smtp.url]) expect(logs.text()).not.toContain(secret);
  });

  it('reports a permanent refusal (5xx) and invalid addresses as rejected, and still sends to the others', async () => {
    const { smtp, mailer } = await start({ rcpt: (address) => (address === BOB ? 550 : null) });
    const injected = `${CY}\r\nBcc: spy@evil.test`;
    const result = await mailer.send({ to: [ADA, BOB, CY, 'not-an-address', `${ADA}, spy@evil.test`, injected, ' ADA@example.com '], subject: 's', text: 't' });
    expect(result.accepted.sort()).toEqual([' ADA@example.com ', ADA, CY].sort());
    expect(result.rejected.sort()).toEqual([`${ADA}, spy@evil.test`, BOB, injected, 'not-an-address'].sort());
    expect(smtp.messages.map((m) => m.envelope.to)).toEqual(expect.arrayContaining([[ADA], [CY]]));
    expect(smtp.messages).toHaveLength(2);
    expect(smtp.messages.some((m) => m.raw.includes('evil.test'))).toBe(false);
  });

  it('refuses a message for good when the server rejects its data with a 5xx', async () => {
    const { smtp, mailer } = await start({ data: (to) => (to.includes(BOB) ? 554 : null) });
    expect(await mailer.send({ to: [ADA, BOB], subject: 's', text: 't' })).toEqual({ accepted: [ADA], rejected: [BOB] });
    expect(smtp.messages).toHaveLength(1);
  });

  it('throws a deferral on a transient refusal (4xx), saying who was accepted, without naming anyone', async () => {
    const { smtp, mailer } = await start({ rcpt: (address) => (address === BOB ? 451 : null) });
    const err = await deferredBy(mailer.send({ to: [ADA, BOB, CY, 'bad'], subject: 's', text: 't' }));
    expect(err.deferred).toEqual([BOB]);
    expect(err.accepted.sort()).toEqual([ADA, CY]);
    expect(err.rejected).toEqual(['bad']);
    expect(err.reason).toEqual({ code: 'EENVELOPE', responseCode: 451 });
    expect(smtp.messages).toHaveLength(2);
    const shown = `${err.message} ${JSON.stringify(err)} ${inspect(err)}`;
    for (const address of [ADA, BOB, CY]) expect(shown).not.toContain(address);
    expect(logs.text()).toContain('"deferred":1');
    for (const address of [ADA, BOB, CY]) expect(logs.text()).not.toContain(address);
  });

  it('throws a deferral when the data is refused for now (4xx)', async () => {
    const { mailer } = await start({ data: () => 452 });
    const err = await deferredBy(mailer.send({ to: [ADA], subject: 's', text: 't' }));
    expect(err.deferred).toEqual([ADA]);
    expect(err.reason).toEqual({ code: 'EMESSAGE', responseCode: 452 });
  });

  it('throws a deferral for everyone when the server cannot be reached', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise((resolve) => probe.close(resolve));
    const { smtp } = await start();
    mailer?.close();
    mailer = createSmtpMailer({ ...smtp.config, url: new Secret(`smtp://127.0.0.1:${port}`) }, logs.log);
    const err = await deferredBy(mailer.send({ to: [ADA, BOB, CY], subject: 's', text: 't' }));
    expect(err.deferred.sort()).toEqual([ADA, CY, BOB].sort());
    expect(err.accepted).toEqual([]);
    expect(err.reason).toMatchObject({ code: expect.stringMatching(/^E(CONNECTION|SOCKET)$/), responseCode: null });
  });

  it('keeps a subject on one line: CR/LF cannot inject a header', async () => {
    const { smtp, mailer } = await start();
    await mailer.send({ to: [ADA], subject: 'Hello\r\nBcc: spy@evil.test\r\nX-Injected: yes\n\nbody?', text: 't' });
    const mail = smtp.messages[0];
    expect(mail?.envelope.to).toEqual([ADA]);
    expect(mail?.subject).toBe('Hello Bcc: spy@evil.test X-Injected: yes body?');
    expect(mail?.headerLines.some((l) => /^(bcc|x-injected):/i.test(l))).toBe(false);
  });

  it('logs in with the user and password of SMTP_URL', async () => {
    const { smtp, mailer } = await start({ auth: { user: 'charter@example.com', pass: 'p@ss:w/rd%' } });
    expect(smtp.url).not.toContain('p@ss');
    expect(await mailer.send({ to: [ADA], subject: 's', text: 't' })).toEqual({ accepted: [ADA], rejected: [] });
    expect(logs.text()).not.toContain('p%40ss');
  });

  it('sends nothing for no recipients', async () => {
    const { smtp, mailer } = await start();
    expect(await mailer.send({ to: [], subject: 's', text: 't' })).toEqual({ accepted: [], rejected: [] });
    expect(smtp.messages).toHaveLength(0);
  });
});

describe('disabled mailer (SMTP_URL unset)', () => {
  it('is not enabled and sends nothing, rejecting everyone without throwing', async () => {
    expect(disabledMailer.enabled).toBe(false);
    expect(await disabledMailer.send({ to: [ADA, BOB], subject: 's', text: 't' })).toEqual({ accepted: [], rejected: [ADA, BOB] });
  });
});

describe('wiring', () => {
  it('gives every platform core the SMTP mailer when SMTP_URL is set', async () => {
    const smtp = await startSmtpServer();
    const db = await openDatabase({ kind: 'pglite-memory' });
    try {
      const withMail = await startTestCharter(db, smtp.env);
      try {
        const core = withMail.cores.teams;
        expect(core?.mail.enabled).toBe(true);
        expect(await core?.mail.send({ to: [ADA], locale: 'zh-CN', subject: { key: 'notice.mail.subject', params: { title: 'wired' } }, body: { key: 'notice.card.body', params: { body: 'x' } } })).toEqual({ accepted: [ADA], rejected: [] });
        expect(smtp.messages[0]?.subject).toBe('[通知] wired');
        expect(withMail.logs.text()).not.toContain(smtp.url);
        expect(withMail.logs.text()).not.toContain('E-mail copies not configured');
      } finally {
        await withMail.close();
      }
    } finally {
      await db.close();
      await smtp.close();
    }
  });
});
