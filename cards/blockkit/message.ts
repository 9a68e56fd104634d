import type { KnownBlock } from '@slack/types';
import type { AnyCard } from '../../src/core/cards.js';
import type { RenderContext } from '../text.js';

/** A Slack message: `text` is the notification and accessibility fallback. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}

/** One renderer per card kind of a feature: a missing one is a type error. */
export type Renderers<K extends AnyCard> = { [Kind in K['kind']]: (ctx: RenderContext, card: Extract<K, { kind: Kind }>) => SlackMessage };
