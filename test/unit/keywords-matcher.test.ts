// MSG-6: keyword lists — words, whole words, regexes, allow lists — matched on folded text.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SPAM_ENTRIES } from '../../src/features/keywords/engine/defaults.js';
import { compileKeywords, MAX_PATTERN_LENGTH, validateEntry, type AllowPhrase, type KeywordEntry } from '../../src/features/keywords/engine/matcher.js';
import { fold } from '../../src/features/keywords/engine/normalize.js';

let seq = 0;
const entry = (kind: KeywordEntry['kind'], pattern: string, listId = 'ads'): KeywordEntry => ({ id: `e${(seq += 1)}-${pattern}`, listId, kind, pattern });

/** [entry pattern, original slice] of each hit. */
function found(entries: KeywordEntry[], text: string, allow: AllowPhrase[] = []): [string, string][] {
  const byId = new Map(entries.map((e) => [e.id, e.pattern]));
  return compileKeywords(entries, allow)
    .match(text)
    .map((h) => [byId.get(h.entryId) as string, text.slice(h.start, h.end)]);
}

describe('validateEntry', () => {
  it.each([
    ['word', '  微信  ', '微信'],
    ['whole', 'work   from\thome', 'work from home'],
    ['regex', ' 加\\s?v\\b ', '加\\s?v\\b'],
    ['word', 'x'.repeat(MAX_PATTERN_LENGTH), 'x'.repeat(MAX_PATTERN_LENGTH)],
  ] as const)('accepts %s %j as %j', (kind, pattern, stored) => {
    expect(validateEntry(kind, pattern)).toEqual({ ok: true, pattern: stored });
  });

  it.each([
    ['word', '', 'empty'],
    ['word', '   ', 'empty'],
    ['whole', '\u200b\u200d', 'empty'],
    ['regex', '  ', 'empty'],
    ['word', 'x'.repeat(MAX_PATTERN_LENGTH + 1), 'too-long'],
    ['regex', `a{1,2}${'b'.repeat(MAX_PATTERN_LENGTH)}`, 'too-long'],
    ['regex', '(a', 'bad-regex'],
    ['regex', '[z-a]', 'bad-regex'],
    ['regex', 'a**', 'bad-regex'],
    ['regex', '\\p{NotAScript}', 'bad-regex'],
    ['regex', '(?=a)b', 'unsafe-regex'],
    ['regex', 'a(?!b)', 'unsafe-regex'],
    ['regex', '(?<=a)b', 'unsafe-regex'],
    ['regex', '(?<!a)b', 'unsafe-regex'],
    ['regex', '(a)\\1', 'unsafe-regex'],
    ['regex', 'a{1001}', 'unsafe-regex'],
    ['regex', '(?:x{100}){100}', 'unsafe-regex'],
    ['regex', '.{500}', 'unsafe-regex'],
    ['regex', 'a*', 'unsafe-regex'],
    ['regex', 'x|', 'unsafe-regex'],
  ] as const)('refuses %s %j: %s', (kind, pattern, reason) => {
    expect(validateEntry(kind, pattern)).toEqual({ ok: false, reason });
  });

  it('runs (a+)+$ in linear time instead of refusing it', () => {
    expect(validateEntry('regex', '(a+)+$')).toEqual({ ok: true, pattern: '(a+)+$' });
    const c = compileKeywords([entry('regex', '(a+)+$')]);
    expect(c.match(`${'a'.repeat(20_000)}!`)).toEqual([]);
  });
});

describe('compileKeywords', () => {
  it('finds a word anywhere, through every evasion, and reports it as typed', () => {
    const e = [entry('word', '加微信'), entry('word', 'WeChat')];
    expect(found(e, '请加 微.信 聊')).toEqual([['加微信', '加 微.信']]);
    expect(found(e, '加-微-信')).toEqual([['加微信', '加-微-信']]);
    expect(found(e, '加🌟微🌟信')).toEqual([['加微信', '加🌟微🌟信']]);
    expect(found(e, '加\u3000微\u3000信')).toEqual([['加微信', '加\u3000微\u3000信']]);
    expect(found(e, 'my ＷｅＣｈａｔ id')).toEqual([['WeChat', 'ＷｅＣｈａｔ']]);
    expect(found(e, 'myWE\u200bCHAT\u00adid')).toEqual([['WeChat', 'WE\u200bCHAT']]);
    expect(found(e, '加\u0301微\u0308信')).toEqual([['加微信', '加\u0301微\u0308信']]);
    expect(found(e, 'W\u0337e\u0335C\u0336h\u0338a\u0334t')).toEqual([['WeChat', 'W\u0337e\u0335C\u0336h\u0338a\u0334t']]);
    expect(found(e, '微 信 and we chat')).toEqual([]);
  });

  it('finds a word with Chinese numerals next to digits, where the numerals read as digits', () => {
    const e = [entry('word', '六合彩')];
    expect(found(e, '买2024六合彩')).toEqual([['六合彩', '六合彩']]);
    expect(found(e, '买六合彩')).toEqual([['六合彩', '六合彩']]);
    expect(found(e, '买6合彩')).toEqual([['六合彩', '6合彩']]);
    // An allow phrase with a numeral covers its digit form too.
    expect(found(e, '2024六合彩票站', [{ listId: 'ads', pattern: '六合彩票站' }])).toEqual([]);
  });

  it('matches a whole word only at word boundaries for Latin letters and digits', () => {
    const e = [entry('whole', 'ass'), entry('whole', 'vip'), entry('whole', 'work from home'), entry('whole', '微信')];
    expect(found(e, 'the class assembles')).toEqual([]);
    expect(found(e, 'you ass!')).toEqual([['ass', 'ass']]);
    expect(found(e, 'ASS')).toEqual([['ass', 'ASS']]);
    expect(found(e, '加vip群')).toEqual([['vip', 'vip']]);
    expect(found(e, 'vips and vip2')).toEqual([]);
    expect(found(e, 'WORK from   home!')).toEqual([['work from home', 'WORK from   home']]);
    expect(found(e, 'homework from homes')).toEqual([]);
    // Chinese has no spaces: a whole word behaves like a word.
    expect(found(e, '加微信好友')).toEqual([['微信', '微信']]);
  });

  it('runs regexes on the folded text, case-insensitively', () => {
    const e = [entry('regex', 'WeChat\\s?id'), entry('regex', '微信\\d{5,}'), entry('regex', '^urgent')];
    expect(found(e, 'my wechat ID is x')).toEqual([['WeChat\\s?id', 'wechat ID']]);
    expect(found(e, '微 信 一三八一二三四五')).toEqual([['微信\\d{5,}', '微 信 一三八一二三四五']]);
    expect(found(e, 'URGENT: now')).toEqual([['^urgent', 'URGENT']]);
    expect(found(e, 'not urgent')).toEqual([]);
  });

  it('reports one hit per entry, its first occurrence, and hits of several entries sorted by start', () => {
    const e = [entry('word', '博彩'), entry('word', '微信'), entry('regex', '\\d{3}')];
    const text = '微信 博彩 微信 123 博彩 456';
    const c = compileKeywords(e);
    expect(c.match(text).map((h) => [h.entryId, h.start, h.end])).toEqual([
      [e[1]!.id, 0, 2],
      [e[0]!.id, 3, 5],
      [e[2]!.id, 9, 12],
    ]);
    expect(c.match(text)[0]).toEqual({ entryId: e[1]!.id, listId: 'ads', start: 0, end: 2 });
  });

  it('reports the same word in two lists once per list', () => {
    const e = [entry('word', '网赌', 'ads'), entry('word', '网赌', 'banned'), entry('whole', '网赌', 'ads')];
    const hits = compileKeywords(e).match('别去网赌');
    expect(hits.map((h) => [h.entryId, h.listId, h.start, h.end])).toEqual([
      [e[0]!.id, 'ads', 2, 4],
      [e[1]!.id, 'banned', 2, 4],
      [e[2]!.id, 'ads', 2, 4],
    ]);
  });

  it('drops hits inside an allow phrase of the same list, and only those', () => {
    const e = [entry('word', '微信', 'ads'), entry('word', '微信', 'other'), entry('regex', '支付.?', 'ads')];
    const allow = [{ listId: 'ads', pattern: '微信支付' }];
    expect(found(e.slice(0, 1), '用微信支付吧', allow)).toEqual([]);
    expect(found(e.slice(0, 1), '用 微 信 支 付', allow)).toEqual([]);
    expect(found(e.slice(0, 1), '微信支付，或者加微信', allow)).toEqual([['微信', '微信']]);
    expect(compileKeywords(e.slice(0, 1), allow).match('微信支付，或者加微信')[0]).toMatchObject({ start: 8, end: 10 });
    expect(found(e.slice(1, 2), '用微信支付吧', allow)).toEqual([['微信', '微信']]);
    // a regex hit is kept when it reaches outside the phrase
    expect(found(e.slice(2), '微信支付宝', allow)).toEqual([['支付.?', '支付宝']]);
    expect(found(e.slice(2), '微信支付', allow)).toEqual([]);
  });

  it('takes a folded text, and gives the same answer', () => {
    const c = compileKeywords([entry('word', '加微信'), entry('whole', 'free gift')]);
    const text = 'FREE gift! 加 微 信';
    expect(c.match(fold(text))).toEqual(c.match(text));
    expect(c.match(text)).toHaveLength(2);
  });

  it('finds keywords with characters outside the BMP at the right offsets', () => {
    expect(found([entry('word', '𠀀𠀁')], '😀x𠀀 𠀁y')).toEqual([['𠀀𠀁', '𠀀 𠀁']]);
    expect(compileKeywords([entry('word', '𠀀𠀁')]).match('😀x𠀀𠀁')[0]).toMatchObject({ start: 3, end: 7 });
  });

  it('skips entries that no longer validate, and counts what it compiled', () => {
    const bad = entry('regex', '(?=x)');
    const c = compileKeywords([entry('word', '博彩'), entry('word', 'ＡＢＣ'), entry('word', 'abc'), bad, entry('regex', 'a\\d'), entry('regex', 'b\\d')], [{ listId: 'ads', pattern: '博彩业' }]);
    expect(c.stats).toMatchObject({ entries: 5, literals: 3, regexes: 2, allowPhrases: 1, skipped: [bad.id] });
    expect(c.match('a1 b2 c3').map((h) => h.entryId)).toHaveLength(2);
    const bigger = compileKeywords(Array.from({ length: 1000 }, (_, i) => entry('word', `keyword${i}`)));
    expect(bigger.stats.estimatedBytes).toBeGreaterThan(c.stats.estimatedBytes * 10);
  });

  it('matches nothing with no entries, and nothing in an empty text', () => {
    expect(compileKeywords([]).match('anything')).toEqual([]);
    expect(compileKeywords([entry('word', 'x')]).match('')).toEqual([]);
    expect(compileKeywords([entry('word', 'x')]).match('\u200b')).toEqual([]);
  });
});

describe('DEFAULT_SPAM_ENTRIES', () => {
  const entries = DEFAULT_SPAM_ENTRIES.map((e, i) => ({ id: `d${i}`, listId: 'spam', ...e }));
  const c = compileKeywords(entries);
  const patterns = (text: string) => c.match(text).map((h) => entries[Number(h.entryId.slice(1))]!.pattern);

  it('has 20–40 entries in both languages, each valid as stored', () => {
    expect(DEFAULT_SPAM_ENTRIES.length).toBeGreaterThanOrEqual(20);
    expect(DEFAULT_SPAM_ENTRIES.length).toBeLessThanOrEqual(40);
    for (const e of DEFAULT_SPAM_ENTRIES) expect(validateEntry(e.kind, e.pattern), e.pattern).toEqual({ ok: true, pattern: e.pattern });
    expect(c.stats.skipped).toEqual([]);
    expect(new Set(DEFAULT_SPAM_ENTRIES.map((e) => e.pattern)).size).toBe(DEFAULT_SPAM_ENTRIES.length);
  });

  it.each([
    ['请加 微.信 详聊', ['加微信']],
    ['加V详聊', ['(?:加|\\+)\\s?(?:vx|wx|v|qq)\\b']],
    ['兼职刷单，日结300', ['兼职刷单', '(?:兼职|临时工|招聘).{0,8}日结|日结\\s?\\d{2,}']],
    ['代开增值税发票', ['代开.{0,6}发票']],
    ['QQ群：12345678', ['(?:qq|扣扣)群?\\s?:?\\s?\\d{5,11}']],
    ['Work From Home and EARN MONEY FAST', ['work from home', 'earn money fast']],
    ['Double your BTC now', ['\\bdouble your (?:bitcoin|btc|eth|crypto|money)\\b']],
  ])('catches %j', (text, expected) => {
    expect(patterns(text)).toEqual(expected);
  });

  it.each(['今日结束了，每日结算', '加vip会员', '我们在家工作 from home office', '增加微量元素'])('leaves %j alone', (text) => {
    expect(patterns(text)).toEqual([]);
  });
});
