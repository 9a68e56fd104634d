// The post feature's store port.
import type { Locale } from '../../core/locale.js';
import type { InfoClass } from './catalog.js';

export interface WorkspaceTag {
  key: string;
  nameEn: string;
  nameZh: string;
  class: InfoClass;
  urgent: boolean;
}

export interface TagRepo {
  list(workspaceId: string): Promise<WorkspaceTag[]>;
  /** False when the workspace has a tag with this key already. */
  add(workspaceId: string, tag: WorkspaceTag, by: string, at: Date): Promise<boolean>;
  remove(workspaceId: string, key: string): Promise<boolean>;
}

export type ScheduledState = 'pending' | 'sending' | 'sent' | 'cancelled' | 'failed';

export interface ScheduledPost {
  id: string;
  workspaceId: string;
  groupId: string;
  authorId: string;
  tag: string;
  fields: Record<string, string>;
  locale: Locale;
  sendAt: Date;
  state: ScheduledState;
  createdAt: Date;
  sentAt: Date | null;
}

export interface ScheduledPostRepo {
  /**
   * A submitted form: pending (to send later) or already being sent (`sending`, now).
   * Null when a post was made from this form already.
   */
  create(input: Omit<ScheduledPost, 'id' | 'state' | 'sentAt'> & { formId: string; sending: boolean }): Promise<ScheduledPost | null>;
  /** Drops a post that could not be sent now, so its form may be sent again. */
  forget(id: string): Promise<void>;
  get(id: string): Promise<ScheduledPost | null>;
  /** Claims a pending post (or one whose sender died before staleBefore) for sending; null otherwise. */
  claim(id: string, at: Date, staleBefore: Date): Promise<ScheduledPost | null>;
  /** Sent: its fields are cleared. */
  markSent(id: string, at: Date): Promise<void>;
  /** Back to pending after a failed send (the job retries). */
  release(id: string): Promise<void>;
  /** A claimed post that will not be sent (refused, or given up): its fields are cleared. */
  finish(id: string, state: 'cancelled' | 'failed'): Promise<void>;
  /** Cancels a pending post; null when it was sent, sending or cancelled already. */
  cancel(id: string): Promise<ScheduledPost | null>;
  listPending(authorId: string): Promise<ScheduledPost[]>;
}

export interface PostStore {
  tags: TagRepo;
  scheduledPosts: ScheduledPostRepo;
}
