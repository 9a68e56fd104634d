// MSG-1..5 and GRP-5 on the message event itself. Every broken rule has one of
// three outcomes: a private reminder (Slack ephemeral; Teams 1:1), removal (Slack
// with the admin user token; where the platform cannot, the author is reminded,
// the moderators are alerted and the audit log says it fell back), or an alert to
// the group's moderators. One message gets at most one reminder, listing every
// reason. Audited with the rules, never with the text.
import { localeOf, refreshProfile } from '../../core/actor.js';
import type { CardAction } from '../../core/cards.js';
import type { MessageContext } from '../../core/feature.js';
import { date, text, localized, type Text } from '../../core/messages.js';
import type { CoreDeps } from '../../core/ports.js';
import { mentionOf } from '../../core/summaries.js';
import { bySystem } from '../audit/entries.js';
import { catalogOf, tagOf } from '../post/tags.js';
import type { Tag } from '../post/catalog.js';
import type { PostStore } from '../post/store.js';
import { isAdminPerson } from './admins.js';
import type { ReminderCard } from './cards.js';
import { LOCAL_ZONE, QUIET, quietHoursOf, TIMEZONE } from './settings.js';
import { ADMIN_EXEMPT, evaluate, postingRefusal, type Violation } from './evaluate.js';

type Deps = CoreDeps<PostStore>;

/**
 * Buttons that open a form, only for tags the author may post in this group: when
 * quiet hours were broken, the message's own tag (else each tag) with the next
 * allowed time filled in as its send time; when a tag was missing, each tag.
 */
function buttons(ctx: MessageContext, violations: readonly Violation[], tag: Tag | undefined, allowed: readonly Tag[]): CardAction[] {
  const quiet = violations.find((v) => v.nextAllowed !== undefined)?.nextAllowed;
  const open = (t: Tag, label: Text): CardAction => ({
    id: 'post.open',
    payload: { groupId: ctx.group.id, tag: t.key, ...(quiet !== undefined ? { sendAt: quiet.toISOString() } : {}) },
    label,
    dialog: true,
  });
  const own = tag === undefined ? undefined : allowed.find((t) => t.key === tag.key);
  if (quiet !== undefined && own !== undefined) return [open(own, text('rules.schedule', { at: date(quiet) }))];
  if (quiet === undefined && !violations.some((v) => v.rule === 'tags')) return [];
  return allowed.slice(0, 8).map((t) => open(t, quiet === undefined ? text('post.tags.button', { name: localized(t.names) }) : text('rules.scheduleAs', { name: localized(t.names), at: date(quiet) })));
}

export async function enforceRules(deps: Deps, ctx: MessageContext): Promise<void> {
  const { event, group, workspace, author } = ctx;
  if (event.kind !== 'posted' || author === null || event.author?.isBot === true || event.addressedToCharter === true) return;
  const [policy, tag] = await Promise.all([ctx.policy(), tagOf(deps, workspace.id, event.text)]);
  // Quiet hours on each author's own clock need their zone: a Slack author's comes with their profile.
  const who = policy.get(QUIET) === 'on' && policy.get(TIMEZONE) === LOCAL_ZONE && author.timezone === null ? await refreshProfile(deps, workspace, author) : author;
  const quiet = quietHoursOf(policy, who);
  // Whether the author is an admin is read only when a rule admins are exempt from is broken.
  let violations = evaluate(event, tag, policy, quiet, false);
  let admin = false;
  if (violations.some((v) => ADMIN_EXEMPT.has(v.rule)) && (await isAdminPerson(deps, author, group))) {
    admin = true;
    violations = evaluate(event, tag, policy, quiet, true);
  }
  if (violations.length === 0) return;

  const remove = violations.some((v) => v.action === 'remove');
  let removed = false;
  if (remove && deps.capabilities.deleteMessage) {
    try {
      removed = await deps.moderation.deleteMessage(workspace, group, event.messageId);
      ctx.removed = removed;
    } catch (err) {
      deps.log.warn({ err, messageId: event.messageId }, 'removing a message failed');
    }
  }
  const fellBack = remove && !removed;
  const alert = fellBack || violations.some((v) => v.action === 'alert');
  const rules = violations.map((v) => v.rule);

  const card: ReminderCard = {
    kind: 'rules.reminder',
    group: group.name,
    reasons: violations.map((v) => v.reason),
    outcome: removed ? 'removed' : fellBack ? 'not-removed' : 'kept',
    actions: removed || violations.some((v) => v.rule === 'posting') ? [] : buttons(ctx, violations, tag, (await catalogOf(deps, workspace.id)).tags.filter((t) => postingRefusal(t.class, policy, admin) === null)),
  };
  try {
    await deps.moderation.remindPrivately(workspace, group, author, { locale: localeOf(deps, workspace, author), card });
  } catch (err) {
    deps.log.warn({ err, messageId: event.messageId }, 'could not remind the author privately');
  }

  if (alert) {
    const grants = await deps.store.roles.listForGroup(group.id);
    for (const moderator of await deps.store.people.getMany(grants.map((g) => g.personId))) {
      if (moderator.id === author.id) continue;
      try {
        await deps.messaging.sendPrivate(workspace, moderator, {
          locale: localeOf(deps, workspace, moderator),
          text: text(removed ? 'rules.alertRemoved' : fellBack ? 'rules.alertNotRemoved' : 'rules.alert', {
            author: mentionOf(author),
            group: group.name,
            at: date(event.at),
            rules: violations.map((v) => v.reason),
          }),
        });
      } catch (err) {
        deps.log.warn({ err, moderatorId: moderator.id }, 'could not alert a moderator');
      }
    }
  }

  await deps.store.audit.append(
    bySystem(workspace.id, 'message.policy', {
      targetType: 'message',
      targetId: event.messageId,
      groupId: group.id,
      outcome: fellBack ? 'fallback' : 'ok',
      details: { author: `${author.platform}:${author.platformUserId}`, rules, tag: tag?.key ?? null, removed, alerted: alert },
    }),
    deps.clock.now(),
  );
}
