// MSG-4: quiet hours in the group's time zone, with holidays and swapped working days.
import { describe, expect, it } from 'vitest';
import { localOf, zonedInstant } from '../../src/core/zones.js';
import { isAllowed, nextAllowed, parseDates, parseDays, parseWindow, type QuietHours } from '../../src/features/rules/quiet.js';

const shanghai = (over: Partial<QuietHours> = {}): QuietHours => ({
  timezone: 'Asia/Shanghai',
  window: parseWindow('08:00-22:00')!,
  days: parseDays('mon-fri')!,
  holidays: new Set(),
  workdays: new Set(),
  ...over,
});

describe('quiet hours', () => {
  it('reads the window in the group’s zone, not UTC', () => {
    // 2026-11-23 is a Monday. 14:30 UTC is 22:30 in Shanghai (quiet) and 09:30 in New York (allowed).
    const at = new Date('2026-11-23T14:30:00Z');
    expect(isAllowed(at, shanghai())).toBe(false);
    expect(isAllowed(at, shanghai({ timezone: 'America/New_York' }))).toBe(true);
    expect(isAllowed(new Date('2026-11-23T01:00:00Z'), shanghai())).toBe(true); // 09:00 Shanghai
    expect(isAllowed(new Date('2026-11-22T01:00:00Z'), shanghai())).toBe(false); // Sunday
  });
  it('offers the next allowed time: the next working morning, over the weekend and holidays', () => {
    // Friday 23:00 Shanghai → Monday 08:00 Shanghai.
    expect(nextAllowed(new Date('2026-11-27T15:00:00Z'), shanghai())?.toISOString()).toBe('2026-11-30T00:00:00.000Z');
    // Monday is a holiday → Tuesday 08:00.
    expect(nextAllowed(new Date('2026-11-27T15:00:00Z'), shanghai({ holidays: new Set(['2026-11-30']) }))?.toISOString()).toBe('2026-12-01T00:00:00.000Z');
    // Within the window it is now.
    const now = new Date('2026-11-24T03:00:00Z');
    expect(nextAllowed(now, shanghai())).toEqual(now);
  });
  it('treats a swapped working Saturday as a working day, and a weekday holiday as a day off', () => {
    // National Day 2026: Saturday 2026-10-10 is a working day; Thursday 2026-10-01 is a holiday.
    const q = shanghai({ workdays: parseDates('2026-10-10')!, holidays: parseDates('2026-10-01,2026-10-02')! });
    expect(isAllowed(new Date('2026-10-10T02:00:00Z'), q)).toBe(true); // Saturday 10:00
    expect(isAllowed(new Date('2026-10-01T02:00:00Z'), q)).toBe(false); // Thursday 10:00, holiday
    expect(isAllowed(new Date('2026-10-11T02:00:00Z'), q)).toBe(false); // Sunday
    expect(nextAllowed(new Date('2026-10-09T15:00:00Z'), q)?.toISOString()).toBe('2026-10-10T00:00:00.000Z'); // Fri 23:00 → Sat 08:00
  });
  it('survives daylight saving: 08:00 local is 08:00 local on both sides of the change', () => {
    const berlin = shanghai({ timezone: 'Europe/Berlin' });
    // Berlin leaves summer time on 2026-10-25 (a Sunday).
    expect(nextAllowed(new Date('2026-10-23T21:00:00Z'), berlin)?.toISOString()).toBe('2026-10-26T07:00:00.000Z'); // Mon 08:00 CET
    expect(zonedInstant('2026-10-23', 8 * 60, 'Europe/Berlin').toISOString()).toBe('2026-10-23T06:00:00.000Z'); // 08:00 CEST
    expect(localOf(new Date('2026-10-26T07:00:00Z'), 'Europe/Berlin')).toEqual({ date: '2026-10-26', weekday: 1, minutes: 480 });
  });
  it('validates what admins type', () => {
    expect(parseWindow('09:00-18:00')).toEqual({ start: 540, end: 1080 });
    expect(parseWindow('０９:００～１８:００')).toEqual({ start: 540, end: 1080 });
    for (const bad of ['22:00-08:00', '25:00-26:00', '9-18', '09:00', '']) expect(parseWindow(bad), bad).toBeNull();
    expect([...parseDays('mon-fri')!].sort()).toEqual([1, 2, 3, 4, 5]);
    expect([...parseDays('sat-mon')!].sort()).toEqual([0, 1, 6]);
    expect(parseDays('mon,funday')).toBeNull();
    expect(parseDates('2026-02-30')).toBeNull();
    expect(parseDates('none')).toEqual(new Set());
  });
});
