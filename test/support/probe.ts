// A feature defined in a test, as any feature is defined: one verb (with an
// alias), one card action, one job, two message handlers (one that throws). It
// is added to the feature list the test starts Charter with, and nothing else.
import { z } from 'zod';
import { ok, rest, type VerbDef } from '../../src/core/commands/grammar.js';
import { action, defineFeature, job, type MessageContext } from '../../src/core/feature.js';
import { text } from '../../src/core/messages.js';

export interface ProbeLog {
  commands: string[];
  actions: number[];
  jobs: { n: number; workspaceId: string }[];
  messages: Pick<MessageContext['event'], 'kind' | 'messageId' | 'threadId' | 'mentions' | 'text'>[];
}

type ProbeCommand = { verb: 'probe.run'; words: string };

export function probeFeature(log: ProbeLog) {
  const verb: VerbDef<ProbeCommand> = {
    verb: 'probe',
    aliases: { 探针: {} },
    usage: 'usage.help',
    details: 'help.details.help',
    parse: (args) => ok({ verb: 'probe.run', words: rest(args) }),
  };
  return defineFeature<ProbeCommand>({
    name: 'probe',
    verbs: [verb],
    commands: {
      'probe.run': async (deps, { actor }, cmd) => {
        log.commands.push(cmd.words);
        await deps.jobs.send('probe.later', { workspaceId: actor.workspace.id, n: cmd.words.length });
        return { kind: 'text', text: text('help.notYet') };
      },
    },
    actions: {
      'probe.poke': action({
        payload: z.object({ n: z.number().int() }),
        handle: async (_deps, _actor, payload) => {
          log.actions.push(payload.n);
          return { kind: 'notice', notice: text('common.close') };
        },
      }),
    },
    jobs: {
      'probe.later': job({
        scope: 'workspace',
        payload: z.object({ workspaceId: z.string(), n: z.number() }),
        handle: async (_deps, p) => {
          log.jobs.push(p);
        },
      }),
    },
    events: {
      message: {
        order: 50,
        handle: async (_deps, ctx) => {
          const { kind, messageId, threadId, mentions, text: t } = ctx.event;
          log.messages.push({ kind, messageId, threadId, mentions, text: t });
        },
      },
    },
  });
}

/** A feature whose message handler always throws: the others must still run. */
export const brokenFeature = defineFeature({
  name: 'broken',
  events: {
    message: {
      order: -10,
      handle: async () => {
        throw new Error('this handler always fails');
      },
    },
  },
});

/** A feature whose message handler fails like a lost database connection while `outage.on` is set. */
export function flakyFeature(outage: { on: boolean }) {
  return defineFeature({
    name: 'flaky',
    events: {
      message: {
        order: -20,
        handle: async () => {
          if (outage.on) throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
        },
      },
    },
  });
}
