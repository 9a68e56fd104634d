// MSG-4: quiet hours. A group's allowed window (default 08:00–22:00) on its
// working days (default Monday to Friday) in its time zone, with holidays off and
// extra working days on (Chinese workplaces swap weekend days around public
// holidays). All arithmetic is done in the group's zone through Intl, so daylight
// saving needs no tables of our own.

export interface Window {
  /** Minutes after local midnight. */
  start: number;
  end: number;
}

export interface QuietHours {
  timezone: string;
  window: Window;
  /** 0 = Sunday … 6 = Saturday. */
  days: ReadonlySet<number>;
  holidays: ReadonlySet<string>;
  workdays: ReadonlySet<string>;
}

import { DAY_NAMES, localOf, zonedInstant, type Local } from '../../core/zones.js';

function isWorkday(local: Local, q: QuietHours): boolean {
  if (q.workdays.has(local.date)) return true;
  if (q.holidays.has(local.date)) return false;
  return q.days.has(local.weekday);
}

export function isAllowed(at: Date, q: QuietHours): boolean {
  const local = localOf(at, q.timezone);
  return isWorkday(local, q) && local.minutes >= q.window.start && local.minutes < q.window.end;
}

export function inWindows(at: Date, timezone: string, windows: readonly Window[]): boolean {
  const { minutes } = localOf(at, timezone);
  return windows.some((w) => minutes >= w.start && minutes < w.end);
}

function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** The first allowed moment at or after `at` (within six weeks; null if there is none). */
export function nextAllowed(at: Date, q: QuietHours): Date | null {
  if (isAllowed(at, q)) return at;
  const start = localOf(at, q.timezone);
  for (let i = 0; i < 42; i += 1) {
    const date = addDays(start.date, i);
    const candidate = zonedInstant(date, q.window.start, q.timezone);
    const local = localOf(candidate, q.timezone);
    if (candidate.getTime() >= at.getTime() && isWorkday(local, q)) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------- the texts admins type

/** `08:00-22:00` → minutes; null when it is not a window within one day. */
export function parseWindow(raw: string): Window | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*[-–~～—]\s*(\d{1,2}):(\d{2})\s*$/.exec(raw.normalize('NFKC'));
  if (m === null) return null;
  const [h1, m1, h2, m2] = [Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4])];
  if (h1 > 23 || h2 > 24 || m1 > 59 || m2 > 59 || (h2 === 24 && m2 !== 0)) return null;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  return start < end ? { start, end } : null;
}

const hhmm = (minutes: number) => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

export function formatWindow(w: Window): string {
  return `${hhmm(w.start)}-${hhmm(w.end)}`;
}

/** `mon-fri`, `mon,wed,fri`, `sat-sun` → weekdays; null when a name is wrong. */
export function parseDays(raw: string): Set<number> | null {
  const out = new Set<number>();
  for (const part of raw.toLowerCase().split(',').map((p) => p.trim()).filter(Boolean)) {
    const range = /^([a-z]{3})\s*-\s*([a-z]{3})$/.exec(part);
    if (range !== null) {
      const a = DAY_NAMES.indexOf(range[1] as (typeof DAY_NAMES)[number]);
      const b = DAY_NAMES.indexOf(range[2] as (typeof DAY_NAMES)[number]);
      if (a < 0 || b < 0) return null;
      for (let d = a; ; d = (d + 1) % 7) {
        out.add(d);
        if (d === b) break;
      }
      continue;
    }
    const d = DAY_NAMES.indexOf(part as (typeof DAY_NAMES)[number]);
    if (d < 0) return null;
    out.add(d);
  }
  return out.size === 0 ? null : out;
}

export function formatDays(days: ReadonlySet<number>): string {
  const sorted = [...days].sort((a, b) => ((a + 6) % 7) - ((b + 6) % 7)); // Monday first
  return sorted.map((d) => DAY_NAMES[d]).join(',');
}

/** `2026-10-01,2026-10-02` or `none` → dates; null when one is not a real date (at most 400). */
export function parseDates(raw: string): Set<string> | null {
  const v = raw.trim().toLowerCase();
  if (v === 'none' || v === '无') return new Set();
  const out = new Set<string>();
  for (const part of v.split(/[,\s，、]+/).filter(Boolean)) {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(part)) return null;
    const d = new Date(`${part}T00:00:00Z`);
    if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== part) return null;
    out.add(part);
  }
  return out.size > 400 ? null : out;
}

export function formatDates(dates: ReadonlySet<string>): string {
  return dates.size === 0 ? 'none' : [...dates].sort().join(',');
}
