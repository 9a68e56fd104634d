// Exports as CSV: RFC 4180 quoting, a byte order mark, and cells a spreadsheet would
// run as formulas (ASCII or full-width signs) made text.
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../src/core/exports.js';

describe('toCsv', () => {
  it('quotes what needs quoting and starts with a byte order mark', () => {
    const csv = toCsv(['姓名', 'Comment'], [['王小明', 'said "hi", then left\nearly'], ['Ann', '']]);
    expect(csv).toBe('\uFEFF姓名,Comment\r\n王小明,"said ""hi"", then left\nearly"\r\nAnn,\r\n');
  });

  it('makes formula-like cells text, full-width signs included', () => {
    const cells = ['=HYPERLINK("http://evil.example","x")', '+1', '-2+3', '@SUM(A1)', '\tx', '＝1+1', '＋1', '－1', '＠A1', 'a=b', '3-4'];
    const [, row] = toCsv(['x'], [cells]).slice(1).split('\r\n');
    expect(row).toBe(`"'=HYPERLINK(""http://evil.example"",""x"")",'+1,'-2+3,'@SUM(A1),'\tx,'＝1+1,'＋1,'－1,'＠A1,a=b,3-4`);
  });
});
