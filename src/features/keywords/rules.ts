// How a finding's rule is named to people: the keyword list's name in their
// language, the detector, the file kind or the link rule.
import { localized, text, type Text } from '../../core/messages.js';
import type { FindingSource } from './store.js';

/**
 * What a finding may keep of a value that is not itself a detector's finding (a
 * link's host, a list's entry): digit runs long enough to be an ID, card or phone
 * number are masked, so such a number typed into a host name or a list never
 * reaches the database, a card or a log through a sample.
 */
export function safeSample(value: string): string {
  return value.replace(/[0-9０-９][0-9０-９Xx\-\s]{5,}/g, (m) => m.slice(0, 2) + '*'.repeat(Math.max(0, m.length - 4)) + m.slice(-2)).slice(0, 200);
}

export function ruleText(source: FindingSource, rule: string, listNames?: { en: string; 'zh-CN': string }): Text {
  if (source === 'keyword') return text('keywords.rule.list', { name: listNames === undefined ? rule : localized(listNames) });
  return text(`keywords.rule.${source === 'dlp' ? rule : source === 'file' ? `file-${rule}` : 'link'}`);
}
