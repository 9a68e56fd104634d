// LIFE-1/LIFE-2 from chat: a super admin imports a roster CSV (`hr import`,
// `花名册导入`) through a form — on Slack a file uploaded in the modal (the adapter
// reads it from files.slack.com, where files.info says it is), on Teams its text
// pasted into the dialog. The submission is checked and answered at once (Slack
// allows three seconds); the rows are applied in the background by the command
// line's own importer (roster.ts: each row through the webhook's function), and the
// report comes privately in the asker's language. An optional date and time (in the
// asker's zone) say when HR exported the file: the rows are dated then, as the
// command line's `--as-of`, so what HR sent since by webhook stays. Bigger rosters
// than the form takes go through `npm run roster -- import <file.csv>`. Authority
// is checked when the form is opened, fetched (Teams dialogs) and submitted. The
// audit log and the logs carry counts only, never a row's content.
import { tell } from '../../core/copies.js';
import { FILE_FIELD_MAX_BYTES, type FormField, type FormModel } from '../../core/cards.js';
import { isRealDate } from '../../core/commands/grammar.js';
import { notAllowed } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text, type Text } from '../../core/messages.js';
import type { Actor } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { canonicalZone, zonedInstant } from '../../core/zones.js';
import { byActor } from '../audit/entries.js';
import type { HrDeps } from './apply.js';
import { linesOf } from './csv.js';
import { checkAsOf, importRoster, ROSTER_COLUMNS, RosterFileError, type RosterSummary } from './roster.js';
import type { HrStore } from './store.js';

type Deps = CoreDeps<HrStore>;

/** The form's submission; also the audit log's action. */
export const IMPORT_ACTION = 'hr.import';
/** The form again, as a Teams dialog fetches it. */
export const IMPORT_FORM_ACTION = 'hr.import-form';
/** Rejected rows the report lists; the rest are counted. */
const SHOWN_REJECTED = 20;

export async function mayImport(deps: Deps, actor: Actor): Promise<void> {
  if (actor.isSuperAdmin) return;
  await deps.store.audit.append(byActor(actor, IMPORT_ACTION, { outcome: 'refused', reason: 'not a super admin' }), deps.clock.now());
  notAllowed(text('hr.import.forbidden'));
}

/** The form's fields: the file, and when HR exported it (optional: a date and a time in the asker's zone). */
export const CSV_FIELD = 'csv';
export const EXPORTED_DATE = 'exported_date';
export const EXPORTED_TIME = 'exported_time';

/** The form's payload: the zone its export time is read in, as its labels said. */
export interface ImportPayload {
  zone?: string;
}

type Values = Partial<Record<typeof CSV_FIELD | typeof EXPORTED_DATE | typeof EXPORTED_TIME, string>>;
type Errors = Partial<Record<typeof CSV_FIELD | typeof EXPORTED_DATE | typeof EXPORTED_TIME, Text>>;

/** The zone a person's export time is read in: their own, else UTC. */
function zoneOfAsker(actor: Actor): string {
  return actor.person.timezone ?? 'UTC';
}

function rosterImportForm(zone: string, values: Values = {}, errors: Errors = {}): FormModel {
  const extra = (id: keyof Errors, value?: string) => ({ ...(value !== undefined && value !== '' ? { value } : {}), ...(errors[id] !== undefined ? { error: errors[id] } : {}) });
  const fields: FormField[] = [
    { id: CSV_FIELD, label: text('hr.import.field'), kind: 'file', multiline: true, required: true, maxLength: FILE_FIELD_MAX_BYTES, ...extra(CSV_FIELD, values[CSV_FIELD]) },
    { id: EXPORTED_DATE, label: text('hr.import.exportedDate', { zone }), kind: 'date', multiline: false, required: false, maxLength: 10, ...extra(EXPORTED_DATE, values[EXPORTED_DATE]) },
    { id: EXPORTED_TIME, label: text('hr.import.exportedTime', { zone }), kind: 'time', timezone: zone, multiline: false, required: false, maxLength: 5, ...extra(EXPORTED_TIME, values[EXPORTED_TIME]) },
  ];
  return {
    action: { id: IMPORT_ACTION, payload: { zone }, style: 'primary', label: text('hr.import.submit') },
    open: { id: IMPORT_FORM_ACTION, payload: {}, label: text('hr.import.title') },
    title: text('hr.import.title'),
    intro: text('hr.import.intro', { columns: ROSTER_COLUMNS.join(',') }),
    fields,
  };
}

export async function openRosterImport(deps: Deps, { actor }: CommandContext): Promise<Reply> {
  await mayImport(deps, actor);
  return { kind: 'form', form: rosterImportForm(zoneOfAsker(actor)) };
}

/** The form again (a Teams dialog fetches it through the form's `open` action). */
export async function fetchRosterImport(deps: Deps, actor: Actor): Promise<ActionResult> {
  await mayImport(deps, actor);
  return { kind: 'form', form: rosterImportForm(zoneOfAsker(actor)), card: null };
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * When HR exported the file, from the form's optional date and time in `zone`:
 * null when both are empty (the rows are dated at the import), else the instant,
 * or the problem beside each field.
 */
function exportedAt(values: Values, zone: string, now: Date): { ok: true; at: Date | null } | { ok: false; errors: Errors } {
  const day = values[EXPORTED_DATE] ?? '';
  const time = values[EXPORTED_TIME] ?? '';
  if (day === '' && time === '') return { ok: true, at: null };
  const errors: Errors = {};
  if (day === '') errors[EXPORTED_DATE] = text('hr.import.exportedDateMissing');
  else if (!isRealDate(day)) errors[EXPORTED_DATE] = text('hr.import.badDate');
  if (time === '') errors[EXPORTED_TIME] = text('hr.import.exportedTimeMissing');
  else if (!TIME.test(time)) errors[EXPORTED_TIME] = text('hr.import.badTime');
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const [hours, minutes] = time.split(':').map(Number) as [number, number];
  const checked = checkAsOf(zonedInstant(day, hours * 60 + minutes, zone), now);
  return checked.ok ? { ok: true, at: checked.at } : { ok: false, errors: { [EXPORTED_DATE]: text('hr.import.exportedFuture') } };
}

/**
 * The form's submission: authority, size and the export time checked at once, the
 * rows applied in the background, dated at the export time when one is given (else
 * now). Rows applied before (by an earlier import or the webhook) change nothing,
 * so an import cut short can simply be sent again.
 */
export async function submitRosterImport(deps: Deps, actor: Actor, payload: ImportPayload, inputs: Readonly<Record<string, string>>): Promise<ActionResult> {
  await mayImport(deps, actor);
  // The zone the form's labels named (an older form without one: the asker's own).
  const zone = (payload.zone !== undefined ? canonicalZone(payload.zone) : null) ?? zoneOfAsker(actor);
  const values: Values = { [EXPORTED_DATE]: (inputs[EXPORTED_DATE] ?? '').trim(), [EXPORTED_TIME]: (inputs[EXPORTED_TIME] ?? '').trim() };
  const now = deps.clock.now();
  const content = (inputs[CSV_FIELD] ?? '').replace(/^\uFEFF/, '');
  const errors: Errors = {};
  if (content.trim() === '') errors[CSV_FIELD] = text('hr.import.empty');
  else if (Buffer.byteLength(content, 'utf8') > FILE_FIELD_MAX_BYTES) errors[CSV_FIELD] = text('hr.import.tooLarge');
  const exported = exportedAt(values, zone, now);
  if (!exported.ok) Object.assign(errors, exported.errors);
  // A form shown again keeps the pasted roster unless the roster is what is wrong
  // (a Teams dialog is drawn anew; Slack keeps its modal's file by itself).
  if (!exported.ok || Object.keys(errors).length > 0) {
    return { kind: 'form', form: rosterImportForm(zone, errors[CSV_FIELD] === undefined ? { ...values, [CSV_FIELD]: content } : values, errors), card: null };
  }
  const asOf = exported.at;
  deps.defer(IMPORT_ACTION, () => runImport(deps, actor, content, asOf));
  return { kind: 'notice', notice: text('hr.import.started') };
}

function reportOf(s: RosterSummary): { key: string; params: Record<string, Text | Text[] | number> } {
  const counts = { rows: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged, stale: s.stale, rejected: s.rejected.length };
  const summary = text(s.created + s.updated === 0 ? 'hr.import.summaryUnchanged' : 'hr.import.summary', counts);
  if (s.rejected.length === 0) return { key: summary.key, params: counts };
  // Each reason in the asker's language (the command line prints the English ones).
  const lines = s.rejected.slice(0, SHOWN_REJECTED).map((r) => text('hr.import.line', { line: r.line, reason: r.problem }));
  if (s.rejected.length > lines.length) lines.push(text('hr.import.more', { count: s.rejected.length - lines.length }));
  return { key: 'hr.import.withRejects', params: { summary, lines } };
}

async function runImport(deps: Deps, actor: Actor, csv: string, asOf: Date | null): Promise<void> {
  const hr: HrDeps = { store: deps.store, jobs: deps.jobs, clock: deps.clock, log: deps.log };
  // The language they asked in, even where a row of the roster changes their account's.
  const asker = { ...actor.person, locale: actor.locale };
  let summary: RosterSummary;
  try {
    summary = await importRoster(hr, linesOf(csv), asOf !== null ? { asOf } : {});
  } catch (err) {
    if (err instanceof RosterFileError) {
      // Thrown before the first row: nothing was applied. The message names columns, never a row's content.
      await deps.store.audit.append(byActor(actor, IMPORT_ACTION, { outcome: 'refused', reason: 'not a roster', details: { rows: 0 } }), deps.clock.now());
      await tell(deps, actor.workspace, asker, 'hr.import.notRoster', { reason: err.problem, columns: ROSTER_COLUMNS.join(',') });
      return;
    }
    await tell(deps, actor.workspace, asker, 'hr.import.failed');
    await deps.store.audit
      .append(byActor(actor, IMPORT_ACTION, { outcome: 'failed', reason: 'the import stopped' }), deps.clock.now())
      .catch((auditErr: unknown) => deps.log.warn({ err: auditErr }, 'could not audit a failed roster import'));
    throw err; // logged by the task runner
  }
  const counts = { rows: summary.rows, created: summary.created, updated: summary.updated, unchanged: summary.unchanged, stale: summary.stale, rejected: summary.rejected.length };
  await deps.store.audit.append(byActor(actor, IMPORT_ACTION, { details: counts }), deps.clock.now());
  deps.log.info({ action: IMPORT_ACTION, ...counts }, 'roster imported from chat');
  const report = reportOf(summary);
  await tell(deps, actor.workspace, asker, report.key, report.params);
}
