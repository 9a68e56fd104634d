// The one place the core's answers become Teams': a reply in the conversation,
// and the response to an Adaptive Card Universal Action (`adaptiveCard/action`
// invoke: `{statusCode, type, value}`). Coded errors map to their HTTP-shaped
// status with `application/vnd.microsoft.error` and the localized message.
import type { Activity } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, adaptiveCard, adaptiveForm, formLauncher, teamsPlain, teamsText } from '../../cards/adaptive/index.js';
import type { RenderContext } from '../../cards/text.js';
import { ERROR_STATUS } from '../../src/core/errors.js';
import type { ActionResult, Failure, Reply } from '../../src/core/replies.js';
import { cardActivity, textActivity } from './render.js';

export interface InvokeResponse {
  status: number;
  body?: unknown;
}

const MESSAGE_TYPE = 'application/vnd.microsoft.activity.message';
const ERROR_TYPE = 'application/vnd.microsoft.error';

const ERROR_NAMES: Record<Failure['code'], string> = {
  'not-allowed': 'Forbidden',
  'not-found': 'NotFound',
  conflict: 'Conflict',
  'invalid-input': 'BadRequest',
  unavailable: 'ServiceUnavailable',
  internal: 'InternalError',
};

export function replyActivity(ctx: RenderContext, reply: Reply): Partial<Activity> {
  if (reply.kind === 'form') {
    // A bot cannot open a dialog from a message: it answers with a button that opens it.
    const content = formLauncher(ctx, reply.form, { key: 'common.openForm' });
    return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content }] };
  }
  return reply.kind === 'card' ? cardActivity(ctx, reply.card) : textActivity(ctx, reply.text);
}

/**
 * The answer to a dialog (task module) fetch or submit: the form (again, with its
 * errors beside the fields), or a message that closes the dialog.
 */
export function dialogResponse(ctx: RenderContext, result: ActionResult): InvokeResponse {
  if (result.kind === 'form') {
    const card = adaptiveForm(ctx, result.form, 'dialog');
    const title = teamsPlain(ctx, result.form.title);
    return { status: 200, body: { task: { type: 'continue', value: { title, width: 'medium', height: 'large', card: { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: card } } } } };
  }
  const message = result.kind === 'notice' ? result.notice : result.kind === 'error' ? result.text : result.notice;
  // A dialog's closing message is plain text: no markdown, no HTML.
  return { status: 200, body: { task: { type: 'message', value: message === null ? '' : teamsPlain(ctx, message) } } };
}

export function errorResponse(ctx: RenderContext, failure: Failure): InvokeResponse {
  const message = teamsText(ctx, failure.text).text;
  return { status: 200, body: { statusCode: ERROR_STATUS[failure.code], type: ERROR_TYPE, value: { code: ERROR_NAMES[failure.code], message } } };
}

export function invokeResponse(ctx: RenderContext, result: ActionResult): InvokeResponse {
  switch (result.kind) {
    case 'card':
      return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value: adaptiveCard(ctx, result.card) } };
    case 'notice':
      return { status: 200, body: { statusCode: 200, type: MESSAGE_TYPE, value: teamsText(ctx, result.notice).text } };
    case 'form': {
      const value = result.card !== null ? adaptiveCard(ctx, result.card) : adaptiveForm(ctx, result.form);
      return { status: 200, body: { statusCode: 200, type: ADAPTIVE_CARD_CONTENT_TYPE, value } };
    }
    case 'error':
      return errorResponse(ctx, result);
  }
}
