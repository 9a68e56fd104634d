// The survey feature's storage port (SURV-1..3).
export type Template = 'satisfaction' | 'quarterly';
export type Audience = 'group' | 'managers';

export interface Survey {
  id: string;
  workspaceId: string;
  groupId: string;
  template: Template;
  anonymous: boolean;
  audience: Audience;
  createdBy: string;
  createdAt: Date;
  closesAt: Date;
  state: 'open' | 'closed';
  reminders: number;
  recipients: number;
}

export interface Answer {
  scores: Record<string, number>;
  comment: string | null;
}

export interface SurveyRepo {
  create(input: Omit<Survey, 'id' | 'state' | 'reminders' | 'recipients'>, recipients: string[]): Promise<Survey>;
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

export interface SurveyStore {
  surveys: SurveyRepo;
}
