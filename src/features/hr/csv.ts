// A streaming CSV reader (RFC 4180): lines from text as it is read (readLines),
// records from lines, one at a time, so a roster of any size never sits in memory
// whole — nor does one line of it: a line longer than MAX_LINE_CHARS is refused as
// soon as it passes the limit, and the rest of it is dropped as it comes. Fields
// may be quoted; a quoted field may hold commas, doubled quotes and line breaks (a
// record then spans lines, and is numbered by the line it starts on). A byte order
// mark before the first line is dropped. A record that breaks the rules is
// reported with its line number and the reading goes on with the next line.

/** What broke a record, for a report in the reader's language (the English `error` is the command line's). */
export type CsvProblem =
  | { code: 'lineTooLong'; max: number; within: number | null }
  | { code: 'recordTooLong'; max: number }
  | { code: 'strayQuote' }
  | { code: 'afterQuote' }
  | { code: 'unclosedQuote' };

export type CsvItem = { line: number; fields: string[] } | { line: number; error: string; problem: CsvProblem };

/** No line of a roster is anywhere near this; a longer one is never held whole. */
export const MAX_LINE_CHARS = 64 * 1024;
/** No field of a roster is anywhere near this; a runaway quote is stopped by it. */
const MAX_RECORD_CHARS = 64 * 1024;

/** Stands for a line longer than the limit: its text was not kept. */
export const LINE_TOO_LONG: unique symbol = Symbol('line too long');
export type Line = string | typeof LINE_TOO_LONG;

/**
 * The lines of a text that comes in pieces (a file read as UTF-8), split at CR LF,
 * LF or CR as readline splits them (no empty line after a final line break). A line
 * is held only up to `max` characters: past that it is LINE_TOO_LONG at once, and
 * its rest is skipped up to the next line break without being kept.
 */
export async function* readLines(chunks: AsyncIterable<string>, max: number = MAX_LINE_CHARS): AsyncGenerator<Line> {
  const breaks = /\r\n|\r|\n/g;
  let line = '';
  /** The current line was already reported too long: its rest is dropped. */
  let skipping = false;
  /** The last piece ended with CR: an LF starting the next one belongs to it. */
  let afterCR = false;
  for await (const chunk of chunks) {
    if (chunk === '') continue;
    const text = afterCR && chunk.startsWith('\n') ? chunk.slice(1) : chunk;
    afterCR = false;
    let start = 0;
    breaks.lastIndex = 0;
    for (let m = breaks.exec(text); m !== null; m = breaks.exec(text)) {
      const piece = text.slice(start, m.index);
      start = m.index + m[0].length;
      if (m[0] === '\r' && start === text.length) afterCR = true;
      const whole = line + piece;
      line = '';
      if (skipping) skipping = false;
      else yield whole.length > max ? LINE_TOO_LONG : whole;
    }
    if (skipping) continue;
    line += text.slice(start);
    if (line.length > max) {
      line = '';
      skipping = true;
      yield LINE_TOO_LONG;
    }
  }
  if (!skipping && line !== '') yield line;
}

type State = 'start' | 'unquoted' | 'quoted' | 'quote';

export async function* csvRecords(lines: AsyncIterable<Line>): AsyncGenerator<CsvItem> {
  let lineNo = 0;
  let startLine = 0;
  let fields: string[] = [];
  let field = '';
  let size = 0;
  let state: State = 'start';
  const reset = () => {
    fields = [];
    field = '';
    size = 0;
    state = 'start';
  };

  for await (const raw of lines) {
    lineNo += 1;
    if (raw === LINE_TOO_LONG) {
      // A record that began on an earlier line (a quoted field) is lost with it.
      const within = state === 'quoted' ? ` (line ${lineNo}, within the record)` : '';
      yield { line: state === 'quoted' ? startLine : lineNo, error: `line too long${within}: more than ${MAX_LINE_CHARS} characters`, problem: { code: 'lineTooLong', max: MAX_LINE_CHARS, within: state === 'quoted' ? lineNo : null } };
      reset();
      continue;
    }
    const text = lineNo === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    const continuing = state === 'quoted';
    if (!continuing) {
      if (text === '') continue; // blank lines between records are no records
      startLine = lineNo;
    }
    size += text.length;
    if (size > MAX_RECORD_CHARS) {
      yield { line: startLine, error: `the record is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)`, problem: { code: 'recordTooLong', max: MAX_RECORD_CHARS } };
      reset();
      continue;
    }
    let error: { error: string; problem: CsvProblem } | null = null;
    for (const ch of text) {
      if (state === 'start') {
        if (ch === '"') state = 'quoted';
        else if (ch === ',') fields.push('');
        else {
          field = ch;
          state = 'unquoted';
        }
      } else if (state === 'unquoted') {
        if (ch === ',') {
          fields.push(field);
          field = '';
          state = 'start';
        } else if (ch === '"') {
          error = { error: 'a quote inside an unquoted field (quote the whole field and double the quote)', problem: { code: 'strayQuote' } };
          break;
        } else field += ch;
      } else if (state === 'quoted') {
        if (ch === '"') state = 'quote';
        else field += ch;
      } else if (ch === '"') {
        field += '"';
        state = 'quoted';
      } else if (ch === ',') {
        fields.push(field);
        field = '';
        state = 'start';
      } else {
        error = { error: 'text after a closing quote', problem: { code: 'afterQuote' } };
        break;
      }
    }
    if (error !== null) {
      yield { line: startLine, ...error };
      reset();
      continue;
    }
    if (state === 'quoted') {
      field += '\n'; // the field goes on on the next line
      continue;
    }
    fields.push(field);
    yield { line: startLine, fields };
    reset();
  }
  if (state === 'quoted') yield { line: startLine, error: 'a quoted field is not closed before the end of the file', problem: { code: 'unclosedQuote' } };
}

/**
 * The lines of a text already in memory (a roster uploaded or pasted in chat),
 * read as the command line reads a file's, over-long lines included. A byte order
 * mark stays for csvRecords to drop.
 */
export function linesOf(text: string, max: number = MAX_LINE_CHARS): AsyncGenerator<Line> {
  return readLines(
    (async function* () {
      yield text;
    })(),
    max,
  );
}
