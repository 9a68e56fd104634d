// Small builders for Adaptive Card 1.5 JSON as Teams renders it.
import type { AnyCard, CardAction } from '../../src/core/cards.js';
import { date, text, type Mention, type Text } from '../../src/core/messages.js';
import { render, type RenderContext } from '../text.js';
import { adaptiveStyle, mentionEntities } from './style.js';

/** The actions Teams shows in one row (the adaptivecards host config's maxActions). */
const MAX_ACTIONS = 5;

export type Element = Record<string, unknown>;

export interface AdaptiveCard {
  type: 'AdaptiveCard';
  $schema: string;
  version: '1.5';
  body: Element[];
  actions?: Element[];
  refresh?: { action: Element; userIds: string[] };
  msteams?: { width?: 'Full'; entities?: ReturnType<typeof mentionEntities> };
}

export const MAX_REFRESH_USERS = 60;

/** Collects the mentions written into a card so they can be declared as entities. */
export class CardWriter {
  private readonly mentions: Mention[] = [];
  constructor(readonly ctx: RenderContext) {}

  md(t: Text): string {
    const out = render(this.ctx, t, adaptiveStyle);
    for (const m of out.mentions) if (!this.mentions.some((x) => x.address === m.address)) this.mentions.push(m);
    return out.text;
  }

  textBlock(t: Text, extra: Element = {}): Element {
    return { type: 'TextBlock', text: this.md(t), wrap: true, ...extra };
  }

  /** User content: a TextRun is never read as markdown, and mention tags are removed. */
  plainBlock(value: string, extra: Element = {}): Element {
    return { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: adaptiveStyle.escape(value) }], ...extra };
  }

  card(content: Element[], actions: Element[] = [], refresh?: AdaptiveCard['refresh']): AdaptiveCard {
    const body = [...content];
    const card: AdaptiveCard = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
    };
    // Hosts show at most MAX_ACTIONS actions in a row; more go into the body as rows of action sets.
    if (actions.length > MAX_ACTIONS) {
      for (let i = 0; i < actions.length; i += MAX_ACTIONS) body.push({ type: 'ActionSet', actions: actions.slice(i, i + MAX_ACTIONS) });
    } else if (actions.length > 0) card.actions = actions;
    if (refresh !== undefined) card.refresh = refresh;
    card.msteams = { width: 'Full', ...(this.mentions.length > 0 ? { entities: mentionEntities(this.mentions, adaptiveStyle) } : {}) };
    return card;
  }
}

/** Where an Action.Submit keeps Charter's action and its payload (Teams merges a form's inputs beside it). */
export const DIALOG_KEY = 'charter';

/**
 * An Action.Submit: a dialog's submit button, or (`fetch`) a button that opens a
 * dialog (task module) — Teams opens dialogs from Action.Submit only.
 */
export function submitAction(w: CardWriter, a: CardAction, fetch: boolean): Element {
  return {
    type: 'Action.Submit',
    title: w.md(a.label),
    data: { ...(fetch ? { msteams: { type: 'task/fetch' } } : {}), [DIALOG_KEY]: { action: a.id, payload: a.payload } },
    ...(a.style !== undefined ? { style: a.style === 'primary' ? 'positive' : 'destructive' } : {}),
  };
}

/**
 * A card's actions as Universal Actions: the action id is the verb, the payload
 * travels in `data.payload` (Teams merges the card's input values into `data`
 * beside it). An action that opens a form opens it as a dialog.
 */
export function executeActions(w: CardWriter, actions: readonly CardAction[]): Element[] {
  return actions.map((a) =>
    a.dialog === true
      ? submitAction(w, a, true)
      : {
          type: 'Action.Execute',
          verb: a.id,
          title: w.md(a.label),
          data: { payload: a.payload },
          associatedInputs: a.inputs !== undefined && a.inputs.length > 0 ? 'auto' : 'none',
          ...(a.style !== undefined ? { style: a.style === 'primary' ? 'positive' : 'destructive' } : {}),
        },
  );
}

/** Universal Actions' refresh: these users' clients fetch their own view of the card (with buttons when they may act). */
export function refreshFor(verb: string, payload: CardAction['payload'], userIds: readonly string[]): AdaptiveCard['refresh'] {
  return { action: { type: 'Action.Execute', verb, data: { payload } }, userIds: userIds.slice(0, MAX_REFRESH_USERS) };
}

/** One renderer per card kind of a feature: a missing one is a type error. */
export type Renderers<K extends AnyCard> = { [Kind in K['kind']]: (ctx: RenderContext, card: Extract<K, { kind: Kind }>) => AdaptiveCard };

/** A download (an export's CSV): a note of until when the link works, and the button that opens it in the browser. */
export function downloadParts(w: CardWriter, download: { url: string; expiresAt: Date } | null): { body: Element[]; actions: Element[] } {
  if (download === null) return { body: [], actions: [] };
  return {
    body: [w.textBlock(text('exports.until', { at: date(download.expiresAt) }), { isSubtle: true, size: 'Small', spacing: 'Medium' })],
    actions: [{ type: 'Action.OpenUrl', title: w.md(text('exports.download')), url: download.url }],
  };
}
