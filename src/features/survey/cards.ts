// The survey feature's cards: the survey each recipient answers inside it (SURV-1)
// and the results (SURV-3).
import type { CardAction, FormModel } from '../../core/cards.js';
import type { Text } from '../../core/messages.js';

export interface SurveyCard {
  kind: 'survey.survey';
  surveyId: string;
  title: Text;
  group: string;
  anonymous: boolean;
  closesAt: Date;
  state: 'open' | 'closed' | 'answered';
  /** The questions as inputs (Teams shows them on the card; Slack opens them in a modal). */
  form: FormModel | null;
  /** The person's own answer, shown back to them until the close. */
  mine: { question: Text; value: string }[];
  actions: CardAction[];
  notice: Text | null;
}

export interface SurveyResultsCard {
  kind: 'survey.results';
  title: Text;
  group: string;
  anonymous: boolean;
  closed: boolean;
  answered: number;
  recipients: number;
  /** null below the anonymity threshold. */
  mean: number | null;
  target: number;
  /** Per question: its mean and the distribution as bars; empty below the threshold. */
  questions: { question: Text; mean: number; bars: { label: string; count: number }[] }[];
  comments: string[];
  threshold: number;
  /** The answers as CSV, through a short-lived link (closed, from the threshold on). */
  download: { url: string; expiresAt: Date } | null;
}

/** The templates there are (built in, and the workspace's own). */
export interface SurveyTemplatesCard {
  kind: 'survey.templates';
  templates: { key: string; title: Text; questions: number; scales: string[]; builtIn: boolean }[];
  /** Super admins: the card says how to add and remove. */
  canManage: boolean;
}

export type SurveyCards = SurveyCard | SurveyResultsCard | SurveyTemplatesCard;
