// MSG-7 files (spreadsheets, source code) and MSG-8 links (approved domains).
import { describe, expect, it } from 'vitest';
import { sensitiveFileKind } from '../../src/features/keywords/engine/files.js';
import { extractLinks, hostAllowed, normalizeHost } from '../../src/features/keywords/engine/links.js';

/** [url, host, the text at [start, end)] of each link. */
const links = (text: string) => extractLinks(text).map((l) => [l.url, l.host, text.slice(l.start, l.end)]);

describe('extractLinks', () => {
  it('reads Slack links, with and without a label', () => {
    expect(links('see <https://Docs.Example.com/a?b=1|the docs> and <http://x.org>')).toEqual([
      ['https://Docs.Example.com/a?b=1', 'docs.example.com', 'https://Docs.Example.com/a?b=1'],
      ['http://x.org', 'x.org', 'http://x.org'],
    ]);
  });

  it('reads a Slack link whose label is itself an address once', () => {
    expect(links('<https://evil.com/x|https://good.com/x>')).toEqual([['https://evil.com/x', 'evil.com', 'https://evil.com/x']]);
  });

  it('ignores Slack mailto links, channels and mentions', () => {
    expect(links('<mailto:a@b.com|a@b.com> <#C0123|general> <@U0123> <!channel>')).toEqual([]);
  });

  it('reads Teams anchors once, with entities decoded, whatever the quotes', () => {
    expect(links('<p>go <a href="https://evil.com/x?a=1&amp;b=2" rel="noreferrer">https://evil.com/x</a> now</p>')).toEqual([
      ['https://evil.com/x?a=1&b=2', 'evil.com', 'https://evil.com/x?a=1&amp;b=2'],
    ]);
    expect(links("<a title='t' href='https://A.example.net/'>label</a>")).toEqual([['https://A.example.net/', 'a.example.net', 'https://A.example.net/']]);
    expect(links('<a href=https://bare.example>x</a>')).toEqual([['https://bare.example', 'bare.example', 'https://bare.example']]);
  });

  it('reads bare addresses, without the punctuation of the sentence around them', () => {
    expect(links('Read https://example.com/path. Then (https://en.wikipedia.org/wiki/Foo_(bar)), and www.foo.com!')).toEqual([
      ['https://example.com/path', 'example.com', 'https://example.com/path'],
      ['https://en.wikipedia.org/wiki/Foo_(bar)', 'en.wikipedia.org', 'https://en.wikipedia.org/wiki/Foo_(bar)'],
      ['http://www.foo.com', 'www.foo.com', 'www.foo.com'],
    ]);
  });

  it('ends a bare address at Chinese punctuation, or where Chinese text follows an ASCII host', () => {
    expect(links('访问https://x.com然后再说')).toEqual([['https://x.com', 'x.com', 'https://x.com']]);
    expect(links('链接：https://example.com/a，谢谢')).toEqual([['https://example.com/a', 'example.com', 'https://example.com/a']]);
    expect(links('看 https://例子.中国/路径。')).toEqual([['https://例子.中国/路径', 'xn--fsqu00a.xn--fiqs8s', 'https://例子.中国/路径']]);
  });

  it('finds links of all three kinds in one message, in order', () => {
    const text = 'a <https://one.com|1> b <a href="https://two.com">two</a> c https://three.com';
    expect(extractLinks(text).map((l) => l.host)).toEqual(['one.com', 'two.com', 'three.com']);
  });

  it('finds nothing in text without links, or with a scheme alone', () => {
    expect(links('no links here, not even example.com or ftp://files.example.com')).toEqual([]);
    expect(links('https:// and www.')).toEqual([]);
  });
});

describe('hostAllowed', () => {
  const list = ['Example.com', '*.corp.example.org', 'https://partner.net/path', '例子.中国', '10.0.0.5'];

  it.each([
    ['example.com', true],
    ['DOCS.example.com', true],
    ['a.b.example.com', true],
    ['example.com.', true],
    ['corp.example.org', true],
    ['wiki.corp.example.org', true],
    ['partner.net', true],
    ['xn--fsqu00a.xn--fiqs8s', true],
    ['例子.中国', true],
    ['www.例子.中国', true],
    ['10.0.0.5', true],
    ['badexample.com', false],
    ['example.com.evil.io', false],
    ['example.org', false],
    ['other.example.org', false],
    ['110.0.0.5', false],
    ['', false],
  ])('%j → %s', (host, allowed) => {
    expect(hostAllowed(host, list)).toBe(allowed);
  });

  it('allows nothing with an empty list', () => {
    expect(hostAllowed('example.com', [])).toBe(false);
  });

  it('normalises allow-list entries', () => {
    expect(normalizeHost(' *.Example.COM ')).toBe('example.com');
    expect(normalizeHost('https://例子.中国/x')).toBe('xn--fsqu00a.xn--fiqs8s');
    expect(normalizeHost('not a host')).toBeNull();
    expect(normalizeHost('')).toBeNull();
  });
});

describe('sensitiveFileKind', () => {
  it.each([
    ['工资表.XLSX', null, 'spreadsheet'],
    ['payroll.xls', null, 'spreadsheet'],
    ['customers.csv', 'text/csv', 'spreadsheet'],
    ['budget.ods', null, 'spreadsheet'],
    ['plan.numbers', null, 'spreadsheet'],
    ['名单.et', null, 'spreadsheet'],
    ['export', 'text/csv', 'spreadsheet'],
    ['report.dat', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'spreadsheet'],
    ['main.ts', null, 'source'],
    ['src/app/Main.JAVA', null, 'source'],
    ['server.go', 'application/octet-stream', 'source'],
    ['query.sql', null, 'source'],
    ['deploy.sh', null, 'source'],
    ['lib.rs', null, 'source'],
    ['Dockerfile', null, 'source'],
    ['fix.patch', null, 'source'],
    ['script', 'text/x-python', 'source'],
    ['recording.ts', 'video/mp2t', null],
    ['code.zip', 'application/zip', null],
    ['notes.txt', 'text/plain', null],
    ['readme.md', null, null],
    ['photo.jpg', 'image/jpeg', null],
    ['.bashrc', null, null],
    ['', null, null],
  ] as const)('%j (%s) → %s', (name, mime, kind) => {
    expect(sensitiveFileKind(name, mime)).toBe(kind);
  });
});
