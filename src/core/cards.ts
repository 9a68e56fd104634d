// Card models: what a card says and which actions it offers, in neutral terms.
// cards/blockkit and cards/adaptive render each kind; one renderer file per kind.
import type { ActionId } from './actions.js';
import type { GroupType, JoinState, Tier, EmploymentStatus, Fulfilment } from './model.js';
import type { Mention, Text } from './messages.js';

export interface PersonSummary {
  mention: Mention;
  displayName: string;
  realName: string | null;
  title: string | null;
  department: string | null;
  employment: EmploymentStatus;
  isExternal: boolean;
}

export interface GroupSummary {
  name: string;
  type: GroupType;
  tier: Tier;
  purpose: string;
  expiresOn: string | null;
}

export interface CardAction {
  id: ActionId;
  subjectId: string;
  style?: 'primary' | 'danger';
  /** Ids of form fields shown on the card that this action submits (Teams inputs). */
  inputs?: string[];
}

export interface JoinRequestCard {
  kind: 'join.request';
  requestId: string;
  group: GroupSummary;
  requester: PersonSummary;
  reason: string;
  requestedAt: Date;
  state: JoinState;
  decision: {
    by: Mention;
    at: Date;
    reason: string | null;
    fulfilment: Fulfilment | null;
  } | null;
  /** Addresses of people whose clients should show the buttons (Teams refresh.userIds). */
  approvers: string[];
  actions: CardAction[];
  /** A note for the viewer, e.g. "already decided by X". */
  notice: Text | null;
  /** Input validation shown beside the deny reason field. */
  reasonError: Text | null;
}

export interface GroupInfoCard {
  kind: 'group.info';
  group: GroupSummary;
  owners: Mention[];
  moderators: Mention[];
  createdAt: Date;
}

export interface GroupListCard {
  kind: 'group.list';
  groups: GroupSummary[];
  total: number;
}

export type CardModel = JoinRequestCard | GroupInfoCard | GroupListCard;

export interface FormField {
  id: string;
  label: Text;
  placeholder?: Text;
  multiline: boolean;
  required: boolean;
  maxLength: number;
  value?: string;
  error?: Text;
}

/** A form the user fills in: a Slack modal, or inputs on a Teams card. */
export interface FormModel {
  formId: string;
  subjectId: string;
  title: Text;
  intro?: Text;
  submit: Text;
  fields: FormField[];
}
