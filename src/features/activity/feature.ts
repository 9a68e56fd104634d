// Message metadata for analytics (KPI-1 activity, KPI-2 response times): the
// first handler of the message pipeline records who posted in which governed
// group, when, in which thread, and whether the message asks something (ends in
// ?/？ or mentions someone). The text itself is written nowhere.
import { defineFeature, type MessageContext } from '../../core/feature.js';
import type { CoreDeps } from '../../core/ports.js';
import * as createMessageMeta from './migrations/20261201090200_create_message_meta.js';
import * as messageMetaTag from './migrations/20261202090300_message_meta_tag.js';
import { activityStore } from './db.js';
import type { ActivityStore } from './store.js';

/** KPI-2's question: ends in a question mark (any width) or mentions someone. */
export function asksSomething(ctx: MessageContext): boolean {
  const { text, mentions } = ctx.event;
  return /[?？]\s*$/.test(text) || mentions.users.length > 0 || mentions.broadcast.length > 0;
}

async function recordMessage(deps: CoreDeps<ActivityStore>, ctx: MessageContext): Promise<void> {
  const { event, group } = ctx;
  if (event.addressedToCharter === true) return; // a command, not part of the group's conversation
  if (event.kind === 'edited') return deps.store.messageMeta.markEdited(group.id, event.messageId, event.at);
  if (event.kind === 'deleted') return deps.store.messageMeta.markDeleted(group.id, event.messageId, event.at);
  await deps.store.messageMeta.record({
    workspaceId: ctx.workspace.id,
    groupId: group.id,
    messageId: event.messageId,
    authorId: ctx.author?.id ?? null,
    authorIsBot: event.author?.isBot ?? false,
    postedAt: event.at,
    threadId: event.threadId,
    isQuestion: asksSomething(ctx),
    mentions: event.mentions.users.length,
    broadcast: event.mentions.broadcast.length > 0,
    files: event.files.length,
  });
}

export const activity = defineFeature<never, ActivityStore>({
  name: 'activity',
  events: { message: { order: 0, handle: recordMessage } },
  store: activityStore,
  migrations: [
    { name: '20261201090200_create_message_meta', migration: createMessageMeta },
    { name: '20261202090300_message_meta_tag', migration: messageMetaTag },
  ],
});
