// Sends what an HR system sends: signed JSON events to `POST /hr/events`, and reads
// back what the HR directory touches, to prove a refused request changed nothing.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { signV0 } from '../../adapters/http/signature.js';
import { hrOpenApiDocument } from '../../src/features/hr/openapi.js';
import type { Clock } from '../../src/core/ports.js';
import type { Database } from '../../src/store/db.js';

export const HR_SECRET = 'hr-e2e-secret-0123456789abcdef';

export interface HrPersonBody {
  employeeId: string;
  email: string;
  realName?: string;
  department?: string;
  title?: string;
  managerEmail?: string | null;
  locale?: string | null;
}

export function hrEvent(id: string, type: 'hire' | 'change' | 'leave', occurredAt: string, person: HrPersonBody) {
  return { id, type, occurredAt, person };
}

export interface Delivery {
  /** More headers (e.g. a Content-Encoding). */
  headers?: Record<string, string>;
  /** Seconds to add to the clock's time in the timestamp header. */
  skewSeconds?: number;
  secret?: string;
  contentType?: string;
  /** Replaces the computed signature header; null leaves the headers out. */
  signature?: string | null;
  /** Signs these bytes instead of the body sent. */
  signedBody?: string;
}

export class HrClient {
  /** Every answer received, to hold against the OpenAPI document (undocumentedAnswer). */
  readonly answers: { status: number; json: unknown; headers: Headers }[] = [];

  constructor(
    private readonly url: string,
    private readonly clock: Clock,
  ) {}

  /** Signs and posts a body (an object is sent as JSON; a string or bytes as they are). */
  async send(body: unknown, options: Delivery = {}): Promise<{ status: number; json: unknown }> {
    const raw = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    const ts = Math.floor(this.clock.now().getTime() / 1000) + (options.skewSeconds ?? 0);
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json', ...options.headers };
    if (options.signature !== null) {
      headers['x-charter-timestamp'] = String(ts);
      headers['x-charter-signature'] = options.signature ?? signV0(options.secret ?? HR_SECRET, ts, options.signedBody ?? raw);
    }
    const r = await fetch(`${this.url}/hr/events`, { method: 'POST', headers, body: raw });
    const text = await r.text();
    let json: unknown = text;
    try {
      json = JSON.parse(text);
    } catch {
      // not JSON: the text itself is the answer
    }
    this.answers.push({ status: r.status, json, headers: r.headers });
    return { status: r.status, json };
  }
}

/** What the HR directory can change, row by row: events, records, accounts, audit, leave jobs. */
export async function hrTables(db: Database): Promise<Record<string, unknown[]>> {
  const q = async (sql: string) => ((await db.knex.raw(sql)) as { rows: unknown[] }).rows;
  return {
    events: await q(`select id, type, employee_id, occurred_at, source, outcome, handled_at from hr_events order by id`),
    directory: await q(`select * from hr_people order by employee_id`),
    people: await q(`select id, workspace_id, email, real_name, department, title, locale, employment, updated_at from people order by id`),
    audit: await q(`select workspace_id, action, target_id, outcome, details from audit_log order by id`),
    // Only this database's events: a job schema may be shared (the roster command on DATABASE_URL uses pgboss).
    jobs: await q(`select id, state, data->>'eventId' as event from "${db.jobSchema}".job where name = 'hr.leave' and data->>'eventId' in (select id from hr_events) order by id`),
  };
}

const documented = new Ajv2020({ strict: false, allErrors: true, validateFormats: false }).addSchema({ ...hrOpenApiDocument(), $id: 'https://charter.invalid/hr-openapi.json' });

/**
 * What is wrong with an answer of `POST /hr/events` by the OpenAPI document:
 * null when the document lists the status and the body matches its schema.
 */
export function undocumentedAnswer(answer: { status: number; json: unknown }, headers?: Headers): string | null {
  const pointer = `https://charter.invalid/hr-openapi.json#/paths/~1hr~1events/post/responses/${answer.status}/content/application~1json/schema`;
  const responses = (hrOpenApiDocument()['paths'] as Record<string, { post: { responses: Record<string, { headers?: Record<string, { required?: boolean }> }> } }>)['/hr/events']?.post.responses ?? {};
  const documentedAnswer = responses[String(answer.status)];
  if (documentedAnswer === undefined) return `the document lists no ${answer.status} answer`;
  if (headers !== undefined) {
    for (const [name, header] of Object.entries(documentedAnswer.headers ?? {})) {
      if (header.required === true && !headers.has(name)) return `${answer.status} without its ${name} header`;
    }
  }
  const validate = documented.getSchema(pointer) ?? documented.compile({ $ref: pointer });
  return validate(answer.json) ? null : `${answer.status} ${JSON.stringify(answer.json)}: ${documented.errorsText(validate.errors)}`;
}
