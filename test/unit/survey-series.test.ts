// SURV-2: when the runs of a repeating survey start — counted from the series' first
// start, on its local day and time in its zone, month ends and daylight saving included.
import { describe, expect, it } from 'vitest';
import { runAt } from '../../src/features/survey/surveys.js';

describe('runAt', () => {
  it('keeps the local day of the month, the last day where a month is shorter, without drifting', () => {
    const series = { start: new Date('2027-01-31T01:30:00Z'), zone: 'Asia/Shanghai' }; // 09:30 on 31 January in Shanghai
    expect(runAt(series, 'monthly', 1).toISOString()).toBe('2027-02-28T01:30:00.000Z');
    expect(runAt(series, 'monthly', 2).toISOString()).toBe('2027-03-31T01:30:00.000Z');
    expect(runAt(series, 'monthly', 3).toISOString()).toBe('2027-04-30T01:30:00.000Z');
    expect(runAt(series, 'quarterly', 1).toISOString()).toBe('2027-04-30T01:30:00.000Z');
    expect(runAt(series, 'quarterly', 4).toISOString()).toBe('2028-01-31T01:30:00.000Z');
  });

  it('keeps the local time of day across daylight saving', () => {
    const series = { start: new Date('2027-03-08T14:00:00Z'), zone: 'America/New_York' }; // Monday 09:00 EST; clocks go forward on 14 March
    expect(runAt(series, 'weekly', 1).toISOString()).toBe('2027-03-15T13:00:00.000Z'); // 09:00 EDT
    expect(runAt(series, 'weekly', 52).toISOString()).toBe('2028-03-06T14:00:00.000Z'); // 09:00 EST again
  });

  it('reads the local date in the zone, not in UTC', () => {
    const series = { start: new Date('2027-01-31T20:00:00Z'), zone: 'Asia/Shanghai' }; // already 1 February, 04:00, in Shanghai
    expect(runAt(series, 'monthly', 1).toISOString()).toBe('2027-02-28T20:00:00.000Z'); // 1 March, 04:00
  });
});
