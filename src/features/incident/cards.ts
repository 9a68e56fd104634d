// The incidents feature's cards: the incident itself (INC-2; in the group and to
// the super admins, every copy updated in place), the review posted on resolve
// (INC-5) and the workspace's playbooks.
import type { CardAction } from '../../core/cards.js';
import type { Mention, Text } from '../../core/messages.js';
import type { AutoOutcome, IncidentStatus, Level } from './store.js';

export interface IncidentStepLine {
  position: number;
  name: Text;
  dueAt: Date;
  /** At once (no deadline of its own). */
  atOnce: boolean;
  done: { by: Mention | null; at: Date } | null;
  /** What Charter did when it carried the step out itself. */
  auto: AutoOutcome | null;
  missed: boolean;
}

export interface IncidentCard {
  kind: 'incidents.incident';
  incidentId: string;
  level: Level;
  title: string;
  group: string;
  status: IncidentStatus;
  commander: Mention;
  declaredBy: Mention;
  declaredAt: Date;
  acknowledged: { by: Mention; at: Date } | null;
  steps: IncidentStepLine[];
  locked: boolean;
  escalations: number;
  resolved: { by: Mention | null; at: Date; summary: string } | null;
  actions: CardAction[];
  notice: Text | null;
}

export interface IncidentReviewCard {
  kind: 'incidents.review';
  incidentId: string;
  level: Level;
  title: string;
  group: string;
  summary: string;
  declaredAt: Date;
  resolvedAt: Date;
  /** null when nobody acknowledged it. */
  secondsToAcknowledge: number | null;
  secondsToResolve: number;
  missed: Text[];
  /** The group is still locked (an admin unlocks it with a reason). */
  stillLocked: boolean;
  timeline: { at: Date; what: Text }[];
  /** Timeline entries left out in the middle of a long incident. */
  omitted: number;
}

export interface PlaybooksCard {
  kind: 'incidents.playbooks';
  levels: { level: Level; steps: { name: Text; minutes: number; automatic: boolean }[]; custom: boolean }[];
}

export type IncidentsCard = IncidentCard | IncidentReviewCard | PlaybooksCard;
