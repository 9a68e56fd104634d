import type { Text } from './messages.js';

/**
 * An expected "no" from a use case: the user asked for something they may not do,
 * or that does not exist. It carries the localized answer, never a stack trace.
 */
export class Refusal extends Error {
  constructor(readonly reply: Text) {
    super(reply.key);
    this.name = 'Refusal';
  }
}

export function refuse(reply: Text): never {
  throw new Refusal(reply);
}
