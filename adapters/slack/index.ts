// Slack adapter: Bolt routes slash commands, block actions, view submissions and
// events to the core; replies are rendered with cards/blockkit in the actor's locale.
import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { RequestHandler } from 'express';
import { formErrors, formModal, noticeModal, slackCard, slackText, type FormMetadata, type SlackMessage } from '../../cards/blockkit/index.js';
import type { RenderContext } from '../../cards/text.js';
import type { SlackConfig } from '../../src/config.js';
import { handleCardAction, handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { Locale } from '../../src/core/locale.js';
import type { CoreDeps, Logger } from '../../src/core/ports.js';
import type { Reply } from '../../src/core/replies.js';
import type { AppContext } from '../context.js';
import { commandActor, commandConversation, interactionActor, type CommandPayload, type InteractionPayload } from './payloads.js';
import { SLACK_COMMAND, SlackPlatform } from './platform.js';
import { SlackReceiver } from './receiver.js';
import { hooksHostFor } from './schema.js';


/** Action ids and form ids are `<feature>.<verb>`. */
const NAMESPACED = /^[a-z]+\.[a-z-]+$/;

export interface SlackAdapter {
  handle: RequestHandler;
  core: CoreDeps;
}

/** private_metadata comes back from Slack as we wrote it, but is parsed defensively all the same. */
function parseMetadata(raw: string): FormMetadata | null {
  try {
    const parsed = JSON.parse(raw) as Partial<FormMetadata> | null;
    return typeof parsed?.subjectId === 'string' ? { subjectId: parsed.subjectId } : null;
  } catch {
    return null;
  }
}

function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) => parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
  return {
    debug: (...m: unknown[]) => log.debug({ source: 'bolt' }, text(m)),
    info: (...m: unknown[]) => log.info({ source: 'bolt' }, text(m)),
    warn: (...m: unknown[]) => log.warn({ source: 'bolt' }, text(m)),
    error: (...m: unknown[]) => log.error({ source: 'bolt' }, text(m)),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}

export function createWebClient(config: SlackConfig, log: Logger): WebClient {
  return new WebClient(config.botToken.reveal(), {
    slackApiUrl: config.apiUrl,
    logger: boltLogger(log),
    logLevel: LogLevel.WARN,
    // A few quick retries for network trouble; rate limits wait for Retry-After.
    retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2_000 },
  });
}

export function createSlackAdapter(app: AppContext, config: SlackConfig): SlackAdapter {
  const client = createWebClient(config, app.log);
  const platform = new SlackPlatform(client, app.i18n, { canDeleteOthersMessages: config.adminUserToken !== undefined });
  const core: CoreDeps = { store: app.store, platform, clock: app.clock, log: app.log, defer: app.tasks.defer, settings: app.settings };
  const ctx = (locale: Locale): RenderContext => ({ i18n: app.i18n, locale, command: SLACK_COMMAND });
  const replyMessage = (reply: Reply, locale: Locale): SlackMessage =>
    reply.kind === 'card' ? slackCard(ctx(locale), reply.card) : slackText(ctx(locale), reply.text);

  const receiver = new SlackReceiver({
    signingSecret: config.signingSecret.reveal(),
    clock: app.clock,
    log: app.log,
    tasks: app.tasks,
    events: app.store.events,
    unavailableText: () => slackText(ctx(app.settings.defaultLocale), { key: 'errors.unavailable' }).text,
    hooksHost: hooksHostFor(config.apiUrl),
  });

  // Bolt asks for the bot's own ids only to ignore its own events; look them up once, lazily.
  let botIds: Promise<{ botUserId?: string; botId?: string }> | null = null;
  const bot = new App({
    receiver,
    logger: boltLogger(app.log),
    authorize: async (_source, body) => {
      if (body === undefined || !('event' in body)) return { botToken: config.botToken.reveal() };
      botIds ??= client.auth.test().then(
        (r) => ({ ...(r.user_id ? { botUserId: r.user_id } : {}), ...(r.bot_id ? { botId: r.bot_id } : {}) }),
        (err: unknown) => {
          botIds = null;
          throw err;
        },
      );
      return { botToken: config.botToken.reveal(), ...(await botIds) };
    },
    clientOptions: { slackApiUrl: config.apiUrl },
  });

  bot.command(SLACK_COMMAND, async ({ command, ack, respond }) => {
    await ack();
    const body = command as unknown as CommandPayload;
    const conversation = await commandConversation(body, async (channelId) => {
      try {
        const res = await client.conversations.info({ channel: channelId });
        const c = res.channel;
        return c === undefined ? null : { name: c.name ?? null, isPrivate: Boolean(c.is_private), isGroupChat: Boolean(c.is_mpim) };
      } catch (err) {
        app.log.warn({ err }, 'conversations.info failed');
        return null;
      }
    });
    const { reply, locale } = await handleCommand(core, { actor: commandActor(body), conversation, text: body.text ?? '' });
    await respond({ response_type: 'ephemeral', ...replyMessage(reply, locale) });
  });

  bot.action({ type: 'block_actions', action_id: NAMESPACED }, async ({ ack, body, action, respond, client: web }) => {
    await ack();
    const payload = body as unknown as InteractionPayload & { trigger_id: string };
    const button = action as { action_id: string; value?: string };
    const subjectId = button.value ?? '';
    const { result, locale } = await handleCardAction(core, {
      actor: interactionActor(payload),
      actionId: button.action_id,
      subjectId,
      inputs: {},
    });
    if (result.kind === 'form') {
      const metadata: FormMetadata = { subjectId };
      await web.views.open({ trigger_id: payload.trigger_id, view: formModal(ctx(locale), result.form, metadata) });
      return;
    }
    if (result.notice !== null) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...slackText(ctx(locale), result.notice) });
    }
  });

  bot.view(NAMESPACED, async ({ ack, body, view }) => {
    const metadata = parseMetadata(view.private_metadata);
    const inputs: Record<string, string> = {};
    for (const [blockId, actions] of Object.entries(view.state.values)) {
      const first = Object.values(actions)[0] as { value?: string | null } | undefined;
      inputs[blockId] = first?.value ?? '';
    }
    const { result, locale } = await handleCardAction(core, {
      actor: interactionActor(body as unknown as InteractionPayload),
      actionId: view.callback_id,
      subjectId: metadata?.subjectId ?? '',
      inputs,
    });
    if (result.kind === 'form') {
      const errors = formErrors(ctx(locale), result.form);
      await ack(errors === null ? undefined : { response_action: 'errors', errors });
      return;
    }
    if (result.notice !== null) {
      await ack({ response_action: 'update', view: noticeModal(ctx(locale), result.notice) });
      return;
    }
    await ack();
  });

  // Public channels send channel_rename; private ones group_rename, with the same shape.
  for (const type of ['channel_rename', 'group_rename'] as const) {
    bot.event(type, async ({ event, body }) => {
      const team = (body as { team_id?: string }).team_id ?? '';
      await handlePlatformEvent(core, { kind: 'channel.renamed', workspace: team, channelId: event.channel.id, channelName: event.channel.name });
    });
  }

  bot.error(async (err) => {
    app.log.error({ err }, 'Slack listener failed');
  });

  return { handle: receiver.handle, core };
}
