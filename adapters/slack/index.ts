// Slack adapter: Bolt routes slash commands, block actions, view submissions and
// Events API events to the core; answers are rendered in adapters/slack/answers.ts
// in the actor's locale. Retries are dropped by the receiver (event and trigger
// ids) before Bolt sees them.
import { App, type Logger as BoltLogger, LogLevel } from '@slack/bolt';
import { WebClient } from '@slack/web-api';
import type { RequestHandler } from 'express';
import { actionIdOf, slackText } from '../../cards/blockkit/index.js';
import type { RenderContext } from '../../cards/text.js';
import type { SlackConfig } from '../../src/config.js';
import { handleCardAction, handleCommand, handlePlatformEvent } from '../../src/core/dispatch.js';
import type { Locale } from '../../src/core/locale.js';
import type { CoreDeps, Logger } from '../../src/core/ports.js';
import { coreDeps, type AppContext } from '../context.js';
import { buttonAnswer, commandAnswer, ephemeralReplacement, submissionAnswer } from './answers.js';
import { platformEvent, type BotIdentity } from './events.js';
import { commandActor, commandConversation, interactionActor, metadataPayload, payloadOf, type CommandPayload, type InteractionPayload } from './payloads.js';
import { SLACK_COMMAND, SlackPlatform } from './platform.js';
import { SlackReceiver } from './receiver.js';
import { hooksHostFor } from './schema.js';
import { uploadedText } from './files.js';

/** An uploaded file's text; '' when it cannot be read (the form then says a file or text is needed). */
async function uploadOf(web: WebClient, fileId: string, log: Logger): Promise<string> {
  try {
    const upload = await uploadedText(web, fileId);
    if (!upload.ok) log.warn({ reason: upload.reason }, 'an uploaded file was not read');
    return upload.ok ? upload.text : '';
  } catch (err) {
    log.warn({ err }, 'an uploaded file could not be read');
    return '';
  }
}

/** Action ids and form ids are `<feature>.<verb>`. */
const NAMESPACED = /^[a-z][a-z-]*\.[a-z][a-z-]*$/;
/** A button's action_id: a namespaced action, `~n` when it repeats in its block. */
const BUTTON = /^[a-z][a-z-]*\.[a-z][a-z-]*(?:~\d{1,3})?$/;

/** The events the core takes (besides commands and interactions). */
const EVENTS = ['message', 'member_joined_channel', 'member_left_channel', 'channel_rename', 'group_rename', 'team_join'] as const;

export interface SlackAdapter {
  handle: RequestHandler;
  core: CoreDeps;
}

/** Per Web API request; Slack answers within a few seconds or not at all. */
const SLACK_TIMEOUT_MS = 15_000;

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;

/**
 * Bolt's and the Web API client's own lines, without personal data: the bodies of
 * Slack's answers (profiles, e-mails, names) are left out, and any e-mail address
 * left is masked.
 */
function boltLogger(log: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const text = (parts: unknown[]) => {
    const line = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    const cut = /^(http request result|http response received)/i.exec(line);
    return (cut !== null ? `${cut[1]}: (body not logged)` : line).replace(EMAIL, '[e-mail]');
  };
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

/**
 * A few quick retries for network trouble; rate limits wait for Retry-After in the
 * process, unless `rejectRateLimited`: then a 429 is thrown at once, for the caller
 * to share with every instance (the private messages of src/core/fanout.ts).
 */
export function createWebClient(token: string, config: SlackConfig, log: Logger, rejectRateLimited = false): WebClient {
  return new WebClient(token, {
    slackApiUrl: config.apiUrl,
    logger: boltLogger(log),
    logLevel: LogLevel.WARN,
    retryConfig: { retries: 2, factor: 2, minTimeout: 300, maxTimeout: 2_000 },
    // A call that has not answered in this long is given up (and retried by its job or answered as trouble).
    timeout: SLACK_TIMEOUT_MS,
    rejectRateLimitedCalls: rejectRateLimited,
  });
}

export function createSlackAdapter(app: AppContext, config: SlackConfig): SlackAdapter {
  const client = createWebClient(config.botToken.reveal(), config, app.log);
  const admin = config.adminUserToken === undefined ? null : createWebClient(config.adminUserToken.reveal(), config, app.log);
  const direct = createWebClient(config.botToken.reveal(), config, app.log, true);
  const platform = new SlackPlatform(client, app.i18n, admin, app.log, direct);
  const core = coreDeps(app, platform);
  const ctx = (locale: Locale): RenderContext => ({ i18n: app.i18n, locale, command: SLACK_COMMAND });

  const receiver = new SlackReceiver({
    signingSecret: config.signingSecret.reveal(),
    clock: app.clock,
    log: app.log,
    tasks: app.tasks,
    events: app.store.events,
    unavailableText: () => slackText(ctx(app.settings.defaultLocale), { key: 'errors.unavailable' }).text,
    hooksHost: hooksHostFor(config.apiUrl),
    onEvent: async (body) => {
      const type = (body['event'] as { type?: unknown } | undefined)?.type;
      if (!(EVENTS as readonly unknown[]).includes(type)) return false;
      const event = platformEvent(body as unknown as Parameters<typeof platformEvent>[0], await bot());
      // Throws when the database is down (or Slack's auth.test is): Slack retries.
      if (event !== null) await handlePlatformEvent(core, event);
      return true;
    },
  });

  // The bot's own ids: to ignore its own messages and recognise its own invitations. Looked up once, lazily.
  let botIds: Promise<BotIdentity> | null = null;
  const bot = (): Promise<BotIdentity> => {
    botIds ??= client.auth.test().then(
      (r) => ({ ...(r.user_id ? { userId: r.user_id } : {}), ...(r.bot_id ? { botId: r.bot_id } : {}) }),
      (err: unknown) => {
        botIds = null;
        throw err;
      },
    );
    return botIds;
  };

  const bolt = new App({
    receiver,
    logger: boltLogger(app.log),
    authorize: async (_source, body) => {
      if (body === undefined || !('event' in body)) return { botToken: config.botToken.reveal() };
      const ids = await bot();
      return { botToken: config.botToken.reveal(), ...(ids.userId ? { botUserId: ids.userId } : {}), ...(ids.botId ? { botId: ids.botId } : {}) };
    },
    clientOptions: { slackApiUrl: config.apiUrl },
    // Charter filters its own messages itself (events.ts) and needs its own channel joins.
    ignoreSelf: false,
  });

  bolt.command(SLACK_COMMAND, async ({ command, ack, respond }) => {
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
    const answer = commandAnswer(ctx(locale), reply);
    if ('say' in answer) {
      await respond({ response_type: 'ephemeral', ...answer.say });
      return;
    }
    try {
      await client.views.open({ trigger_id: body.trigger_id ?? '', view: answer.open });
    } catch (err) {
      // The trigger expired (3 s) or Slack refused: say so instead of leaving the person waiting.
      app.log.warn({ err }, 'could not open a form');
      await respond({ response_type: 'ephemeral', ...slackText(ctx(locale), { key: 'errors.formNotOpened' }) });
    }
  });

  bolt.action({ type: 'block_actions', action_id: BUTTON }, async ({ ack, body, action, respond, client: web }) => {
    await ack();
    const payload = body as unknown as InteractionPayload & { trigger_id: string };
    const button = action as { action_id: string; value?: string };
    const { result, locale } = await handleCardAction(core, {
      actor: interactionActor(payload),
      actionId: actionIdOf(button.action_id),
      payload: payloadOf(button.value),
      inputs: {},
    });
    const replacement = ephemeralReplacement(ctx(locale), result, payload.container?.is_ephemeral === true);
    if (replacement !== null) {
      await respond({ response_type: 'ephemeral', replace_original: true, ...replacement }).catch((err: unknown) => app.log.warn({ err }, 'could not replace an ephemeral card'));
    }
    const answer = buttonAnswer(ctx(locale), result);
    if (answer === null) return;
    if ('say' in answer) {
      await respond({ response_type: 'ephemeral', replace_original: false, ...answer.say });
      return;
    }
    try {
      await web.views.open({ trigger_id: payload.trigger_id, view: answer.open });
    } catch (err) {
      app.log.warn({ err }, 'could not open a form');
      await respond({ response_type: 'ephemeral', replace_original: false, ...slackText(ctx(locale), { key: 'errors.formNotOpened' }) });
    }
  });

  bolt.view(NAMESPACED, async ({ ack, body, view, client: web }) => {
    const inputs: Record<string, string> = {};
    const files: Record<string, () => Promise<string>> = {};
    for (const [blockId, actions] of Object.entries(view.state.values)) {
      // Text inputs give `value`; Slack's pickers give `selected_date`, `selected_time`, `selected_user`, a select its `selected_option`; a file input its `files`.
      const first = Object.values(actions)[0] as
        | { value?: string | null; selected_date?: string | null; selected_time?: string | null; selected_user?: string | null; selected_option?: { value?: string | null } | null; files?: { id: string }[] | null }
        | undefined;
      const file = first?.files?.[0];
      if (file !== undefined) {
        // Fetched by the core once the submitter's authority is checked: a forged submission fetches nothing.
        files[blockId] = () => uploadOf(web, file.id, app.log);
        continue;
      }
      inputs[blockId] = first?.value ?? first?.selected_date ?? first?.selected_time ?? first?.selected_user ?? first?.selected_option?.value ?? '';
    }
    const { result, locale } = await handleCardAction(core, {
      actor: interactionActor(body as unknown as InteractionPayload),
      actionId: view.callback_id,
      payload: metadataPayload(view.private_metadata),
      inputs,
      files,
    });
    await ack(submissionAnswer(ctx(locale), result) as never);
  });

  bolt.error(async (err) => {
    app.log.error({ err }, 'Slack listener failed');
  });

  return { handle: receiver.handle, core };
}
