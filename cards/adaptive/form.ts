// A FormModel as an Adaptive Card: inputs with their validation messages beside
// them, submitted with Action.Execute under the form's id.
import type { FormModel } from '../../src/core/cards.js';
import type { RenderContext } from '../text.js';
import { CardWriter, executeActions, type AdaptiveCard, type Element } from './kit.js';

export function formCard(ctx: RenderContext, form: FormModel): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(form.title, { weight: 'Bolder', size: 'Medium' })];
  if (form.intro !== undefined) body.push(w.textBlock(form.intro));
  for (const f of form.fields) {
    body.push({
      type: 'Input.Text',
      id: f.id,
      label: w.md(f.label),
      isMultiline: f.multiline,
      maxLength: f.maxLength,
      isRequired: f.required,
      ...(f.placeholder !== undefined ? { placeholder: w.md(f.placeholder) } : {}),
      ...(f.value !== undefined ? { value: f.value } : {}),
      ...(f.error !== undefined ? { errorMessage: w.md(f.error) } : {}),
    });
    if (f.error !== undefined) body.push(w.textBlock(f.error, { color: 'Attention', spacing: 'None' }));
  }
  return w.card(body, executeActions(w, [{ ...form.action, inputs: form.fields.map((f) => f.id) }]));
}
