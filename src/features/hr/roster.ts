// LIFE-1/LIFE-4 input: a roster CSV, one employee a row, applied row by row with
// the webhook's own function (apply.ts): a row is a `change` event, or a `leave`
// when its status is `left`, validated by the webhook's schema, dated at the time
// HR exported the file when it is given (`asOf`), else at the import. A row's event
// id is derived from its content, so importing the same file again finds every row
// applied before and changes nothing. Rows are read one at a time (csv.ts).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { applyHrEvent, type HrDeps } from './apply.js';
import { text, type Text } from '../../core/messages.js';
import { csvRecords, type CsvProblem, type Line } from './csv.js';
import { parseHrEvent, type Problem } from './schema.js';

export const ROSTER_COLUMNS = ['employeeId', 'email', 'realName', 'department', 'title', 'managerEmail', 'locale', 'status'] as const;
type Column = (typeof ROSTER_COLUMNS)[number];

/** The file is no roster: nothing was applied. `message` is the command line's words, `problem` the chat report's. */
export class RosterFileError extends Error {
  constructor(
    message: string,
    readonly problem: Text,
  ) {
    super(message);
    this.name = 'RosterFileError';
  }
}

export interface Rejection {
  line: number;
  /** In English, as the command line prints it. */
  reason: string;
  /** The same, for a report in the reader's language. */
  problem: Text;
}

const P = 'hr.import.problem';

/** A CSV reader's problem in words (csv.ts). */
function csvProblem(p: CsvProblem): Text {
  if (p.code === 'lineTooLong') return p.within === null ? text(`${P}.lineTooLong`, { max: p.max }) : text(`${P}.lineTooLongWithin`, { max: p.max, line: p.within });
  if (p.code === 'recordTooLong') return text(`${P}.recordTooLong`, { max: p.max });
  return text(`${P}.${p.code}`);
}

/** The schema's problems with a row in words: the first, and how many more. */
function schemaProblems(problems: readonly Problem[]): Text {
  const one = (p: Problem) => text(`${P}.field`, { field: p.path === 'occurredAt' ? text(`${P}.rowsTime`) : p.path.replace(/^person\./, ''), what: text(`${P}.kind.${p.kind}`) });
  const [first, ...rest] = problems;
  if (first === undefined) return text(`${P}.kind.invalid`);
  return rest.length === 0 ? one(first) : text(`${P}.several`, { first: one(first), more: rest.length });
}

export interface RosterSummary {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Older than what HR told Charter since (a webhook event with a later time). */
  stale: number;
  rejected: Rejection[];
}

export interface RosterOptions {
  /**
   * The time every row's event carries: when the HR system exported the file
   * (`--as-of`, the form's "exported at"), else the time of the import. What HR told
   * Charter after it (a leave by webhook) is newer than the rows and stays.
   * Without it, the time of the import.
   */
  asOf?: Date;
  /** Called with the number of rows processed so far, every `progressEvery` rows and at the end. */
  onProgress?: (rows: number) => void;
  progressEvery?: number;
}

/**
 * How far ahead of Charter's clock a roster's export time may be: an export cannot
 * have happened later than now, but clocks a few minutes apart should not refuse it
 * (the webhook's signatures allow as much).
 */
const AS_OF_MAX_AHEAD_MS = 5 * 60_000;

const AS_OF = z.iso.datetime({ offset: true });

/** An export time as typed (`--as-of`): an ISO 8601 date-time with seconds and a zone, not in the future. */
export function parseAsOf(value: string, now: Date): { ok: true; at: Date } | { ok: false; problem: 'format' | 'future' } {
  if (!AS_OF.safeParse(value).success) return { ok: false, problem: 'format' };
  return checkAsOf(new Date(value), now);
}

/** An export time, however it was given, is not in the future. */
export function checkAsOf(at: Date, now: Date): { ok: true; at: Date } | { ok: false; problem: 'future' } {
  return at.getTime() - now.getTime() > AS_OF_MAX_AHEAD_MS ? { ok: false, problem: 'future' } : { ok: true, at };
}

/** Header names to their columns; a missing or repeated column makes the file no roster. */
function columnsOf(header: string[]): Map<Column, number> {
  const at = new Map<Column, number>();
  header.forEach((raw, i) => {
    const name = ROSTER_COLUMNS.find((c) => c.toLowerCase() === raw.trim().toLowerCase());
    if (name === undefined) return; // other columns are the HR system's business
    if (at.has(name)) throw new RosterFileError(`the header names the column ${name} twice`, text(`${P}.columnTwice`, { column: name }));
    at.set(name, i);
  });
  const missing = ROSTER_COLUMNS.filter((c) => !at.has(c));
  if (missing.length > 0) {
    throw new RosterFileError(`the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (expected ${ROSTER_COLUMNS.join(',')})`, text(`${P}.columnsMissing`, { columns: missing.join(', ') }));
  }
  return at;
}

type RowEvent = { ok: true; event: unknown } | { ok: false; reason: string; problem: Text };

function rowEvent(fields: string[], columns: Map<Column, number>, width: number, asOf: string): RowEvent {
  if (fields.length !== width) return { ok: false, reason: `expected ${width} fields, found ${fields.length}`, problem: text(`${P}.width`, { expected: width, found: fields.length }) };
  // What a decoder makes of bytes that are no UTF-8 (a roster saved as GBK, say).
  if (fields.some((f) => f.includes('\uFFFD'))) return { ok: false, reason: 'the line is not valid UTF-8 (save the file as UTF-8)', problem: text(`${P}.utf8`) };
  const value = (c: Column) => {
    const v = (fields[columns.get(c) as number] ?? '').trim();
    return v === '' ? undefined : v;
  };
  const status = value('status')?.toLowerCase();
  if (status !== 'active' && status !== 'left') return { ok: false, reason: 'status: must be active or left', problem: text(`${P}.status`) };
  const person = Object.fromEntries(ROSTER_COLUMNS.filter((c) => c !== 'status').map((c) => [c, value(c)]));
  const type = status === 'left' ? 'leave' : 'change';
  // The same row always makes the same id: a second import of it is a replay.
  const id = `roster-${createHash('sha256').update(JSON.stringify([type, person])).digest('hex').slice(0, 40)}`;
  return { ok: true, event: { id, type, occurredAt: asOf, person } };
}

export async function importRoster(deps: HrDeps, lines: AsyncIterable<Line>, options: RosterOptions): Promise<RosterSummary> {
  const summary: RosterSummary = { rows: 0, created: 0, updated: 0, unchanged: 0, stale: 0, rejected: [] };
  const every = options.progressEvery ?? 500;
  const asOf = (options.asOf ?? deps.clock.now()).toISOString();
  let columns: Map<Column, number> | null = null;
  let width = 0;
  for await (const item of csvRecords(lines)) {
    if (columns === null) {
      if ('error' in item) throw new RosterFileError(`the header (line ${item.line}) cannot be read: ${item.error}`, text(`${P}.header`, { line: item.line, problem: csvProblem(item.problem) }));
      columns = columnsOf(item.fields);
      width = item.fields.length;
      continue;
    }
    summary.rows += 1;
    const row: RowEvent = 'error' in item ? { ok: false, reason: item.error, problem: csvProblem(item.problem) } : rowEvent(item.fields, columns, width, asOf);
    const parsed = row.ok ? parseHrEvent(row.event, deps.clock.now()) : row;
    if (!parsed.ok) {
      // `person.email` is the column `email` here; the event's time is no column but the time the rows are dated at.
      if ('problems' in parsed) {
        const reason = parsed.problems.map((p) => `${p.path === 'occurredAt' ? "the rows' time" : p.path.replace(/^person\./, '')}: ${p.message}`).join('; ');
        summary.rejected.push({ line: item.line, reason, problem: schemaProblems(parsed.problems) });
      } else summary.rejected.push({ line: item.line, reason: parsed.reason, problem: parsed.problem });
    } else {
      const result = await applyHrEvent(deps, parsed.event, 'roster', { dated: options.asOf !== undefined });
      summary[result.outcome === 'duplicate' ? 'unchanged' : result.outcome] += 1;
    }
    if (summary.rows % every === 0) options.onProgress?.(summary.rows);
  }
  if (columns === null) throw new RosterFileError('the file is empty: it needs a header line', text(`${P}.emptyFile`));
  if (summary.rows % every !== 0 || summary.rows === 0) options.onProgress?.(summary.rows);
  return summary;
}
