// MSG-10 FAQ auto-reply: admins keep questions and answers (a group's own, and
// workspace-wide ones); `faq ask` answers from them, and a question posted in a
// governed group that matches an entry well enough gets its answer in the thread.
// The handler runs after the rules and the keyword checks (order 30).
import { z } from 'zod';
import { defineFeature, globalJob } from '../../core/feature.js';
import * as createEntries from './migrations/20261203090000_create_faq_entries.js';
import * as createReplies from './migrations/20261203090100_create_faq_replies.js';
import { ask, autoReply, KEEP_REPLIES_MS } from './answer.js';
import type { FaqCard } from './cards.js';
import { faqStore } from './db.js';
import { faqVerb, type FaqCommand } from './grammar.js';
import { addEntry, listEntries, removeEntry, type FaqDeps } from './manage.js';
import { FAQ_PERMISSIONS } from './permissions.js';
import type { FaqStore } from './store.js';

export const faq = defineFeature<FaqCommand, FaqStore, FaqCard>({
  name: 'faq',
  verbs: [faqVerb],
  commands: {
    'faq.add': (deps: FaqDeps, ctx, cmd) => addEntry(deps, ctx, cmd.question, cmd.answer),
    'faq.remove': (deps: FaqDeps, ctx, cmd) => removeEntry(deps, ctx, cmd.id),
    'faq.list': listEntries,
    'faq.ask': (deps: FaqDeps, ctx, cmd) => ask(deps, ctx, cmd.question),
  },
  jobs: {
    'faq.prune': globalJob({
      scope: 'global',
      payload: z.object({}).passthrough(),
      async handle(deps) {
        const pruned = await deps.store.faqReplies.prune(new Date(deps.clock.now().getTime() - KEEP_REPLIES_MS));
        deps.log.info({ pruned }, 'pruned old FAQ reply claims');
      },
    }),
  },
  schedules: [{ job: 'faq.prune', cron: '27 3 * * *' }],
  events: { message: { order: 30, handle: autoReply } },
  permissions: FAQ_PERMISSIONS,
  store: faqStore,
  migrations: [
    { name: '20261203090000_create_faq_entries', migration: createEntries },
    { name: '20261203090100_create_faq_replies', migration: createReplies },
  ],
});
