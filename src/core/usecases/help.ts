import { HELP_TOPICS, UNAVAILABLE, type HelpTopic } from '../commands/types.js';
import { text } from '../messages.js';
import type { Reply } from '../replies.js';

const NOT_YET: readonly string[] = UNAVAILABLE;

export function help(topic: HelpTopic | null): Reply {
  if (topic === null) {
    return { kind: 'text', text: text('help.overview', { lines: HELP_TOPICS.map((t) => text(`usage.${t}`)) }) };
  }
  const details = text(NOT_YET.includes(topic) ? 'help.notYet' : `help.details.${topic}`);
  return { kind: 'text', text: text('help.topic', { usage: text(`usage.${topic}`), details }) };
}
