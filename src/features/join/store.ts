// The join feature's store port: its repositories, merged into the store.
import type { Bypass, BypassState, Fulfilment, JoinRequest, JoinState } from './model.js';

export interface JoinRequestRepo {
  /** Throws UniqueViolation (`join_requests_one_pending`) when one is already pending. */
  create(input: { workspaceId: string; groupId: string; requesterId: string; reason: string; at: Date }): Promise<JoinRequest>;
  get(id: string): Promise<JoinRequest | null>;
  findPending(groupId: string, requesterId: string): Promise<JoinRequest | null>;
  /** The most recent approved request of this person for this group. */
  findLatestApproved(groupId: string, requesterId: string): Promise<JoinRequest | null>;
  /** Moves a pending request to a final state; null when it was no longer pending. */
  decide(id: string, decision: { state: Exclude<JoinState, 'pending'>; by: string | null; at: Date; reason: string | null; fulfilment: Fulfilment | null }): Promise<JoinRequest | null>;
  /** ADM-3 two-step: records the first approval of a pending request; null when it was decided or first-approved already. */
  approveFirst(id: string, by: string, at: Date): Promise<JoinRequest | null>;
  markNotified(id: string, at: Date): Promise<void>;
  /** Claims the one reminder; false when it was sent already or the request is no longer pending. */
  claimReminder(id: string, at: Date): Promise<boolean>;
  /** Claims the follow-up for one worker; null when another holds it or it is finished. */
  claimFulfilment(id: string, at: Date, staleBefore: Date): Promise<JoinRequest | null>;
  finishFulfilment(id: string, outcome: Exclude<Fulfilment, 'pending' | 'running'>, error: string | null, at: Date): Promise<void>;
  /** ADM-4 on a platform where owners add by hand: the approved person joined. Null when not waiting for that. */
  completeByHand(id: string, at: Date): Promise<JoinRequest | null>;
}

export interface BypassRepo {
  /** Null when this person is already flagged in this group (safe inside a transaction). */
  create(input: { workspaceId: string; groupId: string; personId: string; addedBy: string | null; at: Date }): Promise<Bypass | null>;
  get(id: string): Promise<Bypass | null>;
  /** Keeps a flagged person; null when it was decided (or is being removed) already. */
  keep(id: string, by: string, at: Date): Promise<Bypass | null>;
  /** Claims the one removal (flagged, or a removal that died before staleBefore); null when another won. */
  claimRemoval(id: string, by: string | null, at: Date, staleBefore: Date): Promise<Bypass | null>;
  /** Ends a claimed removal: removed, or back to flagged when it failed. */
  finishRemoval(id: string, state: Extract<BypassState, 'removed' | 'auto-removed' | 'flagged'>, reason: string | null, at: Date): Promise<Bypass | null>;
}

export interface JoinStore {
  joinRequests: JoinRequestRepo;
  bypasses: BypassRepo;
}
