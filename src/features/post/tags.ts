// The catalog a workspace uses (built-in tags and its own), and its management:
// `post tags` lists them; super admins add and remove their workspace's own.
import { holdersOf } from '../../core/actor.js';
import { conflict, invalidInput, notAllowed, notFound } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text, localized } from '../../core/messages.js';
import { can, definePermissions } from '../../core/permissions.js';
import type { CoreDeps } from '../../core/ports.js';
import type { Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import { bracketed, BUILT_IN, BUILT_IN_CATALOG, Catalog, CUSTOM_FIELDS, RESERVED, tagWord, type Tag } from './catalog.js';
import type { TagListCard } from './cards.js';
import type { PostStore, WorkspaceTag } from './store.js';

export type PostDeps = CoreDeps<PostStore>;

export const POST_PERMISSIONS = definePermissions({
  'post.tags': ['super-admin'],
});

export function customTag(t: WorkspaceTag): Tag {
  return { key: t.key, names: { en: t.nameEn, 'zh-CN': t.nameZh }, class: t.class, urgent: t.urgent, fields: CUSTOM_FIELDS, builtIn: false };
}

export async function catalogOf(deps: Pick<PostDeps, 'store'>, workspaceId: string): Promise<Catalog> {
  const own = await deps.store.tags.list(workspaceId);
  return new Catalog([...BUILT_IN, ...own.map(customTag)]);
}

/**
 * The tag a message starts with. Built-in tags win over a workspace's own of the
 * same name, so the workspace's tags are read only for a bracket no built-in names
 * (every message event asks).
 */
export async function tagOf(deps: Pick<PostDeps, 'store'>, workspaceId: string, text: string): Promise<Tag | undefined> {
  const name = bracketed(text);
  if (name === undefined) return undefined;
  return BUILT_IN_CATALOG.find(name) ?? (await catalogOf(deps, workspaceId)).find(name);
}

export async function listTags(deps: PostDeps, { actor, conversation }: CommandContext): Promise<Reply> {
  const catalog = await catalogOf(deps, actor.workspace.id);
  const group = conversation.kind === 'direct' ? null : await deps.store.groups.findActiveByChannel(actor.workspace.id, conversation.id);
  const card: TagListCard = {
    kind: 'post.tags',
    group: group?.name ?? null,
    tags: catalog.tags.map((t) => ({ key: t.key, names: t.names, class: t.class, urgent: t.urgent, builtIn: t.builtIn })),
    actions: group === null ? [] : catalog.tags.slice(0, 20).map((t) => ({ id: 'post.open', payload: { groupId: group.id, tag: t.key }, label: text('post.tags.button', { name: localized(t.names) }), dialog: true })),
  };
  return { kind: 'card', card };
}

export interface NewTag {
  key: string;
  nameEn: string;
  nameZh: string;
  class: Tag['class'];
  urgent: boolean;
}

async function mayManage(deps: PostDeps, ctx: CommandContext, action: string, key: string): Promise<void> {
  if (!can(await holdersOf(deps, ctx.actor, null), POST_PERMISSIONS['post.tags'])) {
    await deps.store.audit.append(byActor(ctx.actor, action, { targetType: 'tag', targetId: key, outcome: 'refused' }), deps.clock.now());
    notAllowed(text('post.tags.forbidden'));
  }
}

export async function addTag(deps: PostDeps, ctx: CommandContext, tag: NewTag): Promise<Reply> {
  await mayManage(deps, ctx, 'post.tag.add', tag.key);
  if (RESERVED.has(tagWord(tag.key))) invalidInput(text('post.tags.reserved', { key: tag.key }));
  const catalog = await catalogOf(deps, ctx.actor.workspace.id);
  for (const w of [tag.key, tag.nameEn, tag.nameZh]) {
    const taken = catalog.find(w);
    if (taken !== undefined) conflict(text('post.tags.taken', { name: w, key: taken.key }));
  }
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => {
    if (!(await tx.tags.add(ctx.actor.workspace.id, tag, ctx.actor.person.id, now))) conflict(text('post.tags.taken', { name: tag.key, key: tag.key }));
    await tx.audit.append(byActor(ctx.actor, 'post.tag.add', { targetType: 'tag', targetId: tag.key, details: { nameEn: tag.nameEn, nameZh: tag.nameZh, class: tag.class, urgent: tag.urgent } }), now);
  });
  return { kind: 'text', text: text('post.tags.added', { name: localized({ en: tag.nameEn, 'zh-CN': tag.nameZh }), class: text(`post.classes.${tag.class}`) }) };
}

export async function removeTag(deps: PostDeps, ctx: CommandContext, key: string): Promise<Reply> {
  await mayManage(deps, ctx, 'post.tag.remove', key);
  if (BUILT_IN.some((t) => t.key === tagWord(key))) invalidInput(text('post.tags.builtIn', { key }));
  const now = deps.clock.now();
  const removed = await deps.store.transaction(async (tx) => {
    const done = await tx.tags.remove(ctx.actor.workspace.id, tagWord(key));
    if (done) await tx.audit.append(byActor(ctx.actor, 'post.tag.remove', { targetType: 'tag', targetId: tagWord(key) }), now);
    return done;
  });
  if (!removed) notFound(text('post.tags.unknown', { tag: key }));
  return { kind: 'text', text: text('post.tags.removed', { key }) };
}
