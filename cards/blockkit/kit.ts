// Small builders for Block Kit objects, clipped to Slack's documented limits.
import type { ActionsBlock, ContextBlock, HeaderBlock, MrkdwnElement, PlainTextElement, SectionBlock } from '@slack/types';
import type { CardAction } from '../../src/core/cards.js';
import { date, text, type Text } from '../../src/core/messages.js';
import { clip, render, type RenderContext } from '../text.js';
import { slackPlainStyle, slackStyle } from './style.js';

export const LIMITS = {
  blocks: 50,
  modalBlocks: 100,
  sectionText: 3000,
  field: 2000,
  fields: 10,
  header: 150,
  buttonText: 75,
  actionId: 255,
  value: 2000,
  modalTitle: 24,
  modalButton: 24,
  privateMetadata: 3000,
  contextElements: 10,
  inputLabel: 2000,
  /** A select option's text. */
  optionText: 75,
  placeholder: 150,
  /** plain_text_input max_length (1–3000). */
  textInput: 3000,
} as const;

export function md(ctx: RenderContext, t: Text): string {
  return render(ctx, t, slackStyle).text;
}

export function plainText(ctx: RenderContext, t: Text, max: number): PlainTextElement {
  return { type: 'plain_text', text: clip(render(ctx, t, slackPlainStyle).text, max), emoji: true };
}

export function mrkdwn(value: string, max: number = LIMITS.sectionText): MrkdwnElement {
  return { type: 'mrkdwn', text: clip(value, max) };
}

export function header(ctx: RenderContext, t: Text): HeaderBlock {
  return { type: 'header', text: plainText(ctx, t, LIMITS.header) };
}

export function section(value: string, fields?: string[]): SectionBlock {
  const block: SectionBlock = { type: 'section', text: mrkdwn(value) };
  if (fields !== undefined && fields.length > 0) block.fields = fields.slice(0, LIMITS.fields).map((f) => mrkdwn(f, LIMITS.field));
  return block;
}

export function context(values: string[]): ContextBlock {
  return { type: 'context', elements: values.slice(0, LIMITS.contextElements).map((v) => mrkdwn(v)) };
}

/**
 * A card's actions as buttons: the action id is Slack's action_id, the payload
 * travels as JSON in the button's value (Slack allows 2,000 characters).
 */
/** The action a button's action_id names, without the `~n` that keeps it unique in its block. */
export function actionIdOf(actionId: string): string {
  return actionId.replace(/~\d{1,3}$/, '');
}

export function buttons(ctx: RenderContext, blockId: string, actions: readonly CardAction[]): ActionsBlock {
  return {
    type: 'actions',
    block_id: clip(blockId, LIMITS.actionId),
    elements: actions.map((a, i) => {
      const value = JSON.stringify(a.payload);
      if (value.length > LIMITS.value) throw new Error(`the payload of ${a.id} is longer than a button's value allows`);
      // Slack wants action ids unique within a block: a repeated action gets `~n` (see actionIdOf).
      const repeated = actions.slice(0, i).some((b) => b.id === a.id);
      return {
        type: 'button',
        action_id: repeated ? `${a.id}~${i}` : a.id,
        value,
        text: plainText(ctx, a.label, LIMITS.buttonText),
        ...(a.style !== undefined ? { style: a.style } : {}),
      };
    }),
  };
}

/** A download link (an export's CSV) and until when it works: a link in text, so clicking it sends Charter nothing. */
export function downloadLine(ctx: RenderContext, download: { url: string; expiresAt: Date }): ContextBlock {
  return context([`<${download.url}|${md(ctx, text('exports.download'))}>`, md(ctx, text('exports.until', { at: date(download.expiresAt) }))]);
}
