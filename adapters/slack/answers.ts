// The one place the core's answers become Slack's: a reply to a slash command,
// the answer to a button, and the answer to a modal submission. Errors (coded
// refusals and failures) are ephemeral text in the person's language, never a
// stack trace; a form with field errors is shown beside the fields.
import { formErrors, formModal, noticeModal, slackCard, slackText, type SlackMessage } from '../../cards/blockkit/index.js';
import type { RenderContext } from '../../cards/text.js';
import type { Text } from '../../src/core/messages.js';
import type { ActionResult, Reply } from '../../src/core/replies.js';
import type { ModalView } from '@slack/types';

export function replyMessage(ctx: RenderContext, reply: Exclude<Reply, { kind: 'form' }>): SlackMessage {
  return reply.kind === 'card' ? slackCard(ctx, reply.card) : slackText(ctx, reply.text);
}

/** A command's answer: a message, or a form to open as a modal. */
export function commandAnswer(ctx: RenderContext, reply: Reply): { open: ModalView } | { say: SlackMessage } {
  return reply.kind === 'form' ? { open: formModal(ctx, reply.form) } : { say: replyMessage(ctx, reply) };
}

export type ButtonAnswer = { open: ModalView } | { say: SlackMessage } | null;

/**
 * The card that takes the clicked one's place, where Slack can only do it now: an
 * ephemeral card (a command's answer) has no ts to update later, only its response URL.
 */
export function ephemeralReplacement(ctx: RenderContext, result: ActionResult, ephemeral: boolean): SlackMessage | null {
  return ephemeral && result.kind === 'card' ? slackCard(ctx, result.card) : null;
}

/** After a button: open a form, or say something privately (a posted card itself is updated by the core). */
export function buttonAnswer(ctx: RenderContext, result: ActionResult): ButtonAnswer {
  switch (result.kind) {
    case 'form':
      return { open: formModal(ctx, result.form) };
    case 'card':
      return result.notice === null ? null : { say: slackText(ctx, result.notice) };
    case 'notice':
      return { say: slackText(ctx, result.notice) };
    case 'error':
      return { say: slackText(ctx, result.text) };
  }
}

/** After a modal submission: field errors, a notice in place of the modal, or close. */
export function submissionAnswer(ctx: RenderContext, result: ActionResult): Record<string, unknown> | undefined {
  const notice = (t: Text) => ({ response_action: 'update', view: noticeModal(ctx, t) });
  switch (result.kind) {
    case 'form': {
      const errors = formErrors(ctx, result.form);
      return errors === null ? undefined : { response_action: 'errors', errors };
    }
    case 'card':
      return result.notice === null ? undefined : notice(result.notice);
    case 'notice':
      return notice(result.notice);
    case 'error':
      return notice(result.text);
  }
}
