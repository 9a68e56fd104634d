// Which of a group's rules a message breaks. Pure: the policy, the catalog and
// whether the author is an admin come in; the broken rules, each with its action
// and what to say, come out.
import { text, type Text } from '../../core/messages.js';
import type { MessageEvent } from '../../core/inputs.js';
import type { Policy } from '../../core/settings.js';
import type { Tag } from '../post/catalog.js';
import { inWindows, isAllowed, nextAllowed, type QuietHours } from './quiet.js';
import {
  BROADCAST,
  BROADCAST_ACTION,
  CLASS_ACTION,
  CLASS_NOTICES,
  DISCUSSION,
  FILES,
  FILES_ACTION,
  POSTING,
  POSTING_ACTION,
  QUIET,
  QUIET_ACTION,
  TAGS_ACTION,
  TAGS_REQUIRED,
  type RuleAction,
} from './settings.js';

export type Rule = 'posting' | 'files' | 'tags' | 'class' | 'broadcast' | 'quiet_hours' | 'discussion';

/** The rules a group's admins (owners, moderators, super admins) are exempt from. */
export const ADMIN_EXEMPT: ReadonlySet<Rule> = new Set(['posting', 'files', 'class', 'broadcast']);

export interface Violation {
  rule: Rule;
  action: RuleAction;
  reason: Text;
  /** MSG-4: the next time the message may be sent. */
  nextAllowed?: Date;
}

/** Why someone may not post a message of this class in the group (MSG-3, GRP-5), or null. */
export function postingRefusal(cls: Tag['class'], policy: Policy, admin: boolean): 'posting' | 'class' | null {
  if (admin) return null;
  if (policy.get(POSTING) === 'admins') return 'posting';
  if (cls === 'notice' && policy.get(CLASS_NOTICES) === 'admins') return 'class';
  return null;
}

export function evaluate(event: MessageEvent, tag: Tag | undefined, policy: Policy, quiet: QuietHours, admin: boolean): Violation[] {
  const out: Violation[] = [];
  const add = (rule: Rule, action: RuleAction, reason: Text, extra: Partial<Violation> = {}) => out.push({ rule, action, reason, ...extra });
  const broadcast = event.mentions.broadcast.length > 0;
  // A reply in a thread answers a post: who may post, tags and classes are for posts.
  const reply = event.threadId !== null && event.threadId !== event.messageId;

  if (!admin && !reply && policy.get(POSTING) === 'admins') add('posting', policy.get(POSTING_ACTION), text('rules.reasons.posting'));
  if (!admin && event.files.length > 0 && policy.get(FILES) === 'off') add('files', policy.get(FILES_ACTION), text('rules.reasons.files'));

  const required = policy.get(TAGS_REQUIRED);
  if (tag === undefined && (required === 'all' ? !reply : required === 'notices' && broadcast)) {
    add('tags', policy.get(TAGS_ACTION), text(required === 'all' ? 'rules.reasons.tags' : 'rules.reasons.tagsNotices'));
  }
  if (!admin && !reply && tag?.class === 'notice' && policy.get(CLASS_NOTICES) === 'admins') add('class', policy.get(CLASS_ACTION), text('rules.reasons.class'));
  if (!admin && broadcast && policy.get(BROADCAST) === 'admins') add('broadcast', policy.get(BROADCAST_ACTION), text('rules.reasons.broadcast'));

  const urgent = tag?.urgent === true;
  if (!urgent && policy.get(QUIET) === 'on' && !isAllowed(event.at, quiet)) {
    const next = nextAllowed(event.at, quiet);
    add('quiet_hours', policy.get(QUIET_ACTION), text('rules.reasons.quiet'), next === null ? {} : { nextAllowed: next });
  }
  const windows = policy.get(DISCUSSION);
  if (!urgent && windows.length > 0 && (tag === undefined || tag.class === 'discussion') && !inWindows(event.at, quiet.timezone, windows)) {
    add('discussion', policy.get(QUIET_ACTION), text('rules.reasons.discussion'));
  }
  return out;
}
