// The join feature's card models: the approval card (ADM-1/2) and the bypass
// card (ADM-6). `shared` marks a copy posted where people who may not decide see
// it: on Teams its buttons come only through the approvers' refresh.
import type { CardAction, GroupSummary, PersonSummary } from '../../core/cards.js';
import type { Mention, Text } from '../../core/messages.js';
import type { BypassState, Fulfilment, JoinState } from './model.js';

export type RequestPayload = { requestId: string };
export type BypassPayload = { bypassId: string };

export interface JoinRequestCard {
  kind: 'join.request';
  requestId: string;
  group: GroupSummary;
  requester: PersonSummary;
  reason: string;
  requestedAt: Date;
  state: JoinState;
  /** by null: decided by Charter (expiry). */
  decision: { by: Mention | null; at: Date; reason: string | null; fulfilment: Fulfilment | null } | null;
  /** ADM-3 two-step: approved by a moderator, waiting for an owner. */
  firstApproval: { by: Mention; at: Date } | null;
  /** Addresses of people whose clients should show the buttons (Teams refresh.userIds). */
  approvers: string[];
  actions: CardAction<RequestPayload>[];
  shared: boolean;
  /** A note for the viewer, e.g. "already decided by X". */
  notice: Text | null;
  /** Input validation shown beside the deny reason field. */
  reasonError: Text | null;
}

export interface BypassCard {
  kind: 'join.bypass';
  bypassId: string;
  group: GroupSummary;
  person: PersonSummary;
  addedBy: Mention | null;
  detectedAt: Date;
  state: BypassState;
  decision: { by: Mention | null; at: Date; reason: string | null } | null;
  /** The group's policy says remove, but this platform cannot: the card says so. */
  removalUnsupported: boolean;
  approvers: string[];
  actions: CardAction<BypassPayload>[];
  shared: boolean;
  notice: Text | null;
  reasonError: Text | null;
}

export type JoinCard = JoinRequestCard | BypassCard;
