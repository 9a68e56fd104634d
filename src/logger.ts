// JSON logs on stdout through pino. Errors are reduced to a whitelist of fields:
// HTTP client errors (axios for Slack, Azure pipeline for Bot Framework) carry the
// request with its Authorization header, which must never reach a log.
import pino from 'pino';
import type { Logger } from './core/ports.js';

const SAFE_FIELDS = ['name', 'message', 'code', 'statusCode', 'status', 'errno', 'syscall', 'constraint', 'routine'] as const;

export function safeError(err: unknown, depth = 0): Record<string, unknown> {
  if (!(err instanceof Error)) return { message: String(err) };
  const out: Record<string, unknown> = {};
  const e = err as unknown as Record<string, unknown>;
  for (const key of SAFE_FIELDS) if (typeof e[key] === 'string' || typeof e[key] === 'number') out[key] = e[key];
  if (typeof err.stack === 'string') out['stack'] = err.stack;
  // Slack Web API platform errors: the error code only.
  const data = e['data'] as { error?: unknown } | undefined;
  if (typeof data?.error === 'string') out['slackError'] = data.error;
  if (err.cause !== undefined && depth < 2) out['cause'] = safeError(err.cause, depth + 1);
  return out;
}

export const REDACT = [
  'password',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  '*.headers.authorization',
  '*.headers.Authorization',
];

export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger & Logger {
  return pino(
    {
      level,
      base: { app: 'charter' },
      redact: { paths: REDACT, censor: '[redacted]' },
      serializers: { err: safeError, error: safeError },
    },
    destination,
  );
}
