// A FormModel as an Adaptive Card: inputs with their validation messages beside
// them (date and time pickers, a people picker), submitted under the form's
// action. In a card it submits with Action.Execute (Universal Actions); in a
// Teams dialog (task module) with Action.Submit, as dialogs require.
import type { CardAction, FormField, FormModel } from '../../src/core/cards.js';
import { text } from '../../src/core/messages.js';
import type { RenderContext } from '../text.js';
import { CardWriter, executeActions, submitAction, type AdaptiveCard, type Element } from './kit.js';

export { DIALOG_KEY } from './kit.js';

/**
 * The most text a form drawn again keeps in one input, in UTF-8 bytes as a JSON string: Teams refuses
 * a card much over 28 KB, so a longer paste (a roster, a keyword list) is left out and
 * its field says to paste it again.
 */
const KEPT_VALUE_MAX_BYTES = 16_000;

function tooLongToKeep(f: FormField): boolean {
  // As the card carries it: JSON-escaped (quotes and line breaks take two bytes or more).
  return f.value !== undefined && Buffer.byteLength(JSON.stringify(f.value), 'utf8') > KEPT_VALUE_MAX_BYTES;
}

function input(w: CardWriter, f: FormField): Element {
  const common = {
    id: f.id,
    label: w.md(f.label),
    isRequired: f.required,
    // Hosts check required inputs before sending and show this message; the server checks again.
    ...(f.error !== undefined || f.required ? { errorMessage: w.md(f.error ?? { key: 'common.fieldRequired' }) } : {}),
  };
  switch (f.kind ?? 'text') {
    case 'date':
      return { type: 'Input.Date', ...common, ...(f.value !== undefined ? { value: f.value } : {}) };
    case 'time':
      return { type: 'Input.Time', ...common, ...(f.value !== undefined ? { value: f.value } : {}) };
    case 'user':
      return {
        type: 'Input.ChoiceSet',
        ...common,
        style: 'filtered',
        choices: (f.options ?? []).map((o) => ({ title: o.label, value: o.value })),
        // Teams' people picker: anyone in the directory, besides the choices offered.
        'choices.data': { type: 'Data.Query', dataset: 'graph.microsoft.com/users' },
        ...(f.value !== undefined ? { value: f.value } : {}),
      };
    case 'choice':
      return { type: 'Input.ChoiceSet', ...common, style: 'compact', choices: (f.choices ?? []).map((c) => ({ title: w.md(c.label), value: c.value })), ...(f.value !== undefined ? { value: f.value } : {}) };
    case 'file':
    case 'text':
      return {
        type: 'Input.Text',
        ...common,
        isMultiline: f.multiline || f.kind === 'file',
        maxLength: f.maxLength,
        ...(f.placeholder !== undefined ? { placeholder: w.md(f.placeholder) } : {}),
        ...(f.value !== undefined && !tooLongToKeep(f) ? { value: f.value } : {}),
      };
  }
}

export function formCard(ctx: RenderContext, form: FormModel, mode: 'card' | 'dialog' = 'card'): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(form.title, { weight: 'Bolder', size: 'Medium' })];
  if (form.intro !== undefined) body.push(w.textBlock(form.intro));
  for (const f of form.fields) {
    body.push(input(w, f));
    if (f.error !== undefined) body.push(w.textBlock(f.error, { color: 'Attention', spacing: 'None' }));
    else if (tooLongToKeep(f)) body.push(w.textBlock(text('common.pasteAgain'), { color: 'Attention', spacing: 'None' }));
  }
  const submit = { ...form.action, inputs: form.fields.map((f) => f.id) };
  return w.card(body, mode === 'dialog' ? [submitAction(w, submit, false)] : executeActions(w, [submit]));
}

/** What a command that opens a form answers on Teams: a card with a button that opens the dialog. */
export function formLauncher(ctx: RenderContext, form: FormModel, label: CardAction['label']): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(form.title, { weight: 'Bolder', size: 'Medium' })];
  if (form.intro !== undefined) body.push(w.textBlock(form.intro));
  const open = form.open ?? form.action;
  return w.card(body, [submitAction(w, { ...open, label }, true)]);
}
