// Teams invokes, routed through a small map. `adaptiveCard/action` carries the
// Universal Actions (Action.Execute) of our cards, including the refresh.
import type { TurnContext } from 'botbuilder';
import { DIALOG_KEY } from '../../cards/adaptive/index.js';
import type { RenderContext } from '../../cards/text.js';
import { handleCardAction } from '../../src/core/dispatch.js';
import type { Locale } from '../../src/core/locale.js';
import { text } from '../../src/core/messages.js';
import type { CoreDeps } from '../../src/core/ports.js';
import { actorOf } from './activity.js';
import { dialogResponse, errorResponse, invokeResponse, type InvokeResponse } from './answers.js';

export type InvokeHandler = (ctx: TurnContext, core: CoreDeps, render: (locale: Locale) => RenderContext) => Promise<InvokeResponse>;

/** Where a card's Action.Execute keeps the action's payload (other keys of `data` are Teams' merged inputs). */
const PAYLOAD_KEY = 'payload';

const adaptiveCardAction: InvokeHandler = async (ctx, core, render) => {
  const value = ctx.activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
  const action = value?.action;
  if (action?.type !== 'Action.Execute' || typeof action.verb !== 'string') {
    const locale = actorOf(ctx.activity).locale ?? core.settings.defaultLocale;
    return errorResponse(render(locale), { kind: 'error', code: 'invalid-input', text: text('errors.unknownAction') });
  }
  const data = action.data !== null && typeof action.data === 'object' && !Array.isArray(action.data) ? (action.data as Record<string, unknown>) : {};
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' && k !== PAYLOAD_KEY) inputs[k] = v;
  // Cards of earlier versions kept their ids directly in `data` ({ requestId }).
  const payload = PAYLOAD_KEY in data ? data[PAYLOAD_KEY] : data;
  const { result, locale } = await handleCardAction(core, { actor: actorOf(ctx.activity), actionId: action.verb, payload, inputs });
  return invokeResponse(render(locale), result);
};

/**
 * Dialogs (task modules): `task/fetch` when a button opens one, `task/submit` when
 * its form is sent. The card's Action.Submit data carries `{ charter: { action,
 * payload } }`; Teams merges the form's inputs beside it.
 */
const dialog: InvokeHandler = async (ctx, core, render) => {
  const value = ctx.activity.value as { data?: unknown } | undefined;
  const data = value?.data !== null && typeof value?.data === 'object' && !Array.isArray(value.data) ? (value.data as Record<string, unknown>) : {};
  const charter = data[DIALOG_KEY] as { action?: unknown; payload?: unknown } | undefined;
  const locale = actorOf(ctx.activity).locale ?? core.settings.defaultLocale;
  if (charter === null || typeof charter !== 'object' || typeof charter.action !== 'string') {
    return dialogResponse(render(locale), { kind: 'error', code: 'invalid-input', text: text('errors.unknownAction') });
  }
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' && k !== DIALOG_KEY && k !== 'msteams') inputs[k] = v;
  const result = await handleCardAction(core, { actor: actorOf(ctx.activity), actionId: charter.action, payload: charter.payload, inputs });
  return dialogResponse(render(result.locale), result.result);
};

export const INVOKES: Readonly<Record<string, InvokeHandler>> = {
  'adaptiveCard/action': adaptiveCardAction,
  'task/fetch': dialog,
  'task/submit': dialog,
};
