// Card models: what a card says and which actions it offers, in neutral terms.
// Each feature declares its own card models (src/features/<feature>/cards.ts);
// cards/blockkit/<feature> and cards/adaptive/<feature> render them. This file
// holds what every card shares.
import type { Mention, Text } from './messages.js';
import type { EmploymentStatus, GroupType, Tier } from './model.js';

/** Any feature's card model; the renderers know each kind. */
export interface AnyCard {
  kind: string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type ActionPayload = { [key: string]: JsonValue };

/**
 * A button (or a form's submit) and what it carries back. The payload is the
 * action's own typed data (validated again when it comes back: it crossed the wire).
 */
export interface CardAction<P extends ActionPayload = ActionPayload> {
  id: string;
  payload: P;
  style?: 'primary' | 'danger';
  /** Ids of form fields shown on the card that this action submits (Teams inputs). */
  inputs?: string[];
  /** Locale key of the button's label. */
  label: string;
}

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

/** A form the user fills in: a Slack modal, or inputs on a Teams card. Submitting runs `action`. */
export interface FormModel {
  action: CardAction;
  title: Text;
  intro?: Text;
  fields: FormField[];
}
