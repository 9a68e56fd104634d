// Teams rendering of the core's replies, cards and forms.
import type { CardModel, FormModel } from '../../src/core/cards.js';
import type { Text } from '../../src/core/messages.js';
import { render, type RenderContext } from '../text.js';
import { formCard } from './form.js';
import { groupInfoCard } from './groupInfo.js';
import { groupListCard } from './groupList.js';
import { joinRequestCard } from './joinRequest.js';
import type { AdaptiveCard } from './kit.js';
import { mentionEntities, teamsTextStyle } from './style.js';

type Renderers = { [K in CardModel['kind']]: (ctx: RenderContext, card: Extract<CardModel, { kind: K }>) => AdaptiveCard };

const RENDERERS: Renderers = {
  'join.request': joinRequestCard,
  'group.info': groupInfoCard,
  'group.list': groupListCard,
};

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

export function adaptiveCard(ctx: RenderContext, card: CardModel): AdaptiveCard {
  const renderer = RENDERERS[card.kind] as (ctx: RenderContext, card: CardModel) => AdaptiveCard;
  return renderer(ctx, card);
}

export function adaptiveForm(ctx: RenderContext, form: FormModel): AdaptiveCard {
  return formCard(ctx, form);
}

export interface TeamsText {
  text: string;
  entities: ReturnType<typeof mentionEntities>;
}

export function teamsText(ctx: RenderContext, t: Text): TeamsText {
  const out = render(ctx, t, teamsTextStyle);
  return { text: out.text, entities: mentionEntities(out.mentions, teamsTextStyle) };
}

export type { AdaptiveCard } from './kit.js';
