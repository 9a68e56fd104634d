// The one HTTP server: health, Slack, Teams, the HR webhook (hr.ts). Bodies are parsed per route (Slack's
// signature needs the raw bytes); errors answer JSON without internals.
import express, { type ErrorRequestHandler, type Express, type RequestHandler } from 'express';
import type { AppContext } from '../context.js';
import { hrRoutes } from './hr.js';

export interface Endpoints {
  slack: RequestHandler | null;
  teams: RequestHandler | { disabled: string };
  /** Downloads behind the links Charter sends (adapters/http/exports.ts). */
  exports: RequestHandler;
}

const BODY_LIMIT = '1mb';

export function createHttpApp(app: AppContext, endpoints: Endpoints): Express {
  const http = express();
  http.disable('x-powered-by');
  // Forwarded-for headers are believed only from a proxy on this machine.
  http.set('trust proxy', 'loopback');

  http.get('/healthz', async (_req, res) => {
    try {
      await app.store.ping();
      res.status(200).json({ status: 'ok', db: app.dbKind });
    } catch (err) {
      app.log.warn({ err }, 'health check: database unavailable');
      res.status(503).json({ status: 'unavailable', db: app.dbKind });
    }
  });

  const slack = endpoints.slack;
  http.post('/slack/events', express.raw({ type: () => true, limit: BODY_LIMIT }), (req, res, next) => {
    if (slack === null) {
      res.status(404).json({ error: 'slack_not_configured' });
      return;
    }
    void Promise.resolve(slack(req, res, next)).catch(next);
  });

  const teams = endpoints.teams;
  http.post('/api/messages', express.json({ limit: BODY_LIMIT }), (req, res, next) => {
    if (typeof teams !== 'function') {
      res.status(503).json({ error: 'teams_disabled', reason: teams.disabled });
      return;
    }
    void Promise.resolve(teams(req, res, next)).catch(next);
  });

  http.get('/exports/:token', endpoints.exports);
  http.use(hrRoutes(app));

  http.use((_req, res) => {
    res.status(404).json({ error: 'not_found' });
  });

  const onError: ErrorRequestHandler = (err: { type?: string; status?: number }, _req, res, _next) => {
    if (err.type === 'entity.parse.failed') {
      res.status(400).json({ error: 'malformed_json' });
      return;
    }
    if (err.type === 'entity.too.large') {
      res.status(413).json({ error: 'too_large' });
      return;
    }
    // Express's own refusals of a request (a path parameter that does not decode): the client's fault.
    if (typeof err.status === 'number' && err.status >= 400 && err.status < 500) {
      res.status(400).json({ error: 'bad_request' });
      return;
    }
    app.log.error({ err }, 'request failed');
    if (!res.headersSent) res.status(500).json({ error: 'internal_error' });
  };
  http.use(onError);
  return http;
}
