// The stewardship feature's store port: admin shortfalls (ROLE-3), joins and the
// lists of inactive members (LIFE-3), and what it reads of message metadata
// (the activity feature's records: who posted where and when).
export interface Shortfall {
  id: string;
  workspaceId: string;
  groupId: string;
  admins: number;
  openedAt: Date;
  fixedAt: Date | null;
}

export type InactiveState = 'listed' | 'removing' | 'removed' | 'failed';

export interface InactiveList {
  id: string;
  workspaceId: string;
  groupId: string;
  days: number;
  /** Everyone found inactive (the list holds the first of them). */
  total: number;
  createdAt: Date;
}

export interface InactiveMember {
  id: string;
  listId: string;
  personId: string;
  lastActiveAt: Date | null;
  position: number;
  state: InactiveState;
  decidedBy: string | null;
  decidedAt: Date | null;
}

export interface StewardshipRepo {
  /** Every workspace Charter knows (the scheduled checks run in each). */
  workspaceIds(): Promise<string[]>;
  /** Opens a group's shortfall; null when one is open already (alerted before). */
  openShortfall(input: { workspaceId: string; groupId: string; admins: number; at: Date }): Promise<Shortfall | null>;
  openShortfalls(workspaceId: string): Promise<Shortfall[]>;
  /** Closes the group's open shortfall; null when none was open. */
  fixShortfall(groupId: string, at: Date): Promise<Shortfall | null>;

  /** Remembers when Charter saw the person join (a later join restarts the clock). */
  recordJoin(groupId: string, personId: string, at: Date): Promise<void>;
  joinedAt(groupId: string, personIds: readonly string[]): Promise<Map<string, Date>>;

  /** Each author's latest message in the group (bots left out). */
  lastPosted(groupId: string): Promise<Map<string, Date>>;
  /** The authors with the most messages in the group since `since`, most first (bots left out). */
  mostActive(groupId: string, since: Date, limit: number): Promise<{ personId: string; messages: number }[]>;

  createList(list: Omit<InactiveList, 'id'>, members: readonly { personId: string; lastActiveAt: Date | null }[]): Promise<InactiveList>;
  getList(id: string): Promise<InactiveList | null>;
  /** The group's newest list made at or after `since` (a retried job reuses it). */
  recentList(groupId: string, since: Date): Promise<InactiveList | null>;
  listMembers(listId: string): Promise<InactiveMember[]>;
  getMember(id: string): Promise<InactiveMember | null>;
  /** Claims a removal: false when it is being removed or was removed already. A claim older than `staleBefore` may be taken again. */
  claimRemoval(id: string, by: string | null, at: Date, staleBefore: Date): Promise<boolean>;
  finishRemoval(id: string, state: 'removed' | 'failed', at: Date): Promise<void>;
}

export interface StewardshipStore {
  stewardship: StewardshipRepo;
}
