// The core's ChatPlatform port on the Bot Framework connector (and Microsoft Graph
// where configured). Everything here works proactively, through stored
// conversation references, because deferred work outlives the turn.
import { TeamsInfo, TurnContext, type Activity, type CloudAdapter, type ConversationReference } from 'botbuilder';
import type { AnyCard } from '../../src/core/cards.js';
import type { CardPost, Group, Person, Workspace } from '../../src/core/model.js';
import { RateLimited } from '../../src/core/fanout.js';
import type { AddMemberResult, ArchiveChannelResult, Capabilities, ChatPlatform, CreateChannelResult, Logger, MemberRef, NewChannel, Outbound, Posted, Profile, RemoveMemberResult } from '../../src/core/ports.js';
import { OWN_CHANNEL_TAKEOVER_MS } from '../../src/core/ports.js';
import type { Translator } from '../../src/i18n.js';
import type { CharterStore } from '../../src/store/index.js';
import { storableReference } from './activity.js';
import { GraphError, type GraphClient } from './graph.js';
import { cardActivity, messageActivity, renderContext } from './render.js';
import { assertServiceUrl, type ServiceUrlPolicy } from './serviceUrl.js';

export { TEAMS_COMMAND } from './render.js';
const AUDIENCE = 'https://api.botframework.com';

export interface TeamsPlatformDeps {
  adapter: CloudAdapter;
  appId: string;
  /** Every service URL is checked again before use, stored ones included. */
  servicePolicy: ServiceUrlPolicy;
  store: CharterStore;
  i18n: Translator;
  log: Logger;
  graph: GraphClient | null;
  /** The bot's own account per tenant, learnt from incoming activities. */
  botAccounts: Map<string, { id: string; name: string }>;
}

const AAD_OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A person's stable id is their AAD object id once Teams told us; before that it is their `29:` address. */
function aadObjectId(person: { platformUserId: string | null }): string | null {
  return person.platformUserId !== null && AAD_OBJECT_ID.test(person.platformUserId) ? person.platformUserId : null;
}

function statusOf(err: unknown): number | null {
  const e = err as { statusCode?: unknown; status?: unknown; response?: { status?: unknown } } | null;
  const s = e?.statusCode ?? e?.status ?? e?.response?.status;
  return typeof s === 'number' ? s : null;
}

/** A 429's Retry-After (seconds, or an HTTP date) in milliseconds; 1 s when absent. */
function retryAfterMs(err: unknown): number {
  const headers = (err as { response?: { headers?: { get?(name: string): string | undefined } } } | null)?.response?.headers;
  const raw = typeof headers?.get === 'function' ? headers.get('retry-after') : undefined;
  if (raw === undefined) return 1_000;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.min(3_600_000, Math.max(0, seconds * 1000));
  const at = Date.parse(raw);
  return Number.isNaN(at) ? 1_000 : Math.min(3_600_000, Math.max(0, at - Date.now()));
}

/** How a Graph refusal is recorded and shown: `graph_<status>_<code>`. */
const graphCode = (err: GraphError): string => `graph_${err.status}_${err.code}`;

export class TeamsPlatform implements ChatPlatform {
  readonly platform = 'teams' as const;
  readonly capabilities: Capabilities;

  /**
   * @param turn the conversation of the activity being handled, if any: people in
   * it can be looked up through the connector even when they never chatted 1:1.
   */
  constructor(
    private readonly deps: TeamsPlatformDeps,
    private readonly turn: Partial<ConversationReference> | null = null,
  ) {
    this.capabilities = {
      addMember: deps.graph !== null ? 'direct' : 'ask-owner',
      removeMember: deps.graph !== null,
      removalScope: 'team', // a channel's members are its team's
      deleteMessage: false, // a Teams bot cannot delete other people's messages
      privateReminder: 'direct-message',
      privateReplies: false,
    };
  }

  activity(message: Outbound): Partial<Activity> {
    return messageActivity(renderContext(this.deps.i18n, message.locale), message);
  }

  /**
   * Runs logic in a conversation. The adapter reports errors thrown inside to its
   * onTurnError (which logs and swallows them); they are caught here and thrown to
   * the caller, so a 404 or a 503 from the connector is seen for what it is.
   */
  private async within(reference: Partial<ConversationReference>, logic: (ctx: TurnContext) => Promise<void>): Promise<void> {
    const serviceUrl = assertServiceUrl(reference.serviceUrl, this.deps.servicePolicy);
    let failure: { err: unknown } | null = null;
    await this.deps.adapter.continueConversationAsync(this.deps.appId, { ...reference, serviceUrl }, async (ctx) => {
      try {
        await logic(ctx);
      } catch (err) {
        failure = { err };
      }
    });
    if (failure !== null) throw (failure as { err: unknown }).err;
  }

  /** @param replyToId the message replied to (otherwise the continuation's own, meaningless id goes out as replyToId). */
  private async send(reference: Partial<ConversationReference>, activity: Partial<Activity>, replyToId?: string): Promise<Posted> {
    let posted: Posted | null = null;
    await this.within(reference, async (ctx) => {
      if (replyToId !== undefined) {
        ctx.onSendActivities(async (_ctx, activities, next) => {
          for (const a of activities) a.replyToId = replyToId;
          return next();
        });
      }
      const res = await ctx.sendActivity(activity);
      posted = { conversationId: ctx.activity.conversation.id, messageId: res?.id ?? '' };
    });
    if (posted === null) throw new Error('the message was not sent');
    return posted;
  }

  /** The 1:1 chat with a person: a stored one, or a new one created in their tenant. */
  private async personalReference(workspace: Workspace, person: Person): Promise<Partial<ConversationReference>> {
    const stored = await this.deps.store.conversations.personal(workspace.id, person.address);
    if (stored !== null) return stored.reference as Partial<ConversationReference>;
    if (workspace.serviceUrl === null) throw new Error('no service URL known for this tenant');
    const serviceUrl = assertServiceUrl(workspace.serviceUrl, this.deps.servicePolicy);
    const bot = this.deps.botAccounts.get(workspace.externalId) ?? (this.deps.appId !== '' ? { id: `28:${this.deps.appId}`, name: 'Charter' } : null);
    if (bot === null) throw new Error('the bot account for this tenant is not known yet');
    let reference: Partial<ConversationReference> | null = null;
    await this.deps.adapter.createConversationAsync(
      this.deps.appId,
      'msteams',
      serviceUrl,
      AUDIENCE,
      {
        isGroup: false,
        bot,
        members: [{ id: person.address, name: person.displayName }],
        tenantId: workspace.externalId,
        channelData: { tenant: { id: workspace.externalId } },
        activity: undefined as unknown as Activity,
      },
      async (ctx) => {
        reference = { ...TurnContext.getConversationReference(ctx.activity), bot, user: { id: person.address, name: person.displayName } };
      },
    );
    if (reference === null) throw new Error('the conversation was not created');
    const ref: Partial<ConversationReference> = reference;
    await this.deps.store.conversations.save({
      conversationId: ref.conversation?.id ?? '',
      workspaceId: workspace.id,
      userAddress: person.address,
      kind: 'personal',
      reference: storableReference(ref),
      at: new Date(),
    });
    return ref;
  }

  async sendPrivate(workspace: Workspace, person: Person, message: Outbound): Promise<Posted> {
    try {
      return await this.send(await this.personalReference(workspace, person), this.activity(message));
    } catch (err) {
      // The client's own retries honour Retry-After; a 429 left after them goes to the shared sender.
      if (statusOf(err) === 429) throw new RateLimited(retryAfterMs(err));
      throw err;
    }
  }

  private async groupReference(group: Group): Promise<Partial<ConversationReference>> {
    const stored = await this.deps.store.conversations.get(group.channelId);
    if (stored === null) throw new Error('no conversation reference for this group');
    return stored.reference as Partial<ConversationReference>;
  }

  async postToGroup(_workspace: Workspace, group: Group, message: Outbound): Promise<Posted> {
    return this.send(await this.groupReference(group), this.activity(message));
  }

  /**
   * A channel thread is a conversation of its own, `<channel id>;messageid=<root id>`:
   * the reply is posted there through the channel's stored reference (and its
   * validated serviceUrl), replying to the root as Teams does in a thread. A group
   * chat has no threads: the reply goes to the chat, replying to the message.
   */
  async replyInThread(_workspace: Workspace, group: Group, threadId: string, message: Outbound): Promise<Posted> {
    const base = await this.groupReference(group);
    const id = group.conversationKind === 'group-chat' ? group.channelId : `${group.channelId};messageid=${threadId}`;
    const conversation = { ...base.conversation, id } as ConversationReference['conversation'];
    return this.send({ ...base, conversation }, this.activity(message), threadId);
  }

  /**
   * The deep link Teams opens a channel message with (`/l/message/<channel>/<id>`);
   * the team's Entra group id is added where Charter knows it. A group chat's
   * messages have no such link.
   */
  async messageLink(workspace: Workspace, group: Group, messageId: string): Promise<string | null> {
    if (group.conversationKind === 'group-chat' || !/^\d{1,20}$/.test(messageId)) return null;
    const query = new URLSearchParams({ tenantId: workspace.externalId, parentMessageId: messageId });
    if (group.teamAadGroupId !== null) query.set('groupId', group.teamAadGroupId);
    return `https://teams.microsoft.com/l/message/${encodeURIComponent(group.channelId)}/${messageId}?${query.toString()}`;
  }

  async updateCard(_workspace: Workspace, post: CardPost, card: AnyCard): Promise<void> {
    const stored = await this.deps.store.conversations.get(post.conversationId);
    if (stored === null) throw new Error('no conversation reference for this card');
    await this.within(stored.reference as Partial<ConversationReference>, async (turn) => {
      await turn.updateActivity({ ...cardActivity(renderContext(this.deps.i18n, post.locale), card), id: post.messageId });
    });
  }

  /** Teams has no message only one person sees in a channel: the reminder goes to the 1:1 chat. */
  async remindPrivately(workspace: Workspace, _group: Group, person: Person, message: Outbound): Promise<void> {
    await this.sendPrivate(workspace, person, message);
  }

  async deleteMessage(): Promise<boolean> {
    return false; // a bot cannot delete other people's messages; Graph's softDelete needs delegated permissions
  }

  async removeMember(_workspace: Workspace, group: Group, person: Person): Promise<RemoveMemberResult> {
    const graph = this.deps.graph;
    if (graph === null) return { outcome: 'unsupported' };
    const aad = aadObjectId(person);
    if (aad === null) return { outcome: 'failed', error: 'unknown_aad_object_id' };
    try {
      let removed: boolean;
      if (group.conversationKind === 'group-chat') removed = await graph.removeChatMember(group.channelId, aad);
      else {
        const team = await this.teamAadGroupId(group);
        if (team === null) return { outcome: 'failed', error: 'team_not_found' };
        removed = await graph.removeTeamMember(team, aad);
      }
      return { outcome: removed ? 'removed' : 'not-member' };
    } catch (err) {
      return this.graphFailure(err); // 5xx, 429 and network trouble are thrown: the caller may try again
    }
  }

  async lookupProfile(workspace: Workspace, person: { platformUserId: string | null; address: string }): Promise<Profile | null> {
    // Graph knows title, department and whether the account is enabled.
    const aad = aadObjectId(person);
    if (this.deps.graph !== null && aad !== null) {
      try {
        const u = await this.deps.graph.getUser(aad);
        return {
          platformUserId: u.id.toLowerCase(),
          displayName: u.displayName ?? person.address,
          realName: u.displayName ?? null,
          title: u.jobTitle ?? null,
          department: u.department ?? null,
          email: u.mail ?? null,
          locale: null,
          isExternal: u.userType === 'Guest',
          employment: u.accountEnabled === false ? 'inactive' : 'active',
          isBot: false,
        };
      } catch (err) {
        this.deps.log.warn({ err }, 'Graph profile lookup failed; trying the connector');
      }
    }
    // The connector knows names and the AAD object id of anyone in a conversation with the bot.
    const reference = this.turn ?? (await this.deps.store.conversations.personal(workspace.id, person.address))?.reference;
    if (reference === undefined) return null;
    let member: Awaited<ReturnType<typeof TeamsInfo.getMember>> | null = null;
    await this.within(reference as Partial<ConversationReference>, async (ctx) => {
      member = await TeamsInfo.getMember(ctx, person.address);
    });
    if (member === null) return null;
    const m: Awaited<ReturnType<typeof TeamsInfo.getMember>> = member;
    return {
      platformUserId: (m.aadObjectId ?? person.address).toLowerCase(),
      displayName: m.name || person.address,
      // The directory's display name, as Teams shows it; given + surname would put Chinese names in the wrong order.
      realName: m.name || [m.givenName, m.surname].filter(Boolean).join(' ') || null,
      title: null,
      department: null,
      email: m.email ?? null,
      locale: null,
      isExternal: m.userRole === 'guest' || (m.tenantId !== undefined && m.tenantId.toLowerCase() !== workspace.externalId),
      employment: 'active',
      isBot: person.address.startsWith('28:'),
    };
  }

  async isMember(_workspace: Workspace, group: Group, person: Person): Promise<boolean | 'unknown'> {
    try {
      let found = false;
      await this.within(await this.groupReference(group), async (ctx) => {
        if (group.teamId !== null) await TeamsInfo.getTeamMember(ctx, group.teamId, person.address);
        else await TeamsInfo.getMember(ctx, person.address);
        found = true;
      });
      return found;
    } catch (err) {
      if (statusOf(err) === 404 || /MemberNotFoundInConversation|not found/i.test(String((err as Error).message))) return false;
      this.deps.log.warn({ err }, 'Teams membership check failed');
      return 'unknown';
    }
  }

  /** Each group asked (a team's standard channels share its membership: the team once), a few at a time. */
  async groupsWith(workspace: Workspace, person: Person, among: readonly Group[]): Promise<Group[] | 'unknown'> {
    const answers = new Map<string, Promise<boolean | 'unknown'>>();
    const found: Group[] = [];
    for (let i = 0; i < among.length; i += 8) {
      const slice = among.slice(i, i + 8);
      const results = await Promise.all(
        slice.map((g) => {
          const key = g.teamId ?? g.channelId;
          let answer = answers.get(key);
          if (answer === undefined) answers.set(key, (answer = this.isMember(workspace, g, person)));
          return answer;
        }),
      );
      if (results.includes('unknown')) return 'unknown';
      slice.forEach((g, j) => results[j] === true && found.push(g));
    }
    return found;
  }

  async listMembers(_workspace: Workspace, group: Group): Promise<MemberRef[] | 'unknown'> {
    try {
      const members: MemberRef[] = [];
      await this.within(await this.groupReference(group), async (ctx) => {
        let token: string | undefined;
        do {
          const page = group.teamId !== null ? await TeamsInfo.getPagedTeamMembers(ctx, group.teamId, 500, token) : await TeamsInfo.getPagedMembers(ctx, 500, token);
          for (const m of page.members) members.push({ address: m.id, platformUserId: m.aadObjectId ?? null, displayName: m.name ?? m.id });
          token = page.continuationToken || undefined;
        } while (token !== undefined && members.length < 50_000);
      });
      return members.filter((m) => !m.address.startsWith('28:'));
    } catch (err) {
      this.deps.log.warn({ err }, 'Teams member list failed');
      return 'unknown';
    }
  }

  /** The team's AAD group id (Graph's team id): stored on the group, else asked of the connector. */
  private async teamAadGroupId(group: Group): Promise<string | null> {
    if (group.teamAadGroupId !== null) return group.teamAadGroupId;
    if (group.teamId === null) return null;
    let aad: string | null = null;
    await this.within(await this.groupReference(group), async (ctx) => {
      aad = (await TeamsInfo.getTeamDetails(ctx, group.teamId as string)).aadGroupId ?? null;
    });
    return aad;
  }

  async addMember(_workspace: Workspace, group: Group, person: Person): Promise<AddMemberResult> {
    const graph = this.deps.graph;
    if (graph === null) return { outcome: 'unsupported' };
    const user = aadObjectId(person);
    if (user === null) return { outcome: 'failed', error: 'unknown_aad_object_id' };
    let team: string | null = null;
    try {
      if (group.conversationKind === 'group-chat') {
        await graph.addChatMember(group.channelId, user);
      } else {
        team = await this.teamAadGroupId(group);
        if (team === null) return { outcome: 'failed', error: 'team_not_found' };
        await graph.addTeamMember(team, user);
      }
      return { outcome: 'added', ...(team !== null ? { learned: { teamAadGroupId: team } } : {}) };
    } catch (err) {
      if (err instanceof GraphError && err.status === 409) return { outcome: 'already-member', ...(team !== null ? { learned: { teamAadGroupId: team } } : {}) };
      return this.graphFailure(err); // 5xx, 429 and network trouble are thrown: retried later
    }
  }

  /** A Graph 4xx other than 429 is an answer; 5xx, 429 and network trouble are thrown to be tried again. */
  private graphFailure(err: unknown): { outcome: 'failed'; error: string } {
    if (err instanceof GraphError && err.status >= 400 && err.status < 500 && err.status !== 429) return { outcome: 'failed', error: graphCode(err) };
    throw err;
  }

  /**
   * GRP-2: a standard channel in the team the request was typed in (Graph
   * `POST /teams/{id}/channels`). The requester is a member of that team, so of its
   * standard channels too. The new channel's reference is the team's with the
   * channel's id, stored so Charter can post there at once. Without Graph, or when
   * the request came from a chat outside a team, Teams cannot do it here.
   */
  async createChannel(workspace: Workspace, channel: NewChannel): Promise<CreateChannelResult> {
    const graph = this.deps.graph;
    const origin = channel.origin;
    if (graph === null || origin === null || origin.teamId === null) return { outcome: 'unsupported' };
    const base = await this.deps.store.conversations.get(origin.channelId);
    if (base === null) return { outcome: 'failed', error: 'no_conversation_reference' };
    const reference = base.reference as Partial<ConversationReference>;
    let team: string | null = null;
    try {
      await this.within(reference, async (ctx) => {
        team = (await TeamsInfo.getTeamDetails(ctx, origin.teamId as string)).aadGroupId ?? null;
      });
      if (team === null) return { outcome: 'failed', error: 'team_not_found' };
      // The name made to Teams' rules when the request was typed; the group keeps the name people gave it.
      const teamId: string = team;
      const created = await graph.createChannel(teamId, channel.channelName, channel.purpose).catch(async (err: unknown) => {
        if (!(err instanceof GraphError && err.status === 409)) throw err;
        // Perhaps Charter's own, from a try whose answer was lost or that stopped before the
        // group was registered: the same name and description, made in the last day.
        // Listing channels needs ChannelSettings.Read(Write).All or Channel.ReadBasic.All: without it, the name stays taken.
        const own = await graph.findChannel(teamId, channel.channelName).catch(() => null);
        if (own === null || own.description !== channel.purpose || own.createdAt === null || Date.now() - own.createdAt.getTime() > OWN_CHANNEL_TAKEOVER_MS) throw err;
        this.deps.log.info({ channelId: own.id }, 'took over a channel Charter had created for this request');
        return own;
      });
      const conversation = { ...reference.conversation, id: created.id, conversationType: 'channel', isGroup: true } as ConversationReference['conversation'];
      await this.deps.store.conversations.save({
        conversationId: created.id,
        workspaceId: workspace.id,
        userAddress: null,
        kind: 'channel',
        reference: storableReference({ ...reference, conversation, activityId: undefined }),
        at: new Date(),
      });
      return { outcome: 'created', channelId: created.id, channelName: created.displayName, conversationKind: 'channel', teamId: origin.teamId, teamAadGroupId: team, invited: true };
    } catch (err) {
      if (err instanceof GraphError && err.status === 409) return { outcome: 'name-taken' };
      // Channel.Create not granted (or not consented): a permission to ask an administrator for.
      if (err instanceof GraphError && (err.status === 401 || err.status === 403)) return { outcome: 'failed', error: graphCode(err), notAllowed: true };
      return this.graphFailure(err);
    }
  }

  /**
   * GRP-3: Graph archives a team's standard channel (`POST …/channels/{id}/archive`,
   * ChannelSettings.ReadWrite.All); not the General channel, not a group chat, not
   * without Graph: the owners are asked to instead.
   */
  async archiveChannel(_workspace: Workspace, group: Group): Promise<ArchiveChannelResult> {
    const graph = this.deps.graph;
    if (graph === null || group.conversationKind === 'group-chat' || group.teamId === null || group.channelId === group.teamId) return { outcome: 'unsupported' };
    try {
      const team = await this.teamAadGroupId(group);
      if (team === null) return { outcome: 'failed', error: 'team_not_found' };
      await graph.archiveChannel(team, group.channelId);
      return { outcome: 'archived' };
    } catch (err) {
      return this.graphFailure(err);
    }
  }
}
