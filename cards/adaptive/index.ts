// Teams rendering of the core's replies, cards and forms. Each feature's
// renderers live in cards/adaptive/<feature>/; the map below must render every
// card model the features return (CardModel): a missing one is a type error.
import type { AnyCard, FormModel } from '../../src/core/cards.js';
import type { Text } from '../../src/core/messages.js';
import type { CardModel } from '../../src/features/index.js';
import { plainStyle, render, type RenderContext } from '../text.js';
import { formCard, formLauncher } from './form.js';
import { faqAdaptive } from './faq/index.js';
import { hrAdaptive } from './hr/index.js';
import { groupAdaptive } from './group/index.js';
import { joinAdaptive } from './join/index.js';
import { incidentsAdaptive } from './incident/index.js';
import { noticeAdaptive } from './notice/index.js';
import { surveyAdaptive } from './survey/index.js';
import { keywordsAdaptive } from './keywords/index.js';
import { policyAdaptive } from './policy/index.js';
import { postAdaptive } from './post/index.js';
import { rulesAdaptive } from './rules/index.js';
import { stewardshipAdaptive } from './stewardship/index.js';
import type { AdaptiveCard, Renderers } from './kit.js';
import { mentionEntities, teamsTextStyle } from './style.js';

const RENDERERS: Renderers<CardModel> = { ...hrAdaptive, ...faqAdaptive, ...groupAdaptive, ...joinAdaptive, ...incidentsAdaptive, ...noticeAdaptive, ...surveyAdaptive, ...keywordsAdaptive, ...policyAdaptive, ...postAdaptive, ...rulesAdaptive, ...stewardshipAdaptive };

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function adaptiveCard(ctx: RenderContext, card: AnyCard): AdaptiveCard {
  const renderer = (RENDERERS as unknown as Record<string, ((ctx: RenderContext, card: AnyCard) => AdaptiveCard) | undefined>)[card.kind];
  if (renderer === undefined) throw new Error(`no Adaptive Card renderer for the card "${card.kind}"`);
  return renderer(ctx, card);
}

export function adaptiveForm(ctx: RenderContext, form: FormModel, mode: 'card' | 'dialog' = 'card'): AdaptiveCard {
  return formCard(ctx, form, mode);
}

export { DIALOG_KEY } from './form.js';
export { formLauncher };

export interface TeamsText {
  text: string;
  entities: ReturnType<typeof mentionEntities>;
}

export function teamsText(ctx: RenderContext, t: Text): TeamsText {
  const out = render(ctx, t, teamsTextStyle);
  return { text: out.text, entities: mentionEntities(out.mentions, teamsTextStyle) };
}

/** Text where nothing is interpreted: a Teams dialog's closing message. */
export function teamsPlain(ctx: RenderContext, t: Text): string {
  return render(ctx, t, plainStyle).text;
}

export type { AdaptiveCard } from './kit.js';
