import type { Clock } from '../../src/core/ports.js';

export class TestClock implements Clock {
  constructor(private current = new Date('2026-11-21T09:00:00Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  set(at: Date | string): void {
    this.current = new Date(at);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/**
 * A clock that runs in real time from an instant the test sets, for end-to-end
 * tests: what depends on the day (quiet hours) is fixed, while timeouts and job
 * delays still pass.
 */
export class RunningClock implements Clock {
  private base: number;
  private since = Date.now();
  constructor(at: Date | string) {
    this.base = new Date(at).getTime();
  }
  now(): Date {
    return new Date(this.base + (Date.now() - this.since));
  }
  set(at: Date | string): void {
    this.base = new Date(at).getTime();
    this.since = Date.now();
  }
  /** Jumps ahead (with JobRunner.advance for the waiting jobs). */
  advance(ms: number): void {
    this.base += ms;
  }
}
