// The roster's CSV reader (RFC 4180): lines as readLines cuts them from a file
// read in pieces (as readline would, but never holding a line past the limit),
// records from lines.
import { Readable } from 'node:stream';
import { createInterface } from 'node:readline';
import { describe, expect, it } from 'vitest';
import { csvRecords, LINE_TOO_LONG, linesOf, MAX_LINE_CHARS, readLines, type CsvItem, type Line } from '../../src/features/hr/csv.js';

/** A text's bytes in pieces of `size` (cutting through CR LF and UTF-8 sequences), decoded as the command line does. */
function pieces(text: string, size: number): AsyncIterable<string> {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size));
  return Readable.from(parts, { objectMode: false }).setEncoding('utf8') as AsyncIterable<string>;
}

async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function read(text: string, size = 7): Promise<CsvItem[]> {
  return all(csvRecords(readLines(pieces(text, size))));
}

async function records(lines: AsyncIterable<Line>): Promise<CsvItem[]> {
  return all(csvRecords(lines));
}

describe('readLines', () => {
  it('splits lines as readline does, however the text comes in pieces', async () => {
    const bodies = ['a\r\nb\rc\nd', 'a\r\n\r\nb\r\n', '\r\r\n\n\r', '\uFEFF李雷,韩梅梅\r\n王芳\n', 'x', '', '\n', 'a,b\n"q\n\n'];
    for (const body of bodies) {
      const expected = await all(createInterface({ input: Readable.from([Buffer.from(body, 'utf8')]).setEncoding('utf8'), crlfDelay: Infinity }));
      for (const size of [1, 2, 3, 5, 1024]) expect(await all(readLines(pieces(body, size))), `${JSON.stringify(body)} in pieces of ${size}`).toEqual(expected);
    }
  });

  it('refuses a line as soon as it passes the limit, without waiting for its end, and goes on after it', async () => {
    let served = 0;
    // A line that never ends: only a reader that does not hold it can answer.
    async function* endless(): AsyncGenerator<string> {
      yield 'a,b\nxx';
      for (;;) {
        served += 1;
        yield 'x'.repeat(1000);
      }
    }
    const lines = readLines(endless(), 2500);
    expect((await lines.next()).value).toBe('a,b');
    expect((await lines.next()).value).toBe(LINE_TOO_LONG);
    expect(served).toBe(3);
    await lines.return(undefined);

    // The rest of the long line is dropped up to its end; the next lines are read as ever.
    const text = `a,b\r\n${'x'.repeat(2501)}\r\nok\r\n${'y'.repeat(2500)}\n${'z'.repeat(9000)}`;
    for (const size of [1, 999, 4096]) expect(await all(readLines(pieces(text, size), 2500))).toEqual(['a,b', LINE_TOO_LONG, 'ok', 'y'.repeat(2500), LINE_TOO_LONG]);
    expect(MAX_LINE_CHARS).toBe(65_536);
  });
});

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
      { line: 2, error: expect.stringContaining('quote inside an unquoted field'), problem: { code: 'strayQuote' } },
      { line: 3, error: 'text after a closing quote', problem: { code: 'afterQuote' } },
      { line: 4, fields: ['ok', '3'] },
      { line: 5, error: expect.stringContaining('not closed'), problem: { code: 'unclosedQuote' } },
    ]);
  });

  it('stops a runaway quote instead of holding the rest of the file', async () => {
    const items = await read(`a\n"${'x\n'.repeat(70_000)}b\n`, 4096);
    expect(items[1]).toEqual({ line: 2, error: 'the record is longer than 65536 characters (an unclosed quote?)', problem: { code: 'recordTooLong', max: 65536 } });
    // Reading went on after it (the rest of its lines are records of their own) to the end.
    expect(items.at(-1)).toEqual({ line: 70_002, fields: ['b'] });
  });

  it('reports a line over the limit by its number, and goes on with the next line', async () => {
    const long = 'y'.repeat(MAX_LINE_CHARS + 1);
    expect(await read(`a,b\n${long}\n1,2\n"x\n${long}\n3,4\n`, 4096)).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, error: 'line too long: more than 65536 characters', problem: { code: 'lineTooLong', max: 65536, within: null } },
      { line: 3, fields: ['1', '2'] },
      // Within a quoted field, the record it belongs to is refused, numbered by its first line.
      { line: 4, error: 'line too long (line 5, within the record): more than 65536 characters', problem: { code: 'lineTooLong', max: 65536, within: 5 } },
      { line: 6, fields: ['3', '4'] },
    ]);
    // A line of exactly the limit is a line.
    expect(await read(`${'z'.repeat(MAX_LINE_CHARS)}\n`, 4096)).toEqual([{ line: 1, fields: ['z'.repeat(MAX_LINE_CHARS)] }]);
  });

  it('reads a text in memory (a roster from chat) as it reads the same file', async () => {
    const bodies = [
      '\uFEFFid,name\r\n1,"李雷\r\n韩梅梅"\r\n\r\n2,王芳\r\n',
      'a,b\rx"y,1\r"open,4\r\n',
      'a,b\n"q\n\n',
      'a,b',
      '',
      `a\n${'x'.repeat(70_000)}\r\nb`,
    ];
    for (const body of bodies) expect(await records(linesOf(body)), JSON.stringify(body)).toEqual(await read(body));
  });
});
