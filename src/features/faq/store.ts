// The faq feature's store port: the entries (admin content, stored as written)
// and the messages Charter answered (ids only: message text is stored nowhere).

export interface FaqEntry {
  id: number;
  workspaceId: string;
  /** null: a workspace-wide entry, asked about in every group. */
  groupId: string | null;
  question: string;
  answer: string;
  createdBy: string | null;
  createdAt: Date;
}

export interface FaqEntryRepo {
  add(entry: Omit<FaqEntry, 'id'>): Promise<FaqEntry>;
  get(workspaceId: string, id: number): Promise<FaqEntry | null>;
  /** The workspace-wide entries and (with a group) the group's own, oldest first. */
  listFor(workspaceId: string, groupId: string | null): Promise<FaqEntry[]>;
  /** The entries of one scope only: a group's, or (null) the workspace-wide ones. */
  countScope(workspaceId: string, groupId: string | null): Promise<number>;
  /** False when there was no such entry (any more). */
  remove(workspaceId: string, id: number): Promise<boolean>;
}

export interface FaqReplyClaim {
  groupId: string;
  messageId: string;
  /** The thread the answer goes to (the message's own id for a post). */
  threadId: string;
  entryId: number;
  at: Date;
}

export interface FaqReplyRepo {
  /** Claims the answer to one message; false when it was claimed before (a retry, a second process). */
  claim(claim: FaqReplyClaim): Promise<boolean>;
  /** Gives a claim back after the answer could not be posted. */
  release(groupId: string, messageId: string): Promise<void>;
  /** Whether this entry was answered in this thread already. */
  answeredInThread(groupId: string, threadId: string, entryId: number): Promise<boolean>;
  /** Drops claims older than `before`; how many. */
  prune(before: Date): Promise<number>;
}

export interface FaqStore {
  faqEntries: FaqEntryRepo;
  faqReplies: FaqReplyRepo;
}
