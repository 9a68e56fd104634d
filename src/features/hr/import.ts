// LIFE-1/LIFE-2 from chat: a super admin imports a roster CSV (`hr import`,
// `花名册导入`) through a form — on Slack a file uploaded in the modal (the adapter
// reads it from files.slack.com, where files.info says it is), on Teams its text
// pasted into the dialog. The submission is checked and answered at once (Slack
// allows three seconds); the rows are applied in the background by the command
// line's own importer (roster.ts: each row through the webhook's function), and the
// report comes privately in the asker's language. Bigger rosters than the form
// takes go through `npm run roster -- import <file.csv>`. Authority is checked when
// the form is opened, fetched (Teams dialogs) and submitted. The audit log and the
// logs carry counts only, never a row's content.
import { tell } from '../../core/copies.js';
import { FILE_FIELD_MAX_BYTES, type FormModel } from '../../core/cards.js';
import { notAllowed } from '../../core/errors.js';
import type { CommandContext } from '../../core/feature.js';
import { text, type Text } from '../../core/messages.js';
import type { Actor } from '../../core/model.js';
import type { CoreDeps } from '../../core/ports.js';
import type { ActionResult, Reply } from '../../core/replies.js';
import { byActor } from '../audit/entries.js';
import type { HrDeps } from './apply.js';
import { linesOf } from './csv.js';
import { importRoster, ROSTER_COLUMNS, RosterFileError, type RosterSummary } from './roster.js';
import type { HrStore } from './store.js';

type Deps = CoreDeps<HrStore>;

/** The form's submission; also the audit log's action. */
export const IMPORT_ACTION = 'hr.import';
/** The form again, as a Teams dialog fetches it. */
export const IMPORT_FORM_ACTION = 'hr.import-form';
/** Rejected rows the report lists; the rest are counted. */
const SHOWN_REJECTED = 20;

async function mayImport(deps: Deps, actor: Actor): Promise<void> {
  if (actor.isSuperAdmin) return;
  await deps.store.audit.append(byActor(actor, IMPORT_ACTION, { outcome: 'refused', reason: 'not a super admin' }), deps.clock.now());
  notAllowed(text('hr.import.forbidden'));
}

function rosterImportForm(error?: Text): FormModel {
  return {
    action: { id: IMPORT_ACTION, payload: {}, style: 'primary', label: text('hr.import.submit') },
    open: { id: IMPORT_FORM_ACTION, payload: {}, label: text('hr.import.title') },
    title: text('hr.import.title'),
    intro: text('hr.import.intro', { columns: ROSTER_COLUMNS.join(',') }),
    fields: [{ id: 'csv', label: text('hr.import.field'), kind: 'file', multiline: true, required: true, maxLength: FILE_FIELD_MAX_BYTES, ...(error !== undefined ? { error } : {}) }],
  };
}

export async function openRosterImport(deps: Deps, { actor }: CommandContext): Promise<Reply> {
  await mayImport(deps, actor);
  return { kind: 'form', form: rosterImportForm() };
}

/** The form again (a Teams dialog fetches it through the form's `open` action). */
export async function fetchRosterImport(deps: Deps, actor: Actor): Promise<ActionResult> {
  await mayImport(deps, actor);
  return { kind: 'form', form: rosterImportForm(), card: null };
}

/**
 * The form's submission: authority and size checked at once, the rows applied in
 * the background. Rows applied before (by an earlier import or the webhook) change
 * nothing, so an import cut short can simply be sent again.
 */
export async function submitRosterImport(deps: Deps, actor: Actor, csv: string | undefined): Promise<ActionResult> {
  await mayImport(deps, actor);
  const content = (csv ?? '').replace(/^\uFEFF/, '');
  if (content.trim() === '') return { kind: 'form', form: rosterImportForm(text('hr.import.empty')), card: null };
  if (Buffer.byteLength(content, 'utf8') > FILE_FIELD_MAX_BYTES) return { kind: 'form', form: rosterImportForm(text('hr.import.tooLarge')), card: null };
  const importedAt = deps.clock.now();
  deps.defer(IMPORT_ACTION, () => runImport(deps, actor, content, importedAt));
  return { kind: 'notice', notice: text('hr.import.started') };
}

function reportOf(s: RosterSummary): { key: string; params: Record<string, Text | Text[] | number> } {
  const counts = { rows: s.rows, created: s.created, updated: s.updated, unchanged: s.unchanged, stale: s.stale, rejected: s.rejected.length };
  const summary = text(s.created + s.updated === 0 ? 'hr.import.summaryUnchanged' : 'hr.import.summary', counts);
  if (s.rejected.length === 0) return { key: summary.key, params: counts };
  // The reasons are the importer's and the schema's own words (`email: Invalid email address`), as the command line shows them.
  const lines = s.rejected.slice(0, SHOWN_REJECTED).map((r) => text('hr.import.line', { line: r.line, reason: r.reason }));
  if (s.rejected.length > lines.length) lines.push(text('hr.import.more', { count: s.rejected.length - lines.length }));
  return { key: 'hr.import.withRejects', params: { summary, lines } };
}

async function runImport(deps: Deps, actor: Actor, csv: string, importedAt: Date): Promise<void> {
  const hr: HrDeps = { store: deps.store, jobs: deps.jobs, clock: deps.clock, log: deps.log };
  // The language they asked in, even where a row of the roster changes their account's.
  const asker = { ...actor.person, locale: actor.locale };
  let summary: RosterSummary;
  try {
    summary = await importRoster(hr, linesOf(csv), { importedAt });
  } catch (err) {
    if (err instanceof RosterFileError) {
      // Thrown before the first row: nothing was applied. The message names columns, never a row's content.
      await deps.store.audit.append(byActor(actor, IMPORT_ACTION, { outcome: 'refused', reason: 'not a roster', details: { rows: 0 } }), deps.clock.now());
      await tell(deps, actor.workspace, asker, 'hr.import.notRoster', { reason: err.message, columns: ROSTER_COLUMNS.join(',') });
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
