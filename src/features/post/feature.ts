// MSG-1 tags, MSG-2 templates and forms, NOTE-2 scheduled send. The first
// message handler after the metadata records which tag a message carries.
import { z } from 'zod';
import { action, defineFeature, job, type MessageContext } from '../../core/feature.js';
import type { CoreDeps } from '../../core/ports.js';
import type { ActivityStore } from '../activity/store.js';
import * as createTags from './migrations/20261202090100_create_workspace_tags.js';
import * as createScheduled from './migrations/20261202090200_create_scheduled_posts.js';
import type { PostCard } from './cards.js';
import { postStore } from './db.js';
import { openFromButton, openFromCommand, SEND_JOB, submit } from './forms.js';
import { postVerb, type PostCommand } from './grammar.js';
import { cancelScheduled, listScheduled, sendScheduled } from './scheduled.js';
import type { PostStore } from './store.js';
import { addTag, listTags, POST_PERMISSIONS, removeTag, tagOf, type PostDeps } from './tags.js';

const formPayload = z.object({ groupId: z.string().max(64), tag: z.string().max(64), sendAt: z.string().max(40).optional(), formId: z.uuid().optional() });

async function recordTag(deps: CoreDeps<PostStore & ActivityStore>, ctx: MessageContext): Promise<void> {
  if (ctx.event.kind === 'deleted' || ctx.event.addressedToCharter === true) return;
  const tag = await tagOf(deps, ctx.workspace.id, ctx.event.text);
  if (tag !== undefined || ctx.event.kind === 'edited') await deps.store.messageMeta.setTag(ctx.group.id, ctx.event.messageId, tag?.key ?? null);
}

export const post = defineFeature<PostCommand, PostStore, PostCard>({
  name: 'post',
  verbs: [postVerb],
  commands: {
    'post.form': (deps: PostDeps, ctx, cmd) => openFromCommand(deps, ctx, cmd.tag),
    'post.tags': listTags,
    'post.scheduled': listScheduled,
    'post.tag.add': (deps: PostDeps, ctx, cmd) => addTag(deps, ctx, cmd.tag),
    'post.tag.remove': (deps: PostDeps, ctx, cmd) => removeTag(deps, ctx, cmd.key),
  },
  actions: {
    'post.open': action({ payload: formPayload, handle: (deps: PostDeps, actor, p) => openFromButton(deps, actor, p) }),
    'post.submit': action({ payload: formPayload, handle: (deps: PostDeps, actor, p, inputs) => submit(deps, actor, p, inputs) }),
    'post.cancel': action({ payload: z.object({ postId: z.string().max(64) }), handle: (deps: PostDeps, actor, p) => cancelScheduled(deps, actor, p.postId) }),
  },
  jobs: {
    [SEND_JOB]: job({
      scope: 'workspace',
      payload: z.object({ workspaceId: z.string(), postId: z.string() }),
      // Enough retries to pass GIVE_UP_MS (about 1, 3, 7, 15, 31, 63 minutes after the time), where the post is given up.
      retry: { limit: 10, delaySeconds: 60, backoff: true },
      handle: (deps: PostDeps, p) => sendScheduled(deps, p.postId),
    }),
  },
  events: { message: { order: 1, handle: recordTag } },
  permissions: POST_PERMISSIONS,
  store: postStore,
  migrations: [
    { name: '20261202090100_create_workspace_tags', migration: createTags },
    { name: '20261202090200_create_scheduled_posts', migration: createScheduled },
  ],
});
