// The governed group a command was typed in; other features use it too.
import type { ConversationInput } from '../../core/inputs.js';
import { invalidInput, notFound } from '../../core/errors.js';
import { text } from '../../core/messages.js';
import type { Actor, Group } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';

export async function groupHere(deps: Pick<CoreDeps, 'store'>, actor: Actor, conversation: ConversationInput): Promise<Group> {
  if (conversation.kind === 'direct') invalidInput(text('group.runInGroup'));
  const group = await deps.store.groups.findActiveByChannel(actor.workspace.id, conversation.id);
  if (group === null) notFound(text('group.notRegistered'));
  return group;
}
