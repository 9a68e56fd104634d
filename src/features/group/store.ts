// The group feature's own repositories: creation requests (GRP-2), notices that
// go once (GRP-3, LIFE-5) and owners' reviews of quiet groups (LIFE-5).
import type { GroupType } from '../../core/model.js';

export type RequestState = 'pending' | 'approved' | 'denied';
export type RequestFulfilment = 'pending' | 'running' | 'failed' | 'done' | 'owner-asked' | 'gave-up';

/** An existing group a request resembles (GRP-4), as the request remembers it. */
export interface SimilarGroup {
  name: string;
  purpose: string;
  score: number;
}

export interface GroupRequest {
  id: string;
  workspaceId: string;
  requesterId: string;
  name: string;
  type: GroupType;
  purpose: string;
  channelName: string;
  originChannelId: string | null;
  originTeamId: string | null;
  similar: SimilarGroup[];
  state: RequestState;
  createdAt: Date;
  notifiedAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  decisionReason: string | null;
  fulfilment: RequestFulfilment | null;
  fulfilmentAttempts: number;
  fulfilmentError: string | null;
  groupId: string | null;
}

export interface GroupRequestRepo {
  /** Throws UniqueViolation (`group_requests_pending_name`) when the name waits already. */
  create(input: Pick<GroupRequest, 'workspaceId' | 'requesterId' | 'name' | 'type' | 'purpose' | 'channelName' | 'originChannelId' | 'originTeamId' | 'similar' | 'createdAt'>): Promise<GroupRequest>;
  get(id: string): Promise<GroupRequest | null>;
  findPendingByName(workspaceId: string, name: string): Promise<GroupRequest | null>;
  markNotified(id: string, at: Date): Promise<void>;
  /** The first decision wins: null when it was decided already. */
  decide(id: string, d: { state: 'approved' | 'denied'; by: string; at: Date; reason: string | null }): Promise<GroupRequest | null>;
  /** Claims the follow-up (pending or failed, or running and stale); null when done or held. */
  claimFulfilment(id: string, now: Date, staleBefore: Date): Promise<GroupRequest | null>;
  finishFulfilment(id: string, state: Exclude<RequestFulfilment, 'pending' | 'running'>, error: string | null, groupId: string | null): Promise<GroupRequest | null>;
}

export type ReviewState = 'pending' | 'kept' | 'archived' | 'closed';

export interface GroupReview {
  id: string;
  workspaceId: string;
  groupId: string;
  askedAt: Date;
  lastActivityAt: Date | null;
  state: ReviewState;
  remindedAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

export interface GroupReviewRepo {
  /** A new pending review; null when one is pending already. */
  open(input: { workspaceId: string; groupId: string; askedAt: Date; lastActivityAt: Date | null }): Promise<GroupReview | null>;
  get(id: string): Promise<GroupReview | null>;
  pendingFor(groupId: string): Promise<GroupReview | null>;
  /** The latest decided review of a group. */
  lastDecided(groupId: string): Promise<GroupReview | null>;
  listPending(workspaceId: string): Promise<GroupReview[]>;
  /** Claims the one reminder: false when it went already. */
  claimReminder(id: string, at: Date): Promise<boolean>;
  /** The first answer wins: null when it was answered already. */
  decide(id: string, d: { state: 'kept' | 'archived' | 'closed'; by: string | null; at: Date; reason: string | null }): Promise<GroupReview | null>;
}

export interface GroupNoticeRepo {
  /** Claims sending a notice about a group once per kind and cycle: false when it was claimed before. */
  claim(groupId: string, kind: string, cycle: string, at: Date): Promise<boolean>;
  /**
   * Holds a piece of work on a group (archiving it) so that one run does it: false
   * while another holds it, unless that hold is older than staleBefore (its process died).
   */
  hold(groupId: string, kind: string, at: Date, staleBefore: Date): Promise<boolean>;
  /** Lets go of a hold whose work failed for now, so it can be tried again at once. */
  release(groupId: string, kind: string): Promise<void>;
}

export interface GroupStore {
  groupRequests: GroupRequestRepo;
  groupReviews: GroupReviewRepo;
  groupNotices: GroupNoticeRepo;
}
