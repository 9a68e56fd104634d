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
  /** The button's label. */
  label: Text;
  /** The action opens a form: on Teams a dialog (task module), on Slack a modal. */
  dialog?: boolean;
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

/** What a field takes: text, a date (YYYY-MM-DD) or a time (HH:MM) picker, or a person. */
/** `file`: a text file's content (a CSV); where the platform has no file input (Teams cards) a text area to paste it into. */
/** `choice`: one of `choices` (a Slack select, a Teams choice set). */
export type FormFieldKind = 'text' | 'date' | 'time' | 'user' | 'file' | 'choice';

/** The most a `file` field takes, in UTF-8 bytes: an upload (Slack) or pasted text (Teams). */
export const FILE_FIELD_MAX_BYTES = 1_000_000;

export interface FormField {
  id: string;
  label: Text;
  placeholder?: Text;
  kind?: FormFieldKind;
  multiline: boolean;
  required: boolean;
  maxLength: number;
  value?: string;
  error?: Text;
  /** For a person: people to offer (the platform may offer its own directory as well). */
  options?: { value: string; label: string }[];
  /** For a choice: the values to choose from, each with its label. */
  choices?: { value: string; label: Text }[];
  /** For a time: the IANA zone it is read in (the group's), where the platform's picker can use it. */
  timezone?: string;
}

/** A form the user fills in: a Slack modal, or inputs on a Teams card. Submitting runs `action`. */
export interface FormModel {
  action: CardAction;
  /** The action that builds this form again (a Teams dialog is fetched by it). */
  open?: CardAction;
  title: Text;
  intro?: Text;
  fields: FormField[];
}
