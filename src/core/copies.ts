// Cards sent to several people (approvers, moderators): every posted copy is
// updated when the subject changes; private texts that may fail are logged.
import { localeOf } from './actor.js';
import type { AnyCard } from './cards.js';
import type { Param } from './messages.js';
import type { Person, Workspace } from './model.js';
import type { CoreDeps } from './ports.js';

/** Updates every posted copy of a card, each in its own locale; a copy that fails is logged. */
export async function updateCopies(
  deps: Pick<CoreDeps, 'store' | 'messaging' | 'log'>,
  workspace: Workspace,
  subjectType: string,
  subjectId: string,
  cardFor: (shared: boolean) => AnyCard,
): Promise<void> {
  for (const post of await deps.store.cardPosts.listFor(subjectType, subjectId)) {
    try {
      await deps.messaging.updateCard(workspace, post, cardFor(post.recipientId === null));
    } catch (err) {
      deps.log.warn({ err, postId: post.id, subjectType }, 'could not update a copy of a card');
    }
  }
}

/** Sends a private text; a failure is logged (the person can still see the card or ask again). */
export async function tell(
  deps: Pick<CoreDeps, 'messaging' | 'log' | 'settings'>,
  workspace: Workspace,
  person: Person,
  key: string,
  params?: Record<string, Param>,
): Promise<boolean> {
  try {
    await deps.messaging.sendPrivate(workspace, person, { locale: localeOf(deps, workspace, person), text: { key, ...(params !== undefined ? { params } : {}) } });
    return true;
  } catch (err) {
    deps.log.warn({ err, personId: person.id, key }, 'could not send a private message');
    return false;
  }
}
