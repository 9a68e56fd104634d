// What a use case answers the person who typed a command or clicked a card.
import type { CardModel, FormModel } from './cards.js';
import type { Text } from './messages.js';

export type Reply = { kind: 'text'; text: Text } | { kind: 'card'; card: CardModel };

export type ActionResult =
  /** Show this card to the clicker in place of the clicked one; notice, if any, privately. */
  | { kind: 'card'; card: CardModel; notice: Text | null }
  /** Nothing changed; tell the clicker why. */
  | { kind: 'notice'; notice: Text }
  /** More input is needed: a form (Slack modal), or the card with the error beside the field (Teams). */
  | { kind: 'form'; form: FormModel; card: CardModel | null };
