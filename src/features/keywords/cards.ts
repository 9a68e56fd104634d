// The keywords feature's cards: the workspace's lists, a list's entries, the
// moderators' alert on a message (MSG-6..8) and the escalation of a person's
// repeated violations (MSG-9). No card carries message text: rules, positions
// and redacted samples only.
import type { CardAction } from '../../core/cards.js';
import type { Mention, Text } from '../../core/messages.js';
import type { AlertState, EntryKind, EscalationState, FindingSource, ListAction } from './store.js';

export interface ListsCard {
  kind: 'keywords.lists';
  lists: { key: string; names: { en: string; 'zh-CN': string }; action: ListAction; exempt: Text | Text[]; entries: number; builtIn: boolean }[];
}

export interface EntriesCard {
  kind: 'keywords.entries';
  list: { key: string; names: { en: string; 'zh-CN': string } };
  entries: { kind: EntryKind; pattern: string }[];
  total: number;
}

/** One finding as moderators see it. */
export interface FindingLine {
  source: FindingSource;
  /** A locale text naming the rule (the list's name, the detector). */
  rule: Text;
  sample: string;
  confidence: number;
}

export interface AlertCard {
  kind: 'keywords.alert';
  alertId: string;
  group: string;
  author: Mention;
  at: Date;
  link: string | null;
  findings: FindingLine[];
  removed: boolean;
  state: AlertState;
  decision: { by: Mention | null; at: Date; reason: string | null } | null;
  /** Addresses that may decide (Teams refresh). */
  moderators: string[];
  actions: CardAction[];
  shared: boolean;
  notice: Text | null;
  reasonError: Text | null;
}

export interface EscalationCard {
  kind: 'keywords.escalation';
  escalationId: string;
  group: string;
  person: Mention;
  count: number;
  windowDays: number;
  history: { at: Date; rules: Text[]; link: string | null }[];
  state: EscalationState;
  decision: { by: Mention | null; at: Date; reason: string | null } | null;
  moderators: string[];
  actions: CardAction[];
  shared: boolean;
  notice: Text | null;
  reasonError: Text | null;
}

export type KeywordsCard = ListsCard | EntriesCard | AlertCard | EscalationCard;
