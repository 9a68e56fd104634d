// The faq feature's card models: the list of questions, and an answer (to `faq
// ask`, or posted by itself in the thread of a question asked in a group).

export interface FaqListCard {
  kind: 'faq.list';
  /** The group whose entries are listed beside the workspace's; null in a 1:1 chat. */
  group: string | null;
  entries: { id: number; question: string; workspace: boolean }[];
  /** How many there are (the card shows the first ones). */
  total: number;
}

export interface FaqAnswerCard {
  kind: 'faq.answer';
  id: number;
  /** The entry's own question, as its admin wrote it. */
  question: string;
  answer: string;
  /** Posted by itself in reply to a question in the group (not asked for with `faq ask`). */
  auto: boolean;
  /** Other entries close to the question. */
  related: { id: number; question: string }[];
}

export type FaqCard = FaqListCard | FaqAnswerCard;
