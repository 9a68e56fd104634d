import type { KnownBlock } from '@slack/types';

/** A Slack message: `text` is the notification and accessibility fallback. */
export interface SlackMessage {
  text: string;
  blocks?: KnownBlock[];
}
