// The incidents feature's storage port: incidents, their steps and timeline, and
// group locks (INC-1..5).
export type Level = '1' | '2' | '3' | '4' | 'spam';
export const LEVELS: readonly Level[] = ['1', '2', '3', '4', 'spam'];
export type IncidentStatus = 'open' | 'resolved';
export type AutoOutcome = 'done' | 'failed' | 'unsupported';

export interface Incident {
  id: string;
  workspaceId: string;
  groupId: string;
  level: Level;
  title: string;
  status: IncidentStatus;
  declaredBy: string;
  commanderId: string;
  attackerId: string | null;
  declaredAt: Date;
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
  escalations: number;
  nudges: number;
  resolvedBy: string | null;
  resolvedAt: Date | null;
  summary: string | null;
}

export interface Step {
  incidentId: string;
  position: number;
  key: string;
  minutes: number;
  dueAt: Date;
  doneBy: string | null;
  doneAt: Date | null;
  autoOutcome: AutoOutcome | null;
  remindedAt: Date | null;
  missedAt: Date | null;
}

export type TimelineKind =
  | 'declared'
  | 'acknowledged'
  | 'commander'
  | 'step'
  | 'step-auto'
  | 'reminded'
  | 'missed'
  | 'escalated'
  | 'nudged'
  | 'locked'
  | 'unlocked'
  | 'purged'
  | 'attacker-removed'
  | 'admission'
  | 'notified'
  | 'resolved';

export interface TimelineEvent {
  id: number;
  incidentId: string;
  at: Date;
  kind: TimelineKind;
  actorId: string | null;
  details: Record<string, unknown>;
}

export interface GroupLock {
  groupId: string;
  workspaceId: string;
  lockedBy: string | null;
  lockedAt: Date;
  reason: string;
  incidentId: string | null;
  enforcedBy: 'platform' | 'pipeline';
}

export interface NewIncident {
  workspaceId: string;
  groupId: string;
  level: Level;
  title: string;
  declaredBy: string;
  attackerId: string | null;
  declaredAt: Date;
  steps: { key: string; minutes: number }[];
}

export interface IncidentTotals {
  level: Level;
  count: number;
  resolved: number;
  /** Resolved or open incidents nobody acknowledged (left out of the mean time to acknowledge). */
  unacknowledged: number;
  /** Means over the incidents that have them, in seconds. */
  meanSecondsToAcknowledge: number | null;
  meanSecondsToResolve: number | null;
  stepsMissed: number;
}

export interface IncidentRepo {
  /** null when the group already has an open incident (one per group). */
  create(input: NewIncident): Promise<{ incident: Incident; steps: Step[] } | null>;
  get(id: string): Promise<Incident | null>;
  openInGroup(groupId: string): Promise<Incident | null>;
  steps(incidentId: string): Promise<Step[]>;
  timeline(incidentId: string): Promise<TimelineEvent[]>;
  record(incidentId: string, kind: TimelineKind, actorId: string | null, details: Record<string, unknown>, at: Date): Promise<void>;
  /** First acknowledgement wins: false when already acknowledged or resolved. */
  acknowledge(id: string, by: string, at: Date): Promise<boolean>;
  /** false when resolved or the commander is already this person. */
  setCommander(id: string, personId: string): Promise<boolean>;
  /** false when already done or the incident is resolved. */
  completeStep(id: string, position: number, by: string | null, at: Date, auto: AutoOutcome | null): Promise<boolean>;
  /** Marks an automatic step's outcome when Charter could not do it (it stays open for people). */
  setAutoOutcome(id: string, position: number, outcome: AutoOutcome): Promise<void>;
  /** Claims the reminder of an open step: false when done, already reminded or resolved. */
  claimReminder(id: string, position: number, at: Date): Promise<boolean>;
  /** Claims the miss of an open step: false when done, already missed or resolved. */
  claimMiss(id: string, position: number, at: Date): Promise<boolean>;
  /** Counts reminder n while unacknowledged (the count was n-1): false when acknowledged, resolved or already counted. */
  claimNudge(id: string, n: number): Promise<boolean>;
  /** Counts an escalation of an open incident; with `quietSince`, only when none was recorded since then (a double click escalates once). */
  escalate(id: string, quietSince: Date | null): Promise<boolean>;
  /** false when already resolved. */
  resolve(id: string, by: string, summary: string, at: Date): Promise<boolean>;
  totals(workspaceId: string, since: Date | null): Promise<IncidentTotals[]>;
}

export interface LockRepo {
  get(groupId: string): Promise<GroupLock | null>;
  /** false when the group is already locked. */
  lock(lock: GroupLock): Promise<boolean>;
  /** The lock removed, or null when the group was not locked. */
  unlock(groupId: string): Promise<GroupLock | null>;
}

export interface RecentMessagesRepo {
  /** The person's messages in the group since a time, newest first (ids only). */
  byAuthorSince(groupId: string, authorId: string, since: Date, limit: number): Promise<string[]>;
}

export interface IncidentStore {
  incidents: IncidentRepo;
  locks: LockRepo;
  recentMessages: RecentMessagesRepo;
}
