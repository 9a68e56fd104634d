// The one place Teams messages are rendered: a text (markdown, with mention
// entities) or an Adaptive Card, in a given locale. Used for replies in a turn
// and for proactive messages alike.
import type { Activity } from 'botbuilder';
import { ADAPTIVE_CARD_CONTENT_TYPE, adaptiveCard, teamsText } from '../../cards/adaptive/index.js';
import type { RenderContext } from '../../cards/text.js';
import type { AnyCard } from '../../src/core/cards.js';
import type { Locale } from '../../src/core/locale.js';
import type { Text } from '../../src/core/messages.js';
import type { Translator } from '../../src/i18n.js';

export const TEAMS_COMMAND = '@Charter';

export function renderContext(i18n: Translator, locale: Locale): RenderContext {
  return { i18n, locale, command: TEAMS_COMMAND };
}

export function textActivity(ctx: RenderContext, t: Text): Partial<Activity> {
  const out = teamsText(ctx, t);
  return { type: 'message', text: out.text, textFormat: 'markdown', ...(out.entities.length > 0 ? { entities: out.entities } : {}) };
}

export function cardActivity(ctx: RenderContext, card: AnyCard): Partial<Activity> {
  return { type: 'message', attachments: [{ contentType: ADAPTIVE_CARD_CONTENT_TYPE, content: adaptiveCard(ctx, card) }] };
}

export function messageActivity(ctx: RenderContext, message: { text: Text } | { card: AnyCard }): Partial<Activity> {
  return 'card' in message ? cardActivity(ctx, message.card) : textActivity(ctx, message.text);
}
