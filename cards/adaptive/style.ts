// Teams: plain message text (HTML-escaped, `<at>` mentions with entities) and
// Adaptive Card text (markdown; dates through the DATE/TIME functions so each
// viewer sees local time).
import type { Mention } from '../../src/core/messages.js';
import type { Style } from '../text.js';
import { isoSeconds, outsideCode, plainDate } from '../text.js';

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const ZWSP = '\u200b';

/**
 * User text inside Teams markdown: a link (`[label](url)`), bold or a `{{DATE(…)}}`
 * template typed by someone must show as typed, not as a link, emphasis or a date —
 * a zero-width space breaks each sequence without changing what the reader sees.
 */
export function neutralizeMarkdown(value: string): string {
  return value.replace(/\{\{/g, `{${ZWSP}{`).replace(/\}\}/g, `}${ZWSP}}`).replace(/\]\(/g, `]${ZWSP}(`).replace(/\*\*/g, `*${ZWSP}*`).replace(/__/g, `_${ZWSP}_`);
}

function atMention(m: Mention, collected: Mention[], escape: (s: string) => string): string {
  if (m.address === '') return escape(m.name);
  if (!collected.some((c) => c.address === m.address)) collected.push(m);
  return `<at>${escape(m.name)}</at>`;
}

export const teamsTextStyle: Style = {
  escape: (value) => neutralizeMarkdown(escapeHtml(value)),
  // Teams shows a code span as written, entities included: `&lt;` would show as such.
  // Inside one, user text only loses the backticks that would end it, and `<at>` tags.
  code: (value) => value.replace(/`/g, 'ˋ').replace(/<\/?at>/gi, ''),
  mention: (m, collected) => atMention(m, collected, escapeHtml),
  date: (at, locale) => plainDate(at, locale),
  // Outside code spans Teams reads message text as HTML: a `<group>` there must not vanish as a tag.
  markup: (template) => outsideCode(template, escapeHtml),
  lines: (items) => items.join('\n\n'),
};


/** Card text is markdown, not HTML: angle brackets show as typed. */
export const adaptiveStyle: Style = {
  escape: (value) => neutralizeMarkdown(value.replace(/<\/?at>/gi, '')),
  code: (value) => value.replace(/`/g, 'ˋ').replace(/<\/?at>/gi, ''),
  mention: (m, collected) => atMention(m, collected, (s) => s.replace(/<\/?at>/gi, '')),
  date: (at) => `{{DATE(${isoSeconds(at)}, SHORT)}} {{TIME(${isoSeconds(at)})}}`,
  markup: (template) => template,
  lines: (items) => items.join('\n\n'),
};

/** Mention entities whose text matches what the style wrote, character for character. */
export function mentionEntities(mentions: Mention[], style: Style) {
  return mentions.map((m) => ({
    type: 'mention',
    text: style.mention(m, []),
    mentioned: { id: m.address, name: m.name },
  }));
}
