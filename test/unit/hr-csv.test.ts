// The roster's CSV reader (RFC 4180), fed line by line as readline gives them.
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { csvRecords, linesOf, type CsvItem } from '../../src/features/hr/csv.js';

async function read(text: string): Promise<CsvItem[]> {
  const lines = createInterface({ input: Readable.from([Buffer.from(text, 'utf8')]).setEncoding('utf8'), crlfDelay: Infinity });
  return records(lines);
}

async function records(lines: AsyncIterable<string>): Promise<CsvItem[]> {
  const out: CsvItem[] = [];
  for await (const item of csvRecords(lines)) out.push(item);
  return out;
}

describe('csvRecords', () => {
  it('reads plain, quoted and empty fields, with or without a BOM, LF or CRLF', async () => {
    const expected = [
      { line: 1, fields: ['a', 'b', 'c'] },
      { line: 2, fields: ['1', '', ''] },
      { line: 3, fields: ['x, y', 'say "hi"', ''] },
    ];
    const body = 'a,b,c\n1,,\n"x, y","say ""hi""",""\n';
    expect(await read(body)).toEqual(expected);
    expect(await read(`\uFEFF${body.replaceAll('\n', '\r\n')}`)).toEqual(expected);
    // Without a final line break too.
    expect(await read(body.trimEnd())).toEqual(expected);
  });

  it('keeps Chinese text and line breaks inside quotes, numbering records by their first line', async () => {
    expect(await read('id,name\r\n1,"李雷\r\n韩梅梅"\r\n\r\n2,王芳\r\n')).toEqual([
      { line: 1, fields: ['id', 'name'] },
      { line: 2, fields: ['1', '李雷\n韩梅梅'] },
      { line: 5, fields: ['2', '王芳'] },
    ]);
  });

  it('reports broken records by line and goes on with the next line', async () => {
    expect(await read('a,b\nx"y,1\n"q"z,2\nok,3\n"open,4\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: expect.stringContaining('quote inside an unquoted field') },
      { line: 3, error: 'text after a closing quote' },
      { line: 4, fields: ['ok', '3'] },
      { line: 5, error: expect.stringContaining('not closed') },
    ]);
  });

  it('stops a runaway quote instead of holding the rest of the file', async () => {
    const items = await read(`a\n"${'x'.repeat(70_000)}\nb\n`);
    expect(items[1]).toEqual({ line: 2, error: expect.stringContaining('longer than') });
    expect(items[2]).toEqual({ line: 3, fields: ['b'] });
  });

  it('reads a text in memory (a roster from chat) as it reads the same file', async () => {
    const bodies = [
      '\uFEFFid,name\r\n1,"李雷\r\n韩梅梅"\r\n\r\n2,王芳\r\n',
      'a,b\rx"y,1\r"open,4\r\n',
      'a,b\n"q\n\n',
      'a,b',
      '',
    ];
    for (const body of bodies) expect(await records(linesOf(body)), JSON.stringify(body)).toEqual(await read(body));
  });
});
