// Inputs that cost a fetch (a file uploaded in a Slack modal) reach the core as
// readers (CardActionInput.files): the dispatcher reads them only once the action's
// payload and its authorize() passed, and never for an action that declares no
// authorize. A reader is counted here, so a forged submission is seen to fetch nothing.
import { describe, expect, it } from 'vitest';
import { handleCardAction } from '../../src/core/dispatch.js';
import { actorOf, coreSuite } from '../support/core.js';
import { DATABASES } from '../support/db.js';

describe.each(DATABASES)('file inputs of card actions ($name)', (target) => {
  const suite = coreSuite(target, { at: '2026-12-02T02:00:00Z' });

  function reader(content: string) {
    const calls: number[] = [];
    return { calls, read: async () => (calls.push(1), content) };
  }

  it('reads a file only for someone the action authorizes, and once', async () => {
    const member = reader('rumour,whole\n');
    const refused = await handleCardAction(suite.core.deps, { actor: actorOf('UBOB'), actionId: 'keywords.import', payload: { list: 'spam' }, inputs: {}, files: { csv: member.read } });
    expect(refused.result).toMatchObject({ kind: 'error', text: { key: 'keywords.forbidden' } });
    expect(member.calls).toEqual([]);
    const roster = reader('employeeId,email\n');
    const refusedRoster = await handleCardAction(suite.core.deps, { actor: actorOf('UBOB'), actionId: 'hr.import', payload: {}, inputs: {}, files: { csv: roster.read } });
    expect(refusedRoster.result).toMatchObject({ kind: 'error', text: { key: 'hr.import.forbidden' } });
    expect(roster.calls).toEqual([]);

    const admin = reader('rumour,whole\n');
    const accepted = await handleCardAction(suite.core.deps, { actor: actorOf('UADA'), actionId: 'keywords.import', payload: { list: 'spam' }, inputs: {}, files: { csv: admin.read } });
    expect(accepted.result).toMatchObject({ kind: 'notice', notice: { key: 'keywords.import.started', params: { count: 1 } } });
    expect(admin.calls).toEqual([1]);
    await suite.core.settle();
  });

  it('reads no file for a payload of the wrong shape, nor for an action that declares no authorize', async () => {
    const bad = reader('x');
    const wrong = await handleCardAction(suite.core.deps, { actor: actorOf('UADA'), actionId: 'keywords.import', payload: { list: 42 }, inputs: {}, files: { csv: bad.read } });
    expect(wrong.result).toMatchObject({ kind: 'error', text: { key: 'errors.badPayload' } });
    const unguarded = await handleCardAction(suite.core.deps, { actor: actorOf('UADA'), actionId: 'hr.import-form', payload: {}, inputs: {}, files: { csv: bad.read } });
    expect(unguarded.result).toMatchObject({ kind: 'error', text: { key: 'errors.badPayload' } });
    expect(bad.calls).toEqual([]);
    expect(suite.logs.text()).toContain('an action without authorize() was sent files: not read');
  });
});
