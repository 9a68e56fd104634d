// Teams invokes, routed through a small map. `adaptiveCard/action` carries the
// Universal Actions (Action.Execute) of our cards, including the refresh.
import type { TurnContext } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, adaptiveCard, adaptiveForm, teamsText } from '../../cards/adaptive/index.js';
import type { RenderContext } from '../../cards/text.js';
import { handleCardAction } from '../../src/core/dispatch.js';
import type { Locale } from '../../src/core/locale.js';
import type { CoreDeps } from '../../src/core/ports.js';
import { text } from '../../src/core/messages.js';
import type { ActionResult } from '../../src/core/replies.js';
import { actorOf } from './activity.js';

export interface InvokeResponse {
  status: number;
  body?: unknown;
}

export type InvokeHandler = (ctx: TurnContext, core: CoreDeps, render: (locale: Locale) => RenderContext) => Promise<InvokeResponse>;

const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
const ERROR_TYPE = 'application/vnd.microsoft.error';

function badRequest(ctx: RenderContext): InvokeResponse {
  const message = teamsText(ctx, text('errors.unknownAction')).text;
  return { status: 200, body: { statusCode: 400, type: ERROR_TYPE, value: { code: 'BadRequest', message } } };
}

function answer(result: ActionResult, ctx: RenderContext): InvokeResponse {
  switch (result.kind) {
    case 'card':
      return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: adaptiveCard(ctx, result.card) } };
    case 'notice':
      return { status: 200, body: { statusCode: 200, type: MESSAGE_TYPE, value: teamsText(ctx, result.notice).text } };
    case 'form': {
      const value = result.card !== null ? adaptiveCard(ctx, result.card) : adaptiveForm(ctx, result.form);
      return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value } };
    }
  }
}

const adaptiveCardAction: InvokeHandler = async (ctx, core, render) => {
  const value = ctx.activity.value as { action?: { type?: unknown; verb?: unknown; data?: unknown } } | undefined;
  const action = value?.action;
  if (action?.type !== 'Action.Execute' || typeof action.verb !== 'string') {
    return badRequest(render(actorOf(ctx.activity).locale ?? core.settings.defaultLocale));
  }
  const data = action.data !== null && typeof action.data === 'object' ? (action.data as Record<string, unknown>) : {};
  const inputs: Record<string, string> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' && k !== 'requestId') inputs[k] = v;
  const { result, locale } = await handleCardAction(core, {
    actor: actorOf(ctx.activity),
    actionId: action.verb,
    subjectId: typeof data['requestId'] === 'string' ? data['requestId'] : '',
    inputs,
  });
  return answer(result, render(locale));
};

export const INVOKES: Record<string, InvokeHandler> = {
  'adaptiveCard/action': adaptiveCardAction,
};
