import type { GroupType, RoleName, Tier } from '../model.js';

/** Where `join` points: a channel mention (`<#C123|name>`), `#name`, or a registered name. */
export type GroupRef =
  | { kind: 'channel'; channelId: string; name: string | null }
  | { kind: 'name'; name: string; hashed: boolean };

export interface UserRef {
  address: string;
  label: string | null;
}

/** Top-level verbs of the grammar that this version does not implement yet. */
const LATER_VERBS = ['post', 'notice', 'incident', 'lock', 'unlock', 'survey', 'report', 'audit', 'policy', 'faq', 'dashboard'] as const;

/** Everything that answers "not available yet", including sub-verbs. */
export const UNAVAILABLE = ['group request', ...LATER_VERBS] as const;
export type UnavailableVerb = (typeof UNAVAILABLE)[number];

export type Command =
  | { verb: 'help'; topic: HelpTopic | null }
  | {
      verb: 'group.register';
      type: GroupType;
      purpose: string;
      name: string | null;
      tier: Tier | null;
      expires: string | null;
    }
  | { verb: 'group.info' }
  | { verb: 'group.list' }
  | { verb: 'join'; group: GroupRef; reason: string }
  | { verb: 'role.grant'; user: UserRef; role: RoleName; reason: string | null }
  | { verb: 'role.revoke'; user: UserRef; role: RoleName; reason: string }
  | { verb: 'unavailable'; feature: UnavailableVerb };

/** Help topics: one per usage line. */
export const HELP_TOPICS = ['help', 'join', 'group', 'role', ...LATER_VERBS] as const;
export type HelpTopic = (typeof HELP_TOPICS)[number];
