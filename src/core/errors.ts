// The one way the core says no. A use case throws a CharterError with a code and
// the localized answer; dispatch turns it into a reply, and each adapter maps the
// code to its platform's answer in one place (adapters/slack/answers.ts,
// adapters/teams/answers.ts). Anything that is not a CharterError is a bug or an
// outage: logged with a reference, never shown as a stack trace.
import type { Text } from './messages.js';

export const ERROR_CODES = ['not-allowed', 'not-found', 'conflict', 'invalid-input', 'unavailable'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** What an HTTP-shaped answer (a Teams invoke response) says for each code. */
export const ERROR_STATUS: Readonly<Record<ErrorCode | 'internal', number>> = {
  'not-allowed': 403,
  'not-found': 404,
  conflict: 409,
  'invalid-input': 400,
  unavailable: 503,
  internal: 500,
};

export class CharterError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly text: Text,
  ) {
    super(`${code}: ${text.key}`);
    this.name = 'CharterError';
  }
}

/** The person may not do this (ROLE-2); nothing changed. */
export function notAllowed(text: Text): never {
  throw new CharterError('not-allowed', text);
}

/** What the person points at does not exist (or not any more). */
export function notFound(text: Text): never {
  throw new CharterError('not-found', text);
}

/** The request clashes with the current state (already a member, already pending, name taken). */
export function conflict(text: Text): never {
  throw new CharterError('conflict', text);
}

/** The input is wrong; the text says how to put it right. */
export function invalidInput(text: Text): never {
  throw new CharterError('invalid-input', text);
}

/** Something Charter depends on cannot be reached; try again later. */
export function unavailable(text: Text): never {
  throw new CharterError('unavailable', text);
}
