// How a finding's rule is named to people: the keyword list's name in their
// language, the detector, the file kind or the link rule.
import { localized, text, type Text } from '../../core/messages.js';
import type { FindingSource } from './store.js';

export function ruleText(source: FindingSource, rule: string, listNames?: { en: string; 'zh-CN': string }): Text {
  if (source === 'keyword') return text('keywords.rule.list', { name: listNames === undefined ? rule : localized(listNames) });
  return text(`keywords.rule.${source === 'dlp' ? rule : source === 'file' ? `file-${rule}` : 'link'}`);
}
