// Small builders for Adaptive Card 1.5 JSON as Teams renders it.
import type { Mention, Text } from '../../src/core/messages.js';
import { render, type RenderContext } from '../text.js';
import { adaptiveStyle, mentionEntities } from './style.js';

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

  card(body: Element[], actions: Element[] = [], refresh?: AdaptiveCard['refresh']): AdaptiveCard {
    const card: AdaptiveCard = {
      type: 'AdaptiveCard',
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      version: '1.5',
      body,
    };
    if (actions.length > 0) card.actions = actions;
    if (refresh !== undefined) card.refresh = refresh;
    card.msteams = { width: 'Full', ...(this.mentions.length > 0 ? { entities: mentionEntities(this.mentions, adaptiveStyle) } : {}) };
    return card;
  }
}
