// MSG-1: recognising a message's tag.
import { describe, expect, it } from 'vitest';
import { BUILT_IN, Catalog, CUSTOM_FIELDS } from '../../src/features/post/catalog.js';

const catalog = new Catalog([...BUILT_IN, { key: 'release-note', names: { en: 'Release note', 'zh-CN': '发版说明' }, class: 'notice', urgent: false, fields: CUSTOM_FIELDS, builtIn: false }]);

describe('tag recognition', () => {
  it.each(BUILT_IN.map((t) => [t.key, t.names.en, t.names['zh-CN']] as const))('knows %s in both forms, every bracket and case', (key, en, zh) => {
    for (const text of [
      `[${en}] the rest`,
      `【${zh}】the rest`,
      `【${en}】 the rest`,
      `[${zh}] the rest`,
      `［${en.toUpperCase()}］ the rest`,
      `[${en.toLowerCase()}]`,
      `   【 ${zh} 】 after spaces`,
      `\n[${en}] after a line break`,
    ]) {
      expect(catalog.recognise(text)?.key, text).toBe(key);
    }
  });
  it('knows a workspace’s own tag, and names typed with spaces, dashes or full-width letters', () => {
    expect(catalog.recognise('【发版说明】v2.3')?.key).toBe('release-note');
    expect(catalog.recognise('[release note] v2.3')?.key).toBe('release-note');
    expect(catalog.recognise('[Urgent Bug] payments down')?.key).toBe('urgent-bug');
    expect(catalog.recognise('[ｍｅｅｔｉｎｇ] Friday')?.key).toBe('meeting');
    expect(catalog.recognise('【bug紧急】 支付失败')?.key).toBe('urgent-bug');
  });
  it('finds no tag in the middle of a message, an unknown one, or an unclosed bracket', () => {
    for (const text of ['Notes from the [Meeting] today', 'see 【通知】 above', '[Meetings] Friday', '[Meeting Friday', '【】 empty', '[Notice', 'Notice: all hands', '']) {
      expect(catalog.recognise(text), text).toBeUndefined();
    }
  });
  it('finds a tag by key or either name, for `post <tag>`', () => {
    expect(catalog.find('会议')?.key).toBe('meeting');
    expect(catalog.find('URGENT-BUG')?.key).toBe('urgent-bug');
    expect(catalog.find('BUG紧急')?.key).toBe('urgent-bug');
    expect(catalog.find('nothing')).toBeUndefined();
  });
});
