import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText, commandWord } from '../../src/core/clean.js';

describe('cleaning user text', () => {
  it.each([
    ['NUL and other C0 controls', 'a\u0000b\u0007c\u001Bd', 'abcd'],
    ['DEL and C1 controls', 'a\u007Fb\u0085c\u009Bd', 'ab\ncd'],
    ['bidi overrides and embeddings', 'invoice \u202Efdp.exe\u202C', 'invoice fdp.exe'],
    ['bidi isolates and marks', '\u2066x\u2069\u200Ey\u200F\u061Cz', 'xyz'],
    ['zero-width space, word joiner, BOM', 'a\u200Bb\u2060c\uFEFFd', 'abcd'],
    ['lone surrogates', 'a\uD800b\uDFFFc', 'a\uFFFDb\uFFFDc'],
    ['CR LF and separators', 'a\r\nb\rc\u2028d', 'a\nb\nc\nd'],
    ['tabs', 'a\tb', 'a b'],
  ])('drops %s', (_what, input, expected) => {
    expect(cleanText(input)).toBe(expected);
  });

  it('keeps Chinese, emoji sequences and punctuation exactly', () => {
    const kept = '你好，世界！「引号」…— 👩‍💻 🏳️‍🌈 👍🏽 ✓ €5 (ok) [Notice] 【通知】 1️⃣ 🏴󠁧󠁢󠁳󠁣󠁴󠁿';
    expect(cleanText(kept)).toBe(kept);
    expect(cleanLine(kept)).toBe(kept);
  });

  it('puts one line on one line', () => {
    expect(cleanLine('two\nlines\r\nhere')).toBe('two lines here');
  });

  it('reads full-width command words as plain ones', () => {
    expect(commandWord('ｊｏｉｎ')).toBe('join');
    expect(commandWord('ＨＥＬＰ')).toBe('help');
    expect(commandWord('－－ｎａｍｅ')).toBe('--name');
    expect(commandWord('加入')).toBe('加入');
  });
});
