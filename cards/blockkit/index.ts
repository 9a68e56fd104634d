// Slack rendering of the core's replies, cards and forms.
import type { CardModel } from '../../src/core/cards.js';
import type { Text } from '../../src/core/messages.js';
import type { RenderContext } from '../text.js';
import { groupInfoMessage } from './groupInfo.js';
import { groupListMessage } from './groupList.js';
import { joinRequestMessage } from './joinRequest.js';
import { md } from './kit.js';
import type { SlackMessage } from './message.js';

type Renderers = { [K in CardModel['kind']]: (ctx: RenderContext, card: Extract<CardModel, { kind: K }>) => SlackMessage };

const RENDERERS: Renderers = {
  'join.request': joinRequestMessage,
  'group.info': groupInfoMessage,
  'group.list': groupListMessage,
};

export function slackCard(ctx: RenderContext, card: CardModel): SlackMessage {
  const renderer = RENDERERS[card.kind] as (ctx: RenderContext, card: CardModel) => SlackMessage;
  return renderer(ctx, card);
}

export function slackText(ctx: RenderContext, t: Text): SlackMessage {
  return { text: md(ctx, t) };
}

export { formErrors, formModal, noticeModal, type FormMetadata } from './form.js';
export type { SlackMessage } from './message.js';
