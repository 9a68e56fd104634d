// MSG-6 keyword lists, MSG-7 sensitive data (DLP), MSG-8 the external tier's links,
// MSG-9 escalation: acting on the message event after the group rules; the lists
// managed by super admins (`keyword …`, `policy keyword …`); moderators decide on
// alert and escalation cards.
import { z } from 'zod';
import { action, defineFeature, job } from '../../core/feature.js';
import { allowFromAlert, ALERT_JOB, decideAlert, decideEscalation, ESCALATE_JOB, sendAlert, sendEscalation, viewAlert, viewEscalation } from './alerts.js';
import type { KeywordsCard } from './cards.js';
import { keywordStore } from './db.js';
import { keywordVerb, type KeywordCommand } from './grammar.js';
import { addEntry, createList, KEYWORD_PERMISSIONS, mayManage, openImport, removeEntry, setExempt, setListAction, showList, showLists, submitImport, type KeywordDeps } from './lists.js';
import * as createLists from './migrations/20261203090000_create_keyword_lists.js';
import { scanMessage } from './scan.js';
import { KEYWORD_SETTINGS } from './settings.js';
import type { KeywordStore } from './store.js';

const alertPayload = z.object({ alertId: z.string().max(64) });
const escalationPayload = z.object({ escalationId: z.string().max(64) });
const reasonOf = (inputs: Record<string, string>) => inputs['reason'] ?? null;
const retry = { limit: 5, delaySeconds: 30, backoff: true };

export const keywords = defineFeature<KeywordCommand, KeywordStore, KeywordsCard>({
  name: 'keywords',
  verbs: [keywordVerb],
  commands: {
    'keyword.lists': showLists,
    'keyword.show': (deps: KeywordDeps, ctx, c) => showList(deps, ctx, c.list),
    'keyword.add': (deps: KeywordDeps, ctx, c) => addEntry(deps, ctx, c.list, c.kind, c.pattern),
    'keyword.remove': (deps: KeywordDeps, ctx, c) => removeEntry(deps, ctx, c.list, c.pattern),
    'keyword.create': (deps: KeywordDeps, ctx, c) => createList(deps, ctx, c),
    'keyword.action': (deps: KeywordDeps, ctx, c) => setListAction(deps, ctx, c.list, c.action),
    'keyword.exempt': (deps: KeywordDeps, ctx, c) => setExempt(deps, ctx, c.list, c.roles),
    'keyword.import': (deps: KeywordDeps, ctx, c) => openImport(deps, ctx, c.list),
  },
  actions: {
    'keywords.import': action({
      payload: z.object({ list: z.string().max(40) }),
      // Before the uploaded file is fetched (Slack).
      authorize: (deps: KeywordDeps, actor, p) => mayManage(deps, actor, 'keyword.import', p.list),
      handle: (deps: KeywordDeps, actor, p, inputs) => submitImport(deps, actor, p.list, inputs['csv']),
    }),
    'keywords.remove': action({ payload: alertPayload, handle: (deps: KeywordDeps, actor, p, inputs) => decideAlert(deps, actor, 'remove', p.alertId, reasonOf(inputs)) }),
    'keywords.dismiss': action({ payload: alertPayload, handle: (deps: KeywordDeps, actor, p) => decideAlert(deps, actor, 'dismiss', p.alertId, null) }),
    'keywords.escalate': action({ payload: alertPayload, handle: (deps: KeywordDeps, actor, p) => decideAlert(deps, actor, 'escalate', p.alertId, null) }),
    'keywords.allow': action({ payload: alertPayload, handle: (deps: KeywordDeps, actor, p, inputs) => allowFromAlert(deps, actor, p.alertId, inputs) }),
    'keywords.review': action({ payload: alertPayload, handle: (deps: KeywordDeps, actor, p) => viewAlert(deps, actor, p.alertId) }),
    'keywords.warn-person': action({ payload: escalationPayload, handle: (deps: KeywordDeps, actor, p) => decideEscalation(deps, actor, 'warn', p.escalationId, null) }),
    'keywords.remove-person': action({ payload: escalationPayload, handle: (deps: KeywordDeps, actor, p, inputs) => decideEscalation(deps, actor, 'remove', p.escalationId, reasonOf(inputs)) }),
    'keywords.review-escalation': action({ payload: escalationPayload, handle: (deps: KeywordDeps, actor, p) => viewEscalation(deps, actor, p.escalationId) }),
  },
  jobs: {
    [ALERT_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), alertId: z.string(), security: z.boolean() }), retry, handle: (deps: KeywordDeps, p) => sendAlert(deps, p.alertId, p.security) }),
    [ESCALATE_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string(), escalationId: z.string() }), retry, handle: (deps: KeywordDeps, p) => sendEscalation(deps, p.escalationId) }),
  },
  events: { message: { order: 20, handle: scanMessage } },
  permissions: KEYWORD_PERMISSIONS,
  settings: KEYWORD_SETTINGS,
  store: keywordStore,
  migrations: [{ name: '20261203090000_create_keyword_lists', migration: createLists }],
});
