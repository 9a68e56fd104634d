// The admission feature's domain: join requests (ADM-1..5) and joins that bypassed them (ADM-6).

export type JoinState = 'pending' | 'approved' | 'denied' | 'expired' | 'cancelled';
export type Fulfilment = 'pending' | 'running' | 'done' | 'owner-asked' | 'failed';

export interface JoinRequest {
  id: string;
  workspaceId: string;
  groupId: string;
  requesterId: string;
  reason: string;
  state: JoinState;
  createdAt: Date;
  notifiedAt: Date | null;
  decidedAt: Date | null;
  /** null: decided by Charter (expiry). */
  decidedBy: string | null;
  decisionReason: string | null;
  fulfilment: Fulfilment | null;
  fulfilmentAttempts: number;
  fulfilmentError: string | null;
  remindedAt: Date | null;
  /** ADM-3 two-step: the first (moderator's) approval while an owner's is awaited. */
  firstApprovedBy: string | null;
  firstApprovedAt: Date | null;
}

export type BypassState = 'flagged' | 'removing' | 'kept' | 'removed' | 'auto-removed';

/** ADM-6: someone who joined a governed group without an approved request. */
export interface Bypass {
  id: string;
  workspaceId: string;
  groupId: string;
  personId: string;
  detectedAt: Date;
  /** Platform address of who added them, when the platform said. */
  addedBy: string | null;
  state: BypassState;
  decidedBy: string | null;
  decidedAt: Date | null;
  reason: string | null;
}

