// The private reminder a message that broke a group's rules gets (MSG-1, MSG-3,
// MSG-4, MSG-5): what was wrong, what happened to the message, and buttons that
// open the right form (a tag's form; the form with the next allowed send time).
import type { CardAction } from '../../core/cards.js';
import type { Text } from '../../core/messages.js';

export interface ReminderCard {
  kind: 'rules.reminder';
  group: string;
  reasons: Text[];
  /** What happened to the message. */
  outcome: 'kept' | 'removed' | 'not-removed';
  actions: CardAction[];
}

export type RulesCard = ReminderCard;
