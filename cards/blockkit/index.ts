// Slack rendering of the core's replies, cards and forms. Each feature's
// renderers live in cards/blockkit/<feature>/; the map below must render every
// card model the features return (CardModel): a missing one is a type error.
import type { AnyCard } from '../../src/core/cards.js';
import type { Text } from '../../src/core/messages.js';
import type { CardModel } from '../../src/features/index.js';
import type { RenderContext } from '../text.js';
import { faqBlockKit } from './faq/index.js';
import { hrBlockKit } from './hr/index.js';
import { groupBlockKit } from './group/index.js';
import { joinBlockKit } from './join/index.js';
import { incidentsBlockKit } from './incident/index.js';
import { noticeBlockKit } from './notice/index.js';
import { surveyBlockKit } from './survey/index.js';
import { keywordsBlockKit } from './keywords/index.js';
import { policyBlockKit } from './policy/index.js';
import { postBlockKit } from './post/index.js';
import { rulesBlockKit } from './rules/index.js';
import { stewardshipBlockKit } from './stewardship/index.js';
import { md } from './kit.js';
import type { Renderers, SlackMessage } from './message.js';

const RENDERERS: Renderers<CardModel> = { ...hrBlockKit, ...faqBlockKit, ...groupBlockKit, ...joinBlockKit, ...incidentsBlockKit, ...noticeBlockKit, ...surveyBlockKit, ...keywordsBlockKit, ...policyBlockKit, ...postBlockKit, ...rulesBlockKit, ...stewardshipBlockKit };

export function slackCard(ctx: RenderContext, card: AnyCard): SlackMessage {
  const renderer = (RENDERERS as unknown as Record<string, ((ctx: RenderContext, card: AnyCard) => SlackMessage) | undefined>)[card.kind];
  if (renderer === undefined) throw new Error(`no Block Kit renderer for the card "${card.kind}"`);
  return renderer(ctx, card);
}

export function slackText(ctx: RenderContext, t: Text): SlackMessage {
  return { text: md(ctx, t) };
}

export { actionIdOf } from './kit.js';
export { formErrors, formModal, noticeModal } from './form.js';
export type { SlackMessage } from './message.js';
