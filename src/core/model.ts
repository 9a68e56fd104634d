// Domain types shared by the use cases. Plain data, no behaviour, no platform.
import type { Locale } from './locale.js';

export type Platform = 'slack' | 'teams';

export const GROUP_TYPES = ['core', 'project', 'task', 'community', 'announcement', 'external'] as const;
export type GroupType = (typeof GROUP_TYPES)[number];

export const TIERS = ['core-team', 'partner-department', 'external'] as const;
export type Tier = (typeof TIERS)[number];

export const GROUP_ROLES = ['owner', 'moderator'] as const;
export type GroupRole = (typeof GROUP_ROLES)[number];
export type RoleName = GroupRole | 'super-admin';
export const ROLE_NAMES: readonly RoleName[] = ['owner', 'moderator', 'super-admin'];

export type EmploymentStatus = 'active' | 'inactive' | 'unknown';

export interface Workspace {
  id: string; // platform-qualified: `slack:T123`, `teams:<tenant id>`
  platform: Platform;
  externalId: string;
  name: string | null;
  defaultLocale: Locale | null;
  openRegistration: boolean | null; // null: the deployment's default applies
  serviceUrl: string | null; // Teams: where proactive messages go
}

export interface Person {
  id: string;
  workspaceId: string;
  platform: Platform;
  /** Stable id: Slack user id, Teams AAD object id. */
  platformUserId: string;
  /** The id the bot API addresses the person by: Slack user id, Teams `29:` id. */
  address: string;
  displayName: string;
  realName: string | null;
  title: string | null;
  department: string | null;
  email: string | null;
  locale: Locale | null;
  isExternal: boolean;
  employment: EmploymentStatus;
  /** IANA zone the person's client or profile reports, if any. */
  timezone: string | null;
  profileRefreshedAt: Date | null;
}

export type ConversationKind = 'channel' | 'private-channel' | 'group-chat' | 'direct';

export interface Group {
  id: string;
  workspaceId: string;
  channelId: string;
  channelName: string | null;
  conversationKind: ConversationKind;
  teamId: string | null;
  teamAadGroupId: string | null;
  name: string;
  type: GroupType;
  purpose: string;
  tier: Tier;
  expiresOn: string | null; // YYYY-MM-DD
  status: 'active' | 'archived';
  createdBy: string | null;
  createdAt: Date;
}

export interface RoleGrant {
  id: string;
  workspaceId: string;
  groupId: string | null; // null for super-admin
  personId: string;
  role: RoleName;
  grantedBy: string | null;
  grantedAt: Date;
  reason: string | null;
}

/** One posted copy of a card, kept so the card can be updated in place later. */
export interface CardPost {
  id: string;
  workspaceId: string;
  /** What the card is about, named by the feature that posted it (`join_request`, …). */
  subjectType: string;
  subjectId: string;
  recipientId: string | null; // null when posted into a group
  conversationId: string;
  messageId: string;
  locale: Locale;
}

export type AuditOutcome = 'ok' | 'refused' | 'failed' | 'fallback';

export interface AuditEntry {
  workspaceId: string;
  actorId: string; // platform-qualified id, or `system`
  actorName: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  groupId: string | null;
  reason: string | null;
  outcome: AuditOutcome;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  occurredAt: Date;
}

/** The person acting, resolved by the core from what the adapter reports. */
export interface Actor {
  workspace: Workspace;
  person: Person;
  locale: Locale;
  isSuperAdmin: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Charter's own ids (requests, alerts, incidents, …) are UUIDs: anything else from the wire names nothing. */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function qualifiedId(person: Pick<Person, 'platform' | 'platformUserId'>): string {
  return `${person.platform}:${person.platformUserId}`;
}

/** The platform user ids among platform-qualified ids (`slack:U012ABC`) that belong to one platform. */
export function platformUserIdsOf(qualified: Iterable<string>, platform: Platform): string[] {
  const out: string[] = [];
  for (const q of qualified) {
    const at = q.indexOf(':');
    if (at > 0 && q.slice(0, at) === platform) out.push(q.slice(at + 1));
  }
  return out;
}

export function displayName(person: Pick<Person, 'displayName' | 'realName'>): string {
  return person.realName ?? person.displayName;
}
