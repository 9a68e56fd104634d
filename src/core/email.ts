// E-mail addresses and the mailer of a deployment without SMTP (NOTE-3). Pure:
// the configuration checks SMTP_FROM with it, the SMTP adapter each recipient.
import type { Mailer } from './ports.js';

// A deliberately narrow shape: a dot-atom local part (no quoted strings, no
// comments, no spaces, commas, angle brackets or line breaks, so an address can
// never become two recipients or a header) and a host name of letters, digits and
// hyphens (Unicode letters allowed: SMTPUTF8 and punycode are the transport's).
const LOCAL = /^[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+(\.[\p{L}\p{N}!#$%&'*+/=?^_`{|}~-]+)*$/u;
const LABEL = /^[\p{L}\p{N}]([\p{L}\p{N}-]{0,61}[\p{L}\p{N}])?$/u;

/** `name@example.com`, as a recipient or a sender may be; at most 254 characters. */
export function isEmailAddress(value: string): boolean {
  if (value.length > 254) return false;
  const at = value.lastIndexOf('@');
  if (at < 1) return false;
  const local = value.slice(0, at);
  const domain = value.slice(at + 1);
  return local.length <= 64 && LOCAL.test(local) && domain.length <= 253 && domain.split('.').every((label) => LABEL.test(label));
}

export interface Mailbox {
  /** The display name; empty for a bare address. */
  name: string;
  address: string;
}

/**
 * `charter@example.com`, `Charter <charter@example.com>` or `"Charter, the bot"
 * <charter@example.com>`; null for anything else (line breaks and control
 * characters included).
 */
export function parseMailbox(value: string): Mailbox | null {
  const text = value.trim();
  if (/[\p{Cc}\u2028\u2029]/u.test(text)) return null;
  if (isEmailAddress(text)) return { name: '', address: text };
  const match = /^(?:"([^"\\]*)"|([^"<>@]*?))\s*<([^<>]+)>$/u.exec(text);
  if (match === null) return null;
  const address = match[3] as string;
  if (!isEmailAddress(address)) return null;
  return { name: (match[1] ?? match[2] ?? '').trim(), address };
}

/**
 * The mailer when SMTP_URL is unset: `enabled` is false, and `send` sends
 * nothing and answers every recipient as rejected, without throwing, so a job
 * enqueued while e-mail was configured ends instead of retrying forever.
 * Callers check `enabled` before offering or enqueueing an e-mail copy.
 */
export const disabledMailer: Mailer = {
  enabled: false,
  send: async (mail) => ({ accepted: [], rejected: [...mail.to] }),
};
