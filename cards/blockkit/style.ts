// Slack mrkdwn: `<`, `>` and `&` are escaped so user text cannot ping a channel
// (`<!channel>`) or forge a mention; dates use Slack's own formatting, shown in each
// viewer's time zone.
import type { Style } from '../text.js';
import { isoSeconds } from '../text.js';

export function escapeMrkdwn(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export const slackStyle: Style = {
  escape: escapeMrkdwn,
  // Slack reads entities inside code too; a backtick would end the span.
  code: (value) => escapeMrkdwn(value.replace(/`/g, 'ˋ')),
  mention: (m) => (m.address === '' ? escapeMrkdwn(m.name) : `<@${m.address}>`),
  date: (at) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${isoSeconds(at)}>`,
  // Locale texts hold no Slack markup of their own (mentions come as parameters),
  // so their `<` and `>` (as in `<#group>`) are escaped too.
  markup: (template) => escapeMrkdwn(template).replace(/\*\*(.+?)\*\*/g, '*$1*'),
  lines: (items) => items.join('\n'),
};

/** For plain_text objects (headers, buttons, modal titles): nothing is interpreted, so nothing is escaped. */
export const slackPlainStyle: Style = {
  escape: (value) => value,
  code: (value) => value,
  mention: (m) => m.name,
  date: (at) => isoSeconds(at).replace('T', ' ').replace('Z', ' UTC'),
  markup: (template) => template.replace(/\*\*(.+?)\*\*/g, '$1').replace(/`/g, ''),
  lines: (items) => items.join('\n'),
};
