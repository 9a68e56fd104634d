// The survey feature's storage port (SURV-1..3).
import type { Bilingual, CustomTemplate, Question } from './templates.js';

export type Audience = 'group' | 'managers';
export type Repeat = 'weekly' | 'monthly' | 'quarterly';

export interface Survey {
  id: string;
  workspaceId: string;
  groupId: string;
  /** The template's key (built in, or a workspace's own). */
  template: string;
  /** A custom template's title at the start; null for a built-in one. */
  title: Bilingual | null;
  questions: Question[];
  anonymous: boolean;
  audience: Audience;
  createdBy: string;
  createdAt: Date;
  closesAt: Date;
  state: 'open' | 'closed';
  /** Reminders sent so far, of `remindersPlanned`. */
  reminders: number;
  remindersPlanned: number;
  repeat: Repeat | null;
  /** A repeating survey's series: when its first run started, the zone its dates are kept in, and this run's number (0: the first). */
  series: { start: Date; zone: string; run: number } | null;
  recipients: number;
}

export interface Answer {
  scores: Record<string, number>;
  comment: string | null;
}

export interface SurveyRepo {
  create(input: Omit<Survey, 'id' | 'state' | 'reminders' | 'recipients'>, recipients: string[]): Promise<Survey>;
  /** Stops a group's repeating surveys; the ids of those that repeated. */
  stopRepeating(groupId: string): Promise<string[]>;
  /** A repeating survey hands the series on to its next run: false when it did already (or was stopped). */
  handOn(id: string): Promise<boolean>;
  get(id: string): Promise<Survey | null>;
  latestInGroup(groupId: string): Promise<Survey | null>;
  /** null when the person is not a recipient. */
  recipient(id: string, personId: string): Promise<{ answered: boolean; answer: Answer | null } | null>;
  recipientIds(id: string): Promise<string[]>;
  unanswered(id: string): Promise<string[]>;
  /** The first answer, or a change of it while the survey is open; false when closed. */
  saveAnswer(id: string, personId: string, named: boolean, answer: Answer): Promise<'saved' | 'changed' | 'closed'>;
  answers(id: string): Promise<(Answer & { personId: string | null })[]>;
  /** Closes it and destroys every link from people to answers; false when already closed. */
  close(id: string): Promise<boolean>;
  claimReminder(id: string, n: number): Promise<boolean>;
  /** Removes dead row versions of the survey tables (PostgreSQL keeps them until vacuumed). */
  vacuum(): Promise<void>;
}

export interface TemplateRepo {
  list(workspaceId: string): Promise<CustomTemplate[]>;
  get(workspaceId: string, key: string): Promise<CustomTemplate | null>;
  /** false when the key is taken. */
  add(workspaceId: string, template: CustomTemplate, by: string, at: Date): Promise<boolean>;
  remove(workspaceId: string, key: string): Promise<boolean>;
}

export interface SurveyStore {
  surveys: SurveyRepo;
  surveyTemplates: TemplateRepo;
}
