// Shared set-up of the stewardship core tests (ROLE-3, LIFE-3, ROLE-5): a project
// group with an owner and a moderator, people who post, and a way to run the
// scheduled jobs.
import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import { handlePlatformEvent } from '../../src/core/dispatch.js';
import type { Database } from '../../src/store/db.js';
import { TestClock } from './clock.js';
import { coreDriver, startCore, type CoreHarness } from './core.js';
import { resetDatabase, type TestDatabase } from './db.js';
import { memoryLogger } from './log.js';
import { messageEvent } from './messages.js';
import { RecordingPlatform, SLACK_LIKE } from './platform.js';
import type { Capabilities } from '../../src/core/ports.js';

export type Conv = { id: string; kind: 'channel' | 'direct'; name: string | null; teamId: null };
export const TEAM: Conv = { id: 'CTEAM', kind: 'channel', name: 'team', teamId: null };
export const DM: Conv = { id: 'DADA', kind: 'direct', name: null, teamId: null };
export const DAY = 86_400_000;
export const START = '2026-11-24T03:00:00Z';

export function stewardshipWorld(target: TestDatabase, capabilities: Capabilities = SLACK_LIKE) {
  const w = {
    db: undefined as unknown as Database,
    core: undefined as unknown as CoreHarness,
    platform: undefined as unknown as RecordingPlatform,
    clock: new TestClock(),
    logs: memoryLogger(),
    seq: 0,
  };
  const driver = coreDriver(() => w.core, TEAM);
  beforeAll(async () => {
    w.db = await target.open();
  });
  afterAll(async () => {
    await w.db.close();
  });
  beforeEach(async () => {
    w.clock.set(START);
    await resetDatabase(w.db);
    w.platform = new RecordingPlatform(capabilities);
    for (const u of ['UADA', 'UOWN', 'UMO', 'UBOB', 'UCAT', 'UDAN', 'UBOT']) w.platform.profiles.set(u, { realName: `Real ${u}`, ...(u === 'UBOT' ? { isBot: true } : {}) });
    w.platform.members.set(TEAM.id, new Set(['UOWN', 'UMO', 'UBOB', 'UCAT', 'UDAN', 'UBOT', 'UADA']));
    w.core = await startCore(w.db, w.platform, w.clock, w.logs);
    await driver.run('UADA', 'group register project The launch team');
    await driver.run('UADA', 'role grant <@UOWN> owner runs it');
    await driver.run('UOWN', 'role grant <@UMO> moderator keeps order');
    await driver.run('UOWN', 'role revoke <@UADA> owner hands over');
    // The database stamps a group's registration with its own clock: the test's clock instead.
    await w.db.knex('groups').update({ created_at: new Date(START) });
    w.platform.calls.length = 0;
  });
  afterEach(async () => {
    await w.core.stop();
    expect(w.logs.text()).not.toMatch(/unexpected error/);
  });
  return {
    w,
    ...driver,
    async post(user: string, at: Date = w.clock.now(), channel = TEAM.id) {
      w.seq += 1;
      await handlePlatformEvent(w.core.deps, messageEvent({ workspace: 'T1', channel, user, messageId: `s${w.seq}`, text: 'hello', at }));
      await w.core.settle();
    },
    async job(name: string, payload: Record<string, unknown> = {}) {
      await w.core.jobs.send(name, payload);
      await w.core.settle();
    },
    /** Cards sent privately, of one kind, as [to, card]. */
    cards<C>(kind: string): [string, C][] {
      return w.platform.of('sendPrivate').flatMap((c) => ('card' in c.message && c.message.card.kind === kind ? [[c.to, c.message.card as unknown as C] as [string, C]] : []));
    },
  };
}
