// A person's message in a channel as the core's message pipeline receives it, for
// tests and benchmarks that call handlePlatformEvent directly.
import type { MessageEvent } from '../../src/core/inputs.js';

export interface MessageParts {
  workspace: string;
  channel: string;
  user: string;
  messageId: string;
  text: string;
  at: Date;
}

export function messageEvent(m: MessageParts, over: Partial<MessageEvent> = {}): MessageEvent & { type: 'message' } {
  return {
    type: 'message',
    kind: 'posted',
    workspace: { externalId: m.workspace },
    conversation: { id: m.channel, teamId: null },
    author: { platformUserId: m.user, address: m.user, displayName: '', isBot: false },
    messageId: m.messageId,
    threadId: null,
    text: m.text,
    mentions: { users: [], broadcast: [] },
    files: [],
    at: m.at,
    locale: null,
    ...over,
  };
}
