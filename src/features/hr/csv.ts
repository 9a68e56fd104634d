// A streaming CSV reader (RFC 4180): records from lines, one at a time, so a
// roster of any size never sits in memory whole. Fields may be quoted; a quoted
// field may hold commas, doubled quotes and line breaks (a record then spans
// lines, and is numbered by the line it starts on). A byte order mark before the
// first line is dropped. A record that breaks the rules is reported with its line
// number and the reading goes on with the next line.

export type CsvItem = { line: number; fields: string[] } | { line: number; error: string };

/** No field of a roster is anywhere near this; a runaway quote is stopped by it. */
const MAX_RECORD_CHARS = 64 * 1024;

type State = 'start' | 'unquoted' | 'quoted' | 'quote';

export async function* csvRecords(lines: AsyncIterable<string>): AsyncGenerator<CsvItem> {
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
    const text = lineNo === 1 && raw.startsWith('\uFEFF') ? raw.slice(1) : raw;
    const continuing = state === 'quoted';
    if (!continuing) {
      if (text === '') continue; // blank lines between records are no records
      startLine = lineNo;
    }
    size += text.length;
    if (size > MAX_RECORD_CHARS) {
      yield { line: startLine, error: `the record is longer than ${MAX_RECORD_CHARS} characters (an unclosed quote?)` };
      reset();
      continue;
    }
    let error: string | null = null;
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
          error = 'a quote inside an unquoted field (quote the whole field and double the quote)';
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
        error = 'text after a closing quote';
        break;
      }
    }
    if (error !== null) {
      yield { line: startLine, error };
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
  if (state === 'quoted') yield { line: startLine, error: 'a quoted field is not closed before the end of the file' };
}

/**
 * The lines of a text already in memory (a roster uploaded or pasted in chat), as
 * the command line's reader gives a file's: split at CR LF, LF or CR, with no empty
 * line after a final line break. A byte order mark stays for csvRecords to drop.
 */
export async function* linesOf(text: string): AsyncGenerator<string> {
  const lines = text.split(/\r\n|\r|\n/);
  if (lines.length > 1 && lines.at(-1) === '') lines.pop();
  for (const line of lines) yield line;
}
