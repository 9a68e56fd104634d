// The activity feature's store port.
export interface MessageMeta {
  workspaceId: string;
  groupId: string;
  messageId: string;
  authorId: string | null;
  authorIsBot: boolean;
  postedAt: Date;
  threadId: string | null;
  isQuestion: boolean;
  mentions: number;
  broadcast: boolean;
  files: number;
}

export interface MessageMetaRepo {
  /** Records a posted message once; false when it was recorded already. */
  record(meta: MessageMeta): Promise<boolean>;
  markEdited(groupId: string, messageId: string, at: Date): Promise<void>;
  markDeleted(groupId: string, messageId: string, at: Date): Promise<void>;
  /** The tag the message carries (its key), or null. */
  setTag(groupId: string, messageId: string, tag: string | null): Promise<void>;
  get(groupId: string, messageId: string): Promise<(MessageMeta & { editedAt: Date | null; deletedAt: Date | null; tag: string | null }) | null>;
  count(groupId: string): Promise<number>;
  /** When each group of a workspace last had a message by a person (not a bot); groups without any are absent. */
  lastPosted(workspaceId: string): Promise<Map<string, Date>>;
}

export interface ActivityStore {
  messageMeta: MessageMetaRepo;
}
