// The keywords feature's store port: keyword lists and entries, the version that
// tells running instances to rebuild their matcher, findings on messages (never
// the text: the rule, the position and a redacted sample), moderator alerts and
// escalations.
import type { RoleName } from '../../core/model.js';

export const LIST_ACTIONS = ['warn', 'alert', 'remove'] as const;
export type ListAction = (typeof LIST_ACTIONS)[number];
export type EntryKind = 'word' | 'whole' | 'regex' | 'allow';

export interface KeywordList {
  id: string;
  workspaceId: string;
  key: string;
  names: { en: string; 'zh-CN': string };
  action: ListAction;
  /** Roles whose messages this list leaves alone. */
  exempt: RoleName[];
  builtIn: boolean;
}

export interface KeywordEntry {
  id: string;
  listId: string;
  kind: EntryKind;
  pattern: string;
}

export interface NewList {
  workspaceId: string;
  key: string;
  names: { en: string; 'zh-CN': string };
  action: ListAction;
  exempt: RoleName[];
  builtIn: boolean;
}

export interface KeywordRepo {
  lists(workspaceId: string): Promise<KeywordList[]>;
  /** Null when the workspace has a list with this key already. */
  createList(list: NewList, at: Date): Promise<KeywordList | null>;
  updateList(listId: string, change: { action?: ListAction; exempt?: RoleName[] }): Promise<void>;
  removeList(listId: string): Promise<boolean>;
  entries(workspaceId: string): Promise<KeywordEntry[]>;
  /** Adds the entries a list does not have yet; answers how many were new. */
  addEntries(listId: string, entries: readonly { kind: EntryKind; pattern: string }[], by: string | null, at: Date): Promise<number>;
  removeEntry(listId: string, pattern: string): Promise<number>;
  version(workspaceId: string): Promise<number>;
  /** Marks the workspace's lists changed: every instance rebuilds its matcher. */
  bump(workspaceId: string): Promise<void>;
}

export type FindingSource = 'keyword' | 'dlp' | 'link' | 'file';

export interface NewFinding {
  workspaceId: string;
  groupId: string;
  messageId: string;
  authorId: string;
  source: FindingSource;
  /** The list's key, the detector, `link` or the file kind. */
  rule: string;
  start: number;
  end: number;
  /** Redacted: never the raw value. */
  sample: string;
  confidence: number;
  action: ListAction;
}

export interface Finding extends NewFinding {
  id: string;
  dismissed: boolean;
  createdAt: Date;
}

export interface FindingRepo {
  /** The findings that were new (a retried or edited message does not count a rule twice). */
  record(findings: readonly NewFinding[], at: Date): Promise<Finding[]>;
  /** Messages of this person in the group with findings not dismissed, since. */
  countMessages(personId: string, groupId: string, since: Date): Promise<number>;
  history(personId: string, groupId: string, since: Date, until: Date, limit: number): Promise<Finding[]>;
  dismiss(groupId: string, messageId: string): Promise<void>;
  forMessage(groupId: string, messageId: string): Promise<Finding[]>;
}

export type AlertState = 'open' | 'removing' | 'removed' | 'dismissed' | 'escalated';

export interface AlertFinding {
  source: FindingSource;
  rule: string;
  sample: string;
  confidence: number;
}

export interface ModerationAlert {
  id: string;
  workspaceId: string;
  groupId: string;
  messageId: string;
  authorId: string;
  findings: AlertFinding[];
  removed: boolean;
  link: string | null;
  state: AlertState;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  createdAt: Date;
}

export interface AlertRepo {
  /** Null when the message has an alert already. */
  create(alert: Omit<ModerationAlert, 'id' | 'state' | 'decidedBy' | 'decidedAt' | 'reason' | 'createdAt' | 'link'>, at: Date): Promise<ModerationAlert | null>;
  setLink(id: string, link: string): Promise<void>;
  get(id: string): Promise<ModerationAlert | null>;
  /** Dismiss or escalate an open alert; the first decision wins: null when it was decided already. */
  decide(id: string, state: 'dismissed' | 'escalated', by: string, at: Date, reason: string | null): Promise<ModerationAlert | null>;
  /** Claims the removal of an open alert's message (or one whose removal stalled before `staleBefore`). */
  claimRemoval(id: string, by: string, at: Date, staleBefore: Date): Promise<ModerationAlert | null>;
  /** After the claimed removal: `removed`, or back to `open` when it failed. */
  finishRemoval(id: string, removed: boolean, reason: string | null, at: Date): Promise<ModerationAlert | null>;
}

export type EscalationState = 'open' | 'warned' | 'removing' | 'removed' | 'dismissed';

export interface Escalation {
  id: string;
  workspaceId: string;
  groupId: string;
  personId: string;
  count: number;
  state: EscalationState;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
  createdAt: Date;
}

export interface EscalationRepo {
  /** Serialises escalation decisions about one person in one group until the transaction ends. */
  lock(groupId: string, personId: string): Promise<void>;
  create(e: { workspaceId: string; groupId: string; personId: string; count: number }, at: Date): Promise<Escalation>;
  /** The person's latest escalation in the group. */
  latest(groupId: string, personId: string): Promise<Escalation | null>;
  get(id: string): Promise<Escalation | null>;
  /** A conditional change of state: the first decision wins (null when the state was not `from`). */
  decide(id: string, from: EscalationState, to: EscalationState, by: string | null, at: Date, reason: string | null): Promise<Escalation | null>;
  /** Claims the removal of an open escalation's person (or a removal that stalled before `staleBefore`). */
  claimRemoval(id: string, by: string, at: Date, reason: string, staleBefore: Date): Promise<Escalation | null>;
}

export interface KeywordStore {
  keywords: KeywordRepo;
  findings: FindingRepo;
  alerts: AlertRepo;
  escalations: EscalationRepo;
}
