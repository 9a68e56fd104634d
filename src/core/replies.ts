// What a use case answers the person who typed a command or clicked a card.
import type { AnyCard, FormModel } from './cards.js';
import type { ErrorCode } from './errors.js';
import type { ConversationInput } from './inputs.js';
import type { Text } from './messages.js';
import type { Actor } from './model.js';
import type { CoreDeps } from './ports.js';

/** A refusal or failure as the person sees it: the code picks the platform's answer. */
export interface Failure {
  kind: 'error';
  code: ErrorCode | 'internal';
  text: Text;
}

/** A form to fill in privately: Slack opens it as a modal; Teams offers a button that opens it as a dialog. */
export type Reply = { kind: 'text'; text: Text } | { kind: 'card'; card: AnyCard } | { kind: 'form'; form: FormModel } | Failure;

export type ActionResult =
  /** Show this card to the clicker in place of the clicked one; notice, if any, privately. */
  | { kind: 'card'; card: AnyCard; notice: Text | null }
  /** Nothing changed; tell the clicker why (informational, not an error). */
  | { kind: 'notice'; notice: Text }
  /** More input is needed: a form (Slack modal), or the card with the error beside the field (Teams). */
  | { kind: 'form'; form: FormModel; card: AnyCard | null }
  | Failure;

/**
 * A card only its asker may see (who has not acknowledged, an export's link): the
 * answer itself where the platform shows command answers to their author alone
 * (Slack) or the command was typed in a 1:1 chat; otherwise sent to them privately,
 * the conversation told only that it was.
 */
export async function answerPrivately(
  deps: Pick<CoreDeps, 'capabilities' | 'messaging'>,
  actor: Actor,
  conversation: ConversationInput,
  card: AnyCard,
): Promise<Reply> {
  if (deps.capabilities.privateReplies || conversation.kind === 'direct') return { kind: 'card', card };
  await deps.messaging.sendPrivate(actor.workspace, actor.person, { locale: actor.locale, card });
  return { kind: 'text', text: { key: 'common.sentPrivately' } };
}
