// Maps driver errors (pg and PGlite report the same SQLSTATE fields) to what the
// core understands.
import { UniqueViolation } from '../core/ports.js';

interface DbError {
  code?: unknown;
  constraint?: unknown;
  name?: unknown;
  message?: unknown;
}

const CONNECTION_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000',
  '08001',
  '08003',
  '08004',
  '08006',
]);

export function translateError(err: unknown): unknown {
  const e = err as DbError | null;
  if (e?.code === '23505' && typeof e.constraint === 'string') return new UniqueViolation(e.constraint);
  return err;
}

export function isUnavailable(err: unknown): boolean {
  if (err === null || typeof err !== 'object') return false;
  const e = err as DbError & { errors?: unknown[] };
  if (typeof e.code === 'string' && CONNECTION_CODES.has(e.code)) return true;
  if (e.name === 'KnexTimeoutError') return true;
  const message = typeof e.message === 'string' ? e.message : '';
  if (/Connection terminated|connection error|PGlite is closed|Pool was destroyed|Unable to acquire a connection|ECONNREFUSED/i.test(message)) return true;
  // AggregateError from net when every address refused
  return Array.isArray(e.errors) && e.errors.some((inner) => isUnavailable(inner));
}

/** Runs a write and turns unique violations into UniqueViolation. */
export async function writing<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw translateError(err);
  }
}

/** count(*) is a string from pg and a number from PGlite. */
export function toCount(value: unknown): number {
  return typeof value === 'number' ? value : Number(value ?? 0);
}
