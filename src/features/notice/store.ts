// The notice feature's storage port (NOTE-1).
export interface Notice {
  id: string;
  workspaceId: string;
  groupId: string;
  authorId: string;
  title: string | null;
  body: string;
  /** Acknowledge by then (no reminders after it). */
  deadline: Date | null;
  /** Also mailed to members whose e-mail is known (NOTE-3). */
  important: boolean;
  members: number;
  reminders: number;
  createdAt: Date;
}

export interface NoticeRepo {
  create(input: Omit<Notice, 'id' | 'reminders'>): Promise<Notice>;
  get(id: string): Promise<Notice | null>;
  latestInGroup(groupId: string): Promise<Notice | null>;
  /** false when this person had acknowledged already. */
  acknowledge(id: string, personId: string, at: Date): Promise<boolean>;
  acknowledgedBy(id: string): Promise<Set<string>>;
  count(id: string): Promise<number>;
  /** Claims reminder n (the count was n-1): false when it already went out. */
  claimReminder(id: string, n: number): Promise<boolean>;
}

export interface NoticeStore {
  notices: NoticeRepo;
}
