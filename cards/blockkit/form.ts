// A FormModel as a Slack modal. Field errors are not drawn here: Slack shows them
// from the view_submission answer (`response_action: errors`), see formErrors.
import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import type { FormField, FormModel } from '../../src/core/cards.js';
import type { Text } from '../../src/core/messages.js';
import { render, clip, type RenderContext } from '../text.js';
import { LIMITS, md, plainText, section } from './kit.js';
import { slackPlainStyle } from './style.js';

/** Slack's own pickers for dates, times and people; text otherwise. */
function element(ctx: RenderContext, f: FormField): InputBlock['element'] {
  const has = f.value !== undefined && f.value !== '';
  switch (f.kind ?? 'text') {
    case 'date':
      return { type: 'datepicker', action_id: f.id, ...(has ? { initial_date: f.value } : {}) };
    case 'time':
      return { type: 'timepicker', action_id: f.id, ...(has ? { initial_time: f.value } : {}), ...(f.timezone !== undefined ? { timezone: f.timezone } : {}) };
    case 'user':
      return { type: 'users_select', action_id: f.id, ...(has ? { initial_user: f.value } : {}) };
    case 'choice': {
      const options = (f.choices ?? []).map((c) => ({ text: plainText(ctx, c.label, LIMITS.optionText), value: c.value }));
      const initial = options.find((o) => o.value === f.value);
      return { type: 'static_select', action_id: f.id, options, ...(initial !== undefined ? { initial_option: initial } : {}) };
    }
    case 'file':
      // Slack uploads the file; the adapter reads it (files.info, then files.slack.com) on submission.
      return { type: 'file_input', action_id: f.id, filetypes: ['csv', 'txt'], max_files: 1 } as unknown as InputBlock['element'];
    case 'text':
      return {
        type: 'plain_text_input',
        action_id: f.id,
        multiline: f.multiline,
        max_length: Math.min(f.maxLength, LIMITS.textInput),
        ...(has ? { initial_value: (f.value ?? '').slice(0, LIMITS.textInput) } : {}),
        ...(f.placeholder !== undefined ? { placeholder: plainText(ctx, f.placeholder, LIMITS.placeholder) } : {}),
      };
  }
}

/** What a modal carries back to Charter in private_metadata: its action's payload. */
export interface FormMetadata {
  payload: FormModel['action']['payload'];
}

export function formModal(ctx: RenderContext, form: FormModel): ModalView {
  const metadata: FormMetadata = { payload: form.action.payload };
  const encoded = JSON.stringify(metadata);
  if (encoded.length > LIMITS.privateMetadata) throw new Error(`the payload of ${form.action.id} is longer than private_metadata allows`);
  const blocks: KnownBlock[] = [];
  if (form.intro !== undefined) blocks.push(section(md(ctx, form.intro)));
  for (const f of form.fields) {
    const input: InputBlock = {
      type: 'input',
      block_id: f.id,
      label: plainText(ctx, f.label, LIMITS.inputLabel),
      optional: !f.required,
      element: element(ctx, f),
    };
    blocks.push(input);
  }
  const close = render(ctx, { key: 'common.cancel' }, slackPlainStyle).text;
  return {
    type: 'modal',
    callback_id: form.action.id,
    private_metadata: encoded,
    title: plainText(ctx, form.title, LIMITS.modalTitle),
    submit: plainText(ctx, form.action.label, LIMITS.modalButton),
    close: { type: 'plain_text', text: clip(close, LIMITS.modalButton) },
    blocks,
  };
}

/** The `errors` map for a view_submission answer: block id → message. */
export function formErrors(ctx: RenderContext, form: FormModel): Record<string, string> | null {
  const errors: Record<string, string> = {};
  for (const f of form.fields) if (f.error !== undefined) errors[f.id] = render(ctx, f.error, slackPlainStyle).text;
  return Object.keys(errors).length === 0 ? null : errors;
}

/** A modal that only says something: the answer to a submission that changed nothing. */
export function noticeModal(ctx: RenderContext, notice: Text): ModalView {
  return {
    type: 'modal',
    title: { type: 'plain_text', text: 'Charter' },
    close: { type: 'plain_text', text: clip(render(ctx, { key: 'common.close' }, slackPlainStyle).text, LIMITS.modalButton) },
    blocks: [section(md(ctx, notice))],
  };
}
