// The core's ChatPlatform port on the Slack Web API. Rendering happens here, per
// recipient locale; governance decisions do not.
import { ErrorCode, type WebClient } from '@slack/web-api';
import { slackCard, slackText, type SlackMessage } from '../../cards/blockkit/index.js';
import type { RenderContext } from '../../cards/text.js';
import type { AnyCard } from '../../src/core/cards.js';
import { matchLocale } from '../../src/core/locale.js';
import { RateLimited } from '../../src/core/fanout.js';
import type { Group } from '../../src/core/model.js';
import type { AddMemberResult, ArchiveChannelResult, Capabilities, ChatPlatform, CreateChannelResult, Logger, MemberRef, NewChannel, Outbound, Profile, RemoveMemberResult } from '../../src/core/ports.js';
import { OWN_CHANNEL_TAKEOVER_MS } from '../../src/core/ports.js';
import type { Translator } from '../../src/i18n.js';

export const SLACK_COMMAND = '/charter';

/** A Web API error with Slack's error code (`already_in_channel`, …). */
function slackErrorCode(err: unknown): string | null {
  const e = err as { code?: unknown; data?: { error?: unknown } } | null;
  if (e?.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string') return e.data.error;
  return null;
}

interface SlackUser {
  id?: string;
  name?: string;
  real_name?: string;
  deleted?: boolean;
  is_bot?: boolean;
  is_app_user?: boolean;
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_stranger?: boolean;
  locale?: string;
  /** IANA zone of the person's Slack clock. */
  tz?: string;
  profile?: { real_name?: string; display_name?: string; title?: string; email?: string };
}

export function profileFromSlackUser(user: SlackUser, fallbackId: string): Profile {
  const p = user.profile ?? {};
  const realName = p.real_name || user.real_name || null;
  return {
    platformUserId: user.id ?? fallbackId,
    displayName: p.display_name || realName || user.name || fallbackId,
    realName,
    title: p.title || null,
    department: null, // not a standard Slack profile field; comes from the HR directory
    email: p.email || null,
    locale: matchLocale(user.locale) ?? null,
    isExternal: Boolean(user.is_restricted || user.is_ultra_restricted || user.is_stranger),
    employment: user.deleted ? 'inactive' : 'active',
    isBot: Boolean(user.is_bot) || user.id === 'USLACKBOT',
    timezone: user.tz ?? null,
  };
}

/** How many pages of conversations.list are read for a channel Charter made on a lost try. */
const OWN_CHANNEL_PAGES = 10;

/** Slack's answers that mean the app may not create channels (conversations.create). */
const SLACK_NOT_ALLOWED = new Set(['missing_scope', 'restricted_action', 'no_permission', 'not_allowed_token_type', 'ekm_access_denied']);

export class SlackPlatform implements ChatPlatform {
  readonly platform = 'slack' as const;
  readonly capabilities: Capabilities;

  /**
   * @param admin a client with SLACK_ADMIN_USER_TOKEN: only a user token of a
   * workspace admin may delete other people's messages.
   */
  constructor(
    private readonly client: WebClient,
    private readonly i18n: Translator,
    private readonly admin: WebClient | null,
    private readonly log: Logger,
    /** The bot's client for private messages: a 429 is thrown (RateLimited), not waited out in this process. */
    private readonly direct: WebClient = client,
  ) {
    this.capabilities = {
      addMember: 'direct',
      removeMember: true,
      removalScope: 'group',
      deleteMessage: admin !== null,
      privateReminder: 'ephemeral',
      privateReplies: true,
    };
  }

  private self: Promise<string | null> | null = null;
  /** Charter's own user id in the workspace (auth.test), asked once. */
  private selfId(): Promise<string | null> {
    this.self ??= this.client.auth.test().then(
      (r) => r.user_id ?? null,
      () => {
        this.self = null;
        return null;
      },
    );
    return this.self;
  }

  render(message: Outbound): SlackMessage {
    const ctx: RenderContext = { i18n: this.i18n, locale: message.locale, command: SLACK_COMMAND };
    return 'card' in message ? slackCard(ctx, message.card) : slackText(ctx, message.text);
  }

  async lookupProfile(_workspace: unknown, person: { platformUserId: string | null; address: string }): Promise<Profile | null> {
    try {
      const res = await this.client.users.info({ user: person.address, include_locale: true });
      return res.user === undefined ? null : profileFromSlackUser(res.user as SlackUser, person.address);
    } catch (err) {
      if (slackErrorCode(err) === 'user_not_found') return null;
      throw err;
    }
  }

  private async post(channel: string, message: Outbound, threadTs?: string, client: WebClient = this.client) {
    const res = await client.chat.postMessage({
      channel,
      ...(threadTs !== undefined ? { thread_ts: threadTs } : {}),
      ...this.render(message),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (typeof res.channel !== 'string' || typeof res.ts !== 'string') throw new Error('chat.postMessage returned no channel or ts');
    return { conversationId: res.channel, messageId: res.ts };
  }

  /**
   * Posting to a user id opens (or reuses) the bot's DM with them. For the shared
   * sender, Slack's 429 is thrown as RateLimited with its Retry-After, so it pauses
   * the bucket for every running Charter instead of one process sleeping; other
   * callers wait it out as the Web API client does.
   */
  async sendPrivate(_workspace: unknown, person: { address: string }, message: Outbound, options: { rateLimits?: 'throw' | 'wait' } = {}) {
    if (options.rateLimits !== 'throw') return this.post(person.address, message);
    try {
      return await this.post(person.address, message, undefined, this.direct);
    } catch (err) {
      const e = err as { code?: string; retryAfter?: number };
      if (e.code === ErrorCode.RateLimitedError) throw new RateLimited(Math.max(1, e.retryAfter ?? 1) * 1000);
      throw err;
    }
  }

  postToGroup(_workspace: unknown, group: Group, message: Outbound) {
    return this.post(group.channelId, message);
  }

  /** `chat.postMessage` with `thread_ts`: the reply goes into the thread, not the channel. */
  replyInThread(_workspace: unknown, group: Group, threadId: string, message: Outbound) {
    return this.post(group.channelId, message, threadId);
  }

  /** `chat.getPermalink`; null when Slack will not say (the message is gone, no access). */
  async messageLink(_workspace: unknown, group: Group, messageId: string): Promise<string | null> {
    try {
      const r = await this.client.chat.getPermalink({ channel: group.channelId, message_ts: messageId });
      const link = typeof r.permalink === 'string' ? r.permalink : null;
      return link !== null && /^https:\/\/[a-z0-9.-]+\.slack\.com\//i.test(link) ? link : null;
    } catch (err) {
      if (slackErrorCode(err) === null) throw err;
      return null;
    }
  }

  async updateCard(_workspace: unknown, post: { conversationId: string; messageId: string; locale: Outbound['locale'] }, card: AnyCard) {
    await this.client.chat.update({ channel: post.conversationId, ts: post.messageId, ...this.render({ locale: post.locale, card }) });
  }

  async isMember(_workspace: unknown, group: Group, person: { address: string }): Promise<boolean | 'unknown'> {
    try {
      let cursor: string | undefined;
      do {
        const res = await this.client.conversations.members({ channel: group.channelId, limit: 1000, ...(cursor ? { cursor } : {}) });
        if ((res.members ?? []).includes(person.address)) return true;
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor !== undefined);
      return false;
    } catch (err) {
      if (slackErrorCode(err) !== null) return 'unknown'; // e.g. the bot is not in a private channel
      throw err;
    }
  }

  /** `users.conversations` for the person (the channels the bot can see them in), one paged call. */
  async groupsWith(_workspace: unknown, person: { address: string }, among: readonly Group[]): Promise<Group[] | 'unknown'> {
    try {
      const ids = new Set<string>();
      let cursor: string | undefined;
      do {
        const res = await this.client.users.conversations({ user: person.address, types: 'public_channel,private_channel,mpim', exclude_archived: true, limit: 1000, ...(cursor ? { cursor } : {}) });
        for (const c of res.channels ?? []) if (typeof c.id === 'string') ids.add(c.id);
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor !== undefined);
      return among.filter((g) => ids.has(g.channelId));
    } catch (err) {
      if (slackErrorCode(err) !== null) return 'unknown';
      throw err;
    }
  }

  async listMembers(_workspace: unknown, group: Group): Promise<MemberRef[] | 'unknown'> {
    try {
      const ids: string[] = [];
      let cursor: string | undefined;
      do {
        const res = await this.client.conversations.members({ channel: group.channelId, limit: 1000, ...(cursor ? { cursor } : {}) });
        ids.push(...(res.members ?? []));
        cursor = res.response_metadata?.next_cursor || undefined;
      } while (cursor !== undefined);
      const self = await this.selfId();
      return ids.filter((id) => id !== self).map((id) => ({ address: id, platformUserId: id, displayName: id }));
    } catch (err) {
      if (slackErrorCode(err) !== null) return 'unknown';
      throw err;
    }
  }

  async addMember(_workspace: unknown, group: Group, person: { address: string }): Promise<AddMemberResult> {
    const invite = async (): Promise<AddMemberResult> => {
      await this.client.conversations.invite({ channel: group.channelId, users: person.address });
      return { outcome: 'added' };
    };
    try {
      return await invite();
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === null) throw err; // network or rate trouble: retried later
      if (code === 'already_in_channel') return { outcome: 'already-member' };
      if (code === 'not_in_channel' && group.conversationKind === 'channel') {
        // The bot may join a public channel by itself, then invite.
        try {
          await this.client.conversations.join({ channel: group.channelId });
          return await invite();
        } catch (again) {
          const c = slackErrorCode(again);
          if (c === null) throw again;
          if (c === 'already_in_channel') return { outcome: 'already-member' };
          return { outcome: 'failed', error: c };
        }
      }
      return { outcome: 'failed', error: code };
    }
  }

  /** `conversations.kick` (bot scopes channels:manage, groups:write). */
  async removeMember(_workspace: unknown, group: Group, person: { address: string }): Promise<RemoveMemberResult> {
    try {
      await this.client.conversations.kick({ channel: group.channelId, user: person.address });
      return { outcome: 'removed' };
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === null) throw err; // network or rate trouble: the caller may try again
      if (code === 'not_in_channel') return { outcome: 'not-member' };
      return { outcome: 'failed', error: code };
    }
  }

  /** With the admin user token only (capabilities.deleteMessage). */
  async deleteMessage(_workspace: unknown, group: Group, messageId: string): Promise<boolean> {
    if (this.admin === null) return false;
    try {
      await this.admin.chat.delete({ channel: group.channelId, ts: messageId, as_user: true });
      return true;
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === null) throw err;
      this.log.warn({ code }, 'Slack refused to delete a message');
      return false;
    }
  }

  /** An ephemeral message in the group: only that person sees it. */
  async remindPrivately(_workspace: unknown, group: Group, person: { address: string }, message: Outbound): Promise<void> {
    await this.client.chat.postEphemeral({ channel: group.channelId, user: person.address, ...this.render(message) });
  }

  /**
   * GRP-2: `conversations.create` (bot scope channels:manage) with the Slack name
   * Charter chose, then `conversations.invite` for the requester. A refused invite
   * leaves the channel created (`invited: false`: the requester is told to join).
   */
  async createChannel(_workspace: unknown, channel: NewChannel): Promise<CreateChannelResult> {
    let id: string;
    let name: string;
    try {
      const res = await this.client.conversations.create({ name: channel.channelName, is_private: false });
      if (typeof res.channel?.id !== 'string') return { outcome: 'failed', error: 'no_channel_id' };
      id = res.channel.id;
      name = res.channel.name ?? channel.channelName;
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === null) throw err; // network or rate trouble: retried later
      if (code === 'name_taken') {
        // Perhaps Charter's own, from a try whose answer was lost (a timeout, then the
        // client's retry) or that stopped before the group was registered: taken over.
        const own = await this.ownRecentChannel(channel.channelName);
        if (own === null) return { outcome: 'name-taken' };
        this.log.info({ channelId: own.id }, 'took over a channel Charter had created for this request');
        return { ...(await this.inviteRequester(own.id, channel)), channelId: own.id, channelName: own.name };
      }
      // A workspace preference or a scope the app lacks: a permission to ask an administrator for.
      if (SLACK_NOT_ALLOWED.has(code)) return { outcome: 'failed', error: code, notAllowed: true };
      return { outcome: 'failed', error: code };
    }
    return { ...(await this.inviteRequester(id, channel)), channelId: id, channelName: name };
  }

  /** The requester into the new channel; a refused invite leaves it created (`invited: false`). */
  private async inviteRequester(id: string, channel: NewChannel): Promise<{ outcome: 'created'; conversationKind: 'channel'; teamId: null; invited: boolean }> {
    let invited = true;
    try {
      await this.client.conversations.invite({ channel: id, users: channel.requester.address });
    } catch (err) {
      const code = slackErrorCode(err);
      if (code !== 'already_in_channel') {
        this.log.warn({ code, err: code === null ? err : undefined }, 'could not invite the requester into the new channel');
        invited = false;
      }
    }
    return { outcome: 'created', conversationKind: 'channel', teamId: null, invited };
  }

  /**
   * A public channel of that name Charter itself created in the last day (Slack names
   * the creator): what a lost answer to conversations.create leaves. Looked for in at
   * most OWN_CHANNEL_PAGES pages of conversations.list (Tier 2); null when not found.
   */
  private async ownRecentChannel(channelName: string): Promise<{ id: string; name: string } | null> {
    const self = await this.selfId();
    if (self === null) return null;
    const since = (Date.now() - OWN_CHANNEL_TAKEOVER_MS) / 1000;
    let cursor: string | undefined;
    for (let page = 0; page < OWN_CHANNEL_PAGES; page += 1) {
      const res = await this.client.conversations.list({ types: 'public_channel', exclude_archived: true, limit: 1000, ...(cursor !== undefined ? { cursor } : {}) });
      const found = (res.channels ?? []).find((c) => c.name === channelName);
      if (found !== undefined) {
        return typeof found.id === 'string' && found.creator === self && typeof found.created === 'number' && found.created >= since ? { id: found.id, name: channelName } : null;
      }
      cursor = res.response_metadata?.next_cursor || undefined;
      if (cursor === undefined) return null;
    }
    return null;
  }

  /** GRP-3: `conversations.archive` (channels:manage, groups:write); the bot joins a public channel first when it must. */
  async archiveChannel(_workspace: unknown, group: Group): Promise<ArchiveChannelResult> {
    const archive = async (): Promise<ArchiveChannelResult> => {
      await this.client.conversations.archive({ channel: group.channelId });
      return { outcome: 'archived' };
    };
    try {
      return await archive();
    } catch (err) {
      const code = slackErrorCode(err);
      if (code === null) throw err;
      if (code === 'already_archived') return { outcome: 'already-archived' };
      if (code === 'not_in_channel' && group.conversationKind === 'channel') {
        try {
          await this.client.conversations.join({ channel: group.channelId });
          return await archive();
        } catch (again) {
          const c = slackErrorCode(again);
          if (c === null) throw again;
          return c === 'already_archived' ? { outcome: 'already-archived' } : { outcome: 'failed', error: c };
        }
      }
      return { outcome: 'failed', error: code };
    }
  }
}
