// The HR webhook (LIFE-1/LIFE-2): `POST /hr/events`, signed like Slack's requests
// (signature.ts) with CHARTER_HR_SECRET, and its OpenAPI 3.1 document at
// `GET /hr/openapi.json`. Checks in order: configured (404), JSON content type
// (415), size (413, by express.raw), signature and timestamp over the raw bytes
// (401), well-formed JSON matching the schema, with an `occurredAt` no more than
// a day ahead of the clock (400 with each problem's path and message); then the event is applied once (202, or 200 for an id seen before).
// Nothing from the body reaches a log or an error answer besides the problems'
// paths and the event id.
import express, { type Request, type RequestHandler, type Router } from 'express';
import { applyHrEvent, type HrDeps } from '../../src/features/hr/apply.js';
import { hrOpenApiDocument } from '../../src/features/hr/openapi.js';
import { parseHrEvent, type Problem } from '../../src/features/hr/schema.js';
import type { AppContext } from '../context.js';
import { answerUnavailable } from './unavailable.js';
import { verifyV0 } from './signature.js';

/** One event is a few hundred bytes; this leaves room for long names and extra fields. */
export const HR_BODY_LIMIT = '64kb';

/** `application/json`, with `charset=utf-8` or no charset. */
function isJson(req: Request): boolean {
  const [type, ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim().toLowerCase());
  if (type !== 'application/json') return false;
  return params.every((p) => !p.startsWith('charset=') || ['charset=utf-8', 'charset="utf-8"', 'charset=utf8'].includes(p));
}

const UNAUTHORIZED = { 'missing-headers': 'missing_signature', stale: 'stale_timestamp', 'bad-signature': 'invalid_signature' } as const;

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The body as JSON, or the one problem that keeps it from being read. */
function readJson(raw: Buffer): { ok: true; value: unknown } | { ok: false; problem: Pick<Problem, 'path' | 'message'> } {
  try {
    return { ok: true, value: JSON.parse(UTF8.decode(raw)) as unknown };
  } catch {
    return { ok: false, problem: { path: '', message: 'the body is not valid UTF-8 JSON' } };
  }
}

export function hrRoutes(app: AppContext): Router {
  const router = express.Router();
  const document = JSON.stringify(hrOpenApiDocument());
  // The merged store holds every feature's repositories; the HR feature's among them.
  const deps: HrDeps = { store: app.store as unknown as HrDeps['store'], jobs: app.jobs, clock: app.clock, log: app.log };
  const secret = app.config.hrSecret;

  router.get('/hr/openapi.json', (_req, res) => {
    res.status(200).type('application/json').send(document);
  });

  const configured: RequestHandler = (req, res, next) => {
    if (secret === undefined) {
      res.status(404).json({ error: 'hr_not_configured' });
      return;
    }
    if (!isJson(req)) {
      res.status(415).json({ error: 'unsupported_media_type' });
      return;
    }
    next();
  };

  const receive: RequestHandler = async (req, res) => {
    if (secret === undefined) return; // answered by `configured`
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const verified = verifyV0({
      secret: secret.reveal(),
      rawBody: raw,
      timestamp: req.get('x-charter-timestamp'),
      signature: req.get('x-charter-signature'),
      nowMs: app.clock.now().getTime(),
    });
    if (!verified.ok) {
      app.log.warn({ reason: verified.reason }, 'HR webhook: request refused');
      res.status(401).json({ error: UNAUTHORIZED[verified.reason] });
      return;
    }
    const json = readJson(raw);
    if (!json.ok) {
      res.status(400).json({ error: 'malformed_json', errors: [json.problem] });
      return;
    }
    const parsed = parseHrEvent(json.value, app.clock.now());
    if (!parsed.ok) {
      app.log.warn({ problems: parsed.problems.map((p) => p.path) }, 'HR webhook: body does not match the schema');
      // Where and what, as the OpenAPI document states them.
      res.status(400).json({ error: 'invalid_body', errors: parsed.problems.map(({ path, message }) => ({ path, message })) });
      return;
    }
    try {
      const result = await applyHrEvent(deps, parsed.event, 'webhook');
      if (result.outcome === 'duplicate') res.status(200).json({ id: parsed.event.id, duplicate: true });
      else res.status(202).json({ id: parsed.event.id });
    } catch (err) {
      if (!app.store.isUnavailable(err)) throw err;
      // The sender retries; the event is applied by the attempt that finds the database.
      app.log.warn({ err, eventId: parsed.event.id }, 'HR webhook: database unavailable');
      answerUnavailable(res);
    }
  };

  router.post('/hr/events', configured, express.raw({ type: () => true, limit: HR_BODY_LIMIT }), (req, res, next) => {
    void Promise.resolve(receive(req, res, next)).catch(next);
  });
  return router;
}
