// Teams adapter: CloudAdapter at POST /api/messages. Commands in 1:1 chats and by
// mention in channels and group chats; every other message, edit and deletion
// goes to the message pipeline; joins, leaves and renames are membership and
// rename events; Universal Action invokes are answered with the refreshed card.
// A conversation reference is saved from every activity for proactive messages.
// Retries are dropped by activity id. All botbuilder imports stay in adapters/teams.
import {
  ActivityTypes,
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  TurnContext,
  type Activity,
  type ConversationReference,
  type InvokeResponse,
} from 'botbuilder';
import type { Request, RequestHandler, Response } from 'express';
import type { GraphConfig, TeamsConfig } from '../../src/config.js';
import { workspaceId } from '../../src/core/actor.js';
import { failure, handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { PlatformEvent } from '../../src/core/inputs.js';
import type { Locale } from '../../src/core/locale.js';
import type { CoreDeps } from '../../src/core/ports.js';
import { coreDeps, type AppContext } from '../context.js';
import { answerUnavailable } from '../http/unavailable.js';
import { RetryGuard } from '../retries.js';
import { actorOf, commandText, conversationIdOf, conversationOf, storableReference, tenantOf } from './activity.js';
import { replyActivity } from './answers.js';
import { ChannelNames } from './channels.js';
import { conversationEvents, isAddressedToCharter, messageEvent } from './events.js';
import { GraphClient } from './graph.js';
import { INVOKES } from './invokes.js';
import { TeamsPlatform, type TeamsPlatformDeps } from './platform.js';
import { renderContext } from './render.js';
import { activityProblems, activitySchema } from './schema.js';
import { checkServiceUrl, isLoopbackAddress, type ServiceUrlPolicy } from './serviceUrl.js';

type Enabled = Exclude<TeamsConfig, { mode: 'disabled' }>;

export interface TeamsAdapter {
  handle: RequestHandler;
  /** The core wired to this platform, for work outside a turn (the sweeper). */
  core: CoreDeps;
}

const SERVICE_URL_CLAIM = 'serviceurl';

type AuthenticateRequestResult = Awaited<ReturnType<ConfigurationBotFrameworkAuthentication['authenticateRequest']>>;

/**
 * CloudAdapter, with the request already authenticated by us: botbuilder's own
 * `process` answers a badly signed token with 500 and prints it to the console.
 */
class AuthenticatedCloudAdapter extends CloudAdapter {
  run(auth: AuthenticateRequestResult, activity: Activity, logic: (ctx: TurnContext) => Promise<void>): Promise<InvokeResponse | undefined> {
    return this.processActivity(auth, activity, logic);
  }
}

const TOKEN_ERRORS = new Set(['AuthenticationError', 'JsonWebTokenError', 'TokenExpiredError', 'NotBeforeError']);

function isTokenError(err: unknown): boolean {
  const e = err as { name?: unknown; statusCode?: unknown } | null;
  return (typeof e?.name === 'string' && TOKEN_ERRORS.has(e.name)) || e?.statusCode === 401;
}

/** A request from this machine, not forwarded on behalf of another by a local proxy. */
function fromLoopback(req: Request): boolean {
  if (!isLoopbackAddress(req.socket.remoteAddress)) return false;
  const forwarded = [req.get('x-forwarded-for'), req.get('x-real-ip'), req.get('forwarded')].filter((h): h is string => h !== undefined);
  for (const header of forwarded) {
    for (const part of header.split(/[,;]/)) {
      const value = part.trim().replace(/^for=/i, '').replace(/^"|"$/g, '').replace(/:\d+$/, '');
      if (value !== '' && !/^(by|proto|host)=/i.test(value) && !isLoopbackAddress(value)) return false;
    }
  }
  return true;
}

function authentication(config: Enabled): ConfigurationBotFrameworkAuthentication {
  if (config.mode === 'emulator') return new ConfigurationBotFrameworkAuthentication({});
  return new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.appId,
    MicrosoftAppType: config.appType,
    ...(config.appPassword !== undefined ? { MicrosoftAppPassword: config.appPassword.reveal() } : {}),
    ...(config.tenantId !== undefined ? { MicrosoftAppTenantId: config.tenantId } : {}),
  });
}

export function createTeamsAdapter(app: AppContext, config: Enabled, graphConfig: GraphConfig | undefined): TeamsAdapter {
  const auth = authentication(config);
  const adapter = new AuthenticatedCloudAdapter(auth);
  const appId = config.mode === 'authenticated' ? config.appId : '';
  const servicePolicy: ServiceUrlPolicy =
    config.mode === 'emulator' ? { mode: 'emulator' } : { mode: 'authenticated', extraHosts: config.extraServiceHosts };
  const platformDeps: TeamsPlatformDeps = {
    adapter,
    appId,
    servicePolicy,
    store: app.store,
    i18n: app.i18n,
    log: app.log,
    graph: graphConfig !== undefined ? new GraphClient(graphConfig) : null,
    botAccounts: new Map(),
  };
  const coreWith = (turn: Partial<ConversationReference> | null): CoreDeps => coreDeps(app, new TeamsPlatform(platformDeps, turn));
  const channelNames = new ChannelNames(app.log);
  const retries = new RetryGuard(app.store.events, app.clock);
  const render = (locale: Locale) => renderContext(app.i18n, locale);

  /** Remembers how to reach this conversation (and the bot's own account) later. */
  async function remember(ctx: TurnContext): Promise<Partial<ConversationReference>> {
    const a = ctx.activity;
    const id = conversationIdOf(a);
    const reference = TurnContext.getConversationReference(a);
    reference.conversation = { ...reference.conversation, id } as ConversationReference['conversation'];
    if (a.recipient?.id) platformDeps.botAccounts.set(tenantOf(a), { id: a.recipient.id, name: a.recipient.name ?? 'Charter' });
    const type = a.conversation?.conversationType;
    const kind = type === 'channel' ? 'channel' : type === 'groupChat' ? 'groupChat' : 'personal';
    if (id !== '') {
      // Best effort: without the database the command itself answers "unavailable".
      await app.store.conversations
        .save({
          conversationId: id,
          workspaceId: workspaceId('teams', tenantOf(a)),
          userAddress: kind === 'personal' ? (a.from?.id ?? null) : null,
          kind,
          reference: storableReference(reference),
          at: app.clock.now(),
        })
        .catch((err: unknown) => app.log.warn({ err }, 'could not save a Teams conversation reference'));
    }
    return reference;
  }

  /**
   * Runs work once per activity id: a resent activity is dropped. A failure
   * releases the id (so the Bot Framework's retry is processed) and is rethrown.
   */
  async function once(a: Partial<Activity>, work: () => Promise<void>): Promise<void> {
    // An edit or deletion carries the id of the message it changes: a second edit is another activity.
    const changes = a.type === ActivityTypes.MessageUpdate || a.type === ActivityTypes.MessageDelete;
    const id = a.id ? (changes ? `${a.id}@${String(a.timestamp ?? '')}` : a.id) : null;
    const key = id !== null ? `teams:activity:${a.type ?? 'activity'}:${id}` : null;
    if ((await retries.once(key, work)) === 'repeat') app.log.info({ key }, 'dropped a repeated Teams activity');
  }

  async function onCommand(ctx: TurnContext, core: CoreDeps): Promise<void> {
    const a = ctx.activity;
    const conversation = conversationOf(a);
    if (conversation.kind === 'channel' && conversation.name === null && conversation.teamId !== null) {
      conversation.name = await channelNames.lookup(ctx, conversation.teamId, conversation.id);
    }
    const { reply, locale } = await handleCommand(core, { actor: actorOf(a), conversation, text: commandText(a) });
    await ctx.sendActivity(replyActivity(render(locale), reply));
  }

  async function onEvents(core: CoreDeps, events: readonly PlatformEvent[]): Promise<void> {
    for (const event of events) await handlePlatformEvent(core, event);
  }

  async function turn(ctx: TurnContext): Promise<void> {
    const reference = await remember(ctx);
    const core = coreWith(reference);
    const a = ctx.activity;
    switch (a.type) {
      case ActivityTypes.Message:
        await once(a, async () => {
          if (isAddressedToCharter(a)) {
            // A command typed in a channel is public: the keyword and sensitive-data checks see it first.
            const said = a.conversation?.conversationType === 'personal' ? null : messageEvent(a);
            if (said !== null) await onEvents(core, [{ type: 'message', ...said, addressedToCharter: true }]);
            return onCommand(ctx, core);
          }
          const event = messageEvent(a);
          if (event !== null) await onEvents(core, [{ type: 'message', ...event }]);
        });
        return;
      case ActivityTypes.MessageUpdate:
      case ActivityTypes.MessageDelete: {
        const event = messageEvent(a);
        if (event !== null && a.conversation?.conversationType !== 'personal') await once(a, () => onEvents(core, [{ type: 'message', ...event }]));
        return;
      }
      case ActivityTypes.ConversationUpdate:
        await once(a, () => onEvents(core, conversationEvents(a)));
        return;
      case ActivityTypes.Invoke: {
        const handler = a.name !== undefined && Object.hasOwn(INVOKES, a.name) ? INVOKES[a.name] : undefined;
        const response = handler !== undefined ? await handler(ctx, core, render) : { status: 501 };
        await ctx.sendActivity({ type: ActivityTypes.InvokeResponse, value: response });
        return;
      }
      default:
        // installationUpdate, typing, …: the reference saved above is what we need.
        return;
    }
  }

  adapter.onTurnError = async (ctx, err) => {
    if (!(ctx.activity.type === ActivityTypes.Message && isAddressedToCharter(ctx.activity))) {
      // An event that could not be taken in (the database is down): a 500 lets the Bot Framework retry.
      throw err;
    }
    // A command: the person is told what went wrong, in their language (logged with a reference).
    const answer = failure(coreWith(null), err, { activity: ctx.activity.type });
    const locale = actorOf(ctx.activity).locale ?? app.settings.defaultLocale;
    await ctx.sendActivity(replyActivity(render(locale), answer)).catch(() => undefined);
  };

  const handle: RequestHandler = async (req: Request, res: Response) => {
    // Unauthenticated, anyone could claim any identity: only this machine may talk to it.
    if (config.mode === 'emulator' && !fromLoopback(req)) {
      app.log.warn({ peer: req.socket.remoteAddress }, 'refused a non-loopback request to the unauthenticated Teams endpoint');
      res.status(401).json({ error: 'unauthorized', reason: 'the Teams endpoint runs unauthenticated and answers this machine only' });
      return;
    }
    const parsed = activitySchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400).json({ error: 'malformed_activity', problems: activityProblems(parsed.error) });
      return;
    }
    const activity = parsed.data as unknown as Activity;
    let verified: AuthenticateRequestResult;
    try {
      verified = await auth.authenticateRequest(activity, req.get('authorization') ?? '');
    } catch (err) {
      if (isTokenError(err)) {
        app.log.warn({ reason: (err as Error).message, ip: req.ip }, 'rejected a Teams request');
        res.status(401).json({ error: 'unauthorized' });
      } else {
        // The identity service could not be reached: let the Bot Framework retry.
        app.log.error({ err }, 'could not authenticate a Teams request');
        answerUnavailable(res);
      }
      return;
    }
    const claim = verified.claimsIdentity?.getClaimValue(SERVICE_URL_CLAIM) ?? null;
    const service = checkServiceUrl(activity.serviceUrl, servicePolicy, claim);
    if (!service.ok) {
      app.log.warn({ reason: service.reason, peer: req.socket.remoteAddress }, 'refused a Teams activity with an unacceptable serviceUrl');
      res.status(400).json({ error: 'invalid_service_url' });
      return;
    }
    activity.serviceUrl = service.url;
    const response = await adapter.run(verified, activity, turn);
    if (response === undefined) res.status(200).end();
    else res.status(response.status).json(response.body ?? {});
  };

  return { handle, core: coreWith(null) };
}
