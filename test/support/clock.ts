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
