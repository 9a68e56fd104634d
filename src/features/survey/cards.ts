// The survey feature's cards: the survey each recipient answers inside it (SURV-1)
// and the results (SURV-3).
import type { CardAction, FormModel } from '../../core/cards.js';
import type { Text } from '../../core/messages.js';
import type { Template } from './store.js';

export interface SurveyCard {
  kind: 'survey.survey';
  surveyId: string;
  template: Template;
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
  template: Template;
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
}

export type SurveyCards = SurveyCard | SurveyResultsCard;
