// MSG-6: folding a message so evasions still match, with offsets back to the original.
import { describe, expect, it } from 'vitest';
import { fold, originalSpan } from '../../src/features/keywords/engine/normalize.js';

/** The original text under the folded occurrence of `needle`. */
function typed(text: string, needle: string): string | undefined {
  const f = fold(text);
  const at = f.text.indexOf(needle);
  if (at < 0) return undefined;
  const span = originalSpan(f, at, at + needle.length);
  return text.slice(span.start, span.end);
}

describe('fold', () => {
  it.each([
    ['full-width letters and digits', 'ＷｅＣｈａｔ１２３', 'wechat123'],
    ['case', 'WeCHAT Free GIFT', 'wechat free gift'],
    ['zero-width space, joiners, word joiner, BOM', 'we\u200bc\u200ch\u200da\u2060t\ufeff', 'wechat'],
    ['soft hyphen', 'we\u00adchat', 'wechat'],
    ['variation selectors', '微\ufe0f信\u{e0100}', '微信'],
    ['bidi controls', 'we\u202echat\u202c', 'wechat'],
    ['spaces between Chinese characters', '加 微 信', '加微信'],
    ['ideographic spaces', '加\u3000微\u3000信', '加微信'],
    ['dots', '加.微.信', '加微信'],
    ['dashes', '加-微-信', '加微信'],
    ['runs of punctuation and symbols', '加 * 微 ~ 信', '加微信'],
    ['Chinese punctuation', '加。微，信', '加微信'],
    ['emoji', '加🌟微😀信', '加微信'],
    ['line breaks', '加\n微\r\n信', '加微信'],
    ['Kangxi radicals', '⼈⺠', '人⺠'],
    ['ligatures', 'ﬁle', 'file'],
    ['whitespace runs between words', 'work   from\n\t home', 'work from home'],
    ['accents, precomposed or combining', 'Café cafe\u0301 wēixìn', 'cafe cafe weixin'],
    ['marks stacked on Chinese characters', '微\u0301\u0308信', '微信'],
    ['Zalgo text', 'f\u0337\u0335r\u0336e\u0338e\u0334', 'free'],
    ['keycap digits', '1\ufe0f\u20e32\ufe0f\u20e3', '12'],
  ])('%s', (_name, input, folded) => {
    expect(fold(input).text).toBe(folded);
  });

  it('keeps separators that are not between two Chinese characters', () => {
    expect(fold('加 v 信').text).toBe('加 v 信');
    expect(fold('hello, world').text).toBe('hello, world');
    expect(fold('价格: 100').text).toBe('价格: 100');
  });

  it.each([
    ['circled digits', '①②③', '123'],
    ['dingbat digits', '❶➁➌⓸', '1234'],
    ['ten as a dingbat', '❿', '10'],
    ['full-width digits', '１３８', '138'],
    ['o and l between digits', '138o0l2345', '1380012345'],
    ['O and I between digits', '1O1I1', '10111'],
    ['Chinese numerals in a run of digits', '微信号一三八一二三四五六七八', '微信号13812345678'],
    ['numerals and digits mixed', '138一二三四5678', '13812345678'],
    ['financial numerals and 幺', '幺叁捌壹贰', '13812'],
    ['〇 and 零', '二〇二零', '2020'],
  ])('look-alike digits: %s', (_name, input, folded) => {
    expect(fold(input).text).toBe(folded);
  });

  it.each([
    ['a short run of numerals', '三八妇女节', '三八妇女节'],
    ['three numerals', '一二三', '一二三'],
    ['a numeral in a word', '六合彩', '六合彩'],
    ['letters with no digit on one side', 'hello 1st v1.0 lol 2o', 'hello 1st v1.0 lol 2o'],
    ['letters before any digit', 'oil10', 'oil10'],
  ])('leaves look-alikes alone outside digit runs: %s', (_name, input, folded) => {
    expect(fold(input).text).toBe(folded);
  });

  it.each([
    ['请加 微.信 聊', '加微信', '加 微.信'],
    ['ＷｅＣｈａｔ号', 'wechat', 'ＷｅＣｈａｔ'],
    ['x We\u200bC\u200dhat y', 'wechat', 'We\u200bC\u200dhat'],
    ['号码 1３8o0l2\u200b345', '1380012345', '1３8o0l2\u200b345'],
    ['加🌟微😀信!', '加微信', '加🌟微😀信'],
    ['𠀀 𠀁 end', '𠀀𠀁', '𠀀 𠀁'],
  ])('maps a folded span back to the original as typed: %s', (input, needle, original) => {
    expect(typed(input, needle)).toBe(original);
  });

  it('gives every folded unit the span of its source', () => {
    const f = fold('a㎏e\u0301\u200bＢ');
    expect(f.text).toBe('akgeb');
    expect([...f.starts]).toEqual([0, 1, 1, 2, 5]);
    expect([...f.ends]).toEqual([1, 2, 2, 5, 6]);
    expect(f.original).toBe('a㎏e\u0301\u200bＢ');
  });

  it('maps an empty span to a position', () => {
    const f = fold('ab');
    expect(originalSpan(f, 1, 1)).toEqual({ start: 1, end: 1 });
    expect(originalSpan(f, 2, 2)).toEqual({ start: 2, end: 2 });
  });

  it('folds empty, invisible-only and long texts', () => {
    expect(fold('').text).toBe('');
    expect(fold('\u200b\u200d\ufeff').text).toBe('');
    const long = '加 微 信 WeChat ①②'.repeat(5000);
    const f = fold(long);
    expect(f.text).toBe('加微信 wechat 12'.repeat(5000));
    expect(f.starts.length).toBe(f.text.length);
    expect(f.ends[f.ends.length - 1]).toBe(long.length);
  });

  it('does not let one call disturb the result of another', () => {
    const a = fold('ＡＢＣ 加 微 信');
    const b = fold('xyz');
    expect(a.text).toBe('abc 加微信');
    expect([...a.starts]).toEqual([0, 1, 2, 3, 4, 6, 8]);
    expect(b.text).toBe('xyz');
  });
});
