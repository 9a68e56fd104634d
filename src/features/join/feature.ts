// ADM: admission. Join requests with approval cards and one decision (ADM-1..4),
// reminders and expiry on durable jobs (ADM-5), and bypass detection from the
// platforms' membership events (ADM-6).
import { z } from 'zod';
import { action, defineFeature, job } from '../../core/feature.js';
import * as createJoinRequests from './migrations/20261121090500_create_join_requests.js';
import * as joinReminders from './migrations/20261201090000_join_reminders.js';
import * as createBypasses from './migrations/20261201090100_create_join_bypasses.js';
import * as twoStep from './migrations/20261223090100_join_two_step.js';
import { followUpBypass, onMemberJoined, reviewBypass, viewBypass } from './bypass.js';
import type { JoinCard } from './cards.js';
import type { JoinDeps } from './context.js';
import { joinStore } from './db.js';
import { decideJoin, viewJoin } from './decide.js';
import { expireRequest, remindApprovers } from './expiry.js';
import { fulfilJoin, MAX_ATTEMPTS } from './fulfil.js';
import { joinVerb, type JoinCommand } from './grammar.js';
import { JOIN_PERMISSIONS } from './permissions.js';
import { notifyApprovers, requestJoin } from './request.js';
import { ENFORCE, EXPIRE_AFTER, REMIND_AFTER, TWO_STEP } from './settings.js';
import type { JoinStore } from './store.js';

const requestPayload = z.object({ requestId: z.string().max(64) });
const bypassPayload = z.object({ bypassId: z.string().max(64) });
/** Cards of earlier versions carried the request id alone (a Slack button's value). */
const legacyRequest = (raw: unknown) => (typeof raw === 'string' ? { requestId: raw } : raw);
const reasonOf = (inputs: Readonly<Record<string, string>>) => inputs['reason'] ?? null;

const requestJob = z.object({ workspaceId: z.string(), requestId: z.string() });
const retry = { limit: MAX_ATTEMPTS + 1, delaySeconds: 60, backoff: true };

export const join = defineFeature<JoinCommand, JoinStore, JoinCard>({
  name: 'join',
  verbs: [joinVerb],
  commands: { join: requestJoin },
  actions: {
    'join.approve': action({ payload: requestPayload, legacy: legacyRequest, handle: (deps: JoinDeps, actor, p) => decideJoin(deps, actor, 'join.approve', p.requestId, null) }),
    'join.deny': action({ payload: requestPayload, legacy: legacyRequest, handle: (deps: JoinDeps, actor, p, inputs) => decideJoin(deps, actor, 'join.deny', p.requestId, reasonOf(inputs)) }),
    'join.refresh': action({ payload: requestPayload, legacy: legacyRequest, handle: (deps: JoinDeps, actor, p) => viewJoin(deps, actor, p.requestId) }),
    'join.keep': action({ payload: bypassPayload, handle: (deps: JoinDeps, actor, p) => reviewBypass(deps, actor, 'keep', p.bypassId, null) }),
    'join.remove': action({ payload: bypassPayload, handle: (deps: JoinDeps, actor, p, inputs) => reviewBypass(deps, actor, 'remove', p.bypassId, reasonOf(inputs)) }),
    'join.review': action({ payload: bypassPayload, handle: (deps: JoinDeps, actor, p) => viewBypass(deps, actor, p.bypassId) }),
  },
  jobs: {
    'join.notify': job({ scope: 'workspace', payload: requestJob, retry, handle: (deps: JoinDeps, p) => notifyApprovers(deps, p.requestId) }),
    'join.fulfil': job({ scope: 'workspace', payload: requestJob, retry, handle: (deps: JoinDeps, p) => fulfilJoin(deps, p.requestId) }),
    'join.remind': job({ scope: 'workspace', payload: requestJob, handle: (deps: JoinDeps, p) => remindApprovers(deps, p.requestId) }),
    'join.expire': job({ scope: 'workspace', payload: requestJob, retry, handle: (deps: JoinDeps, p) => expireRequest(deps, p.requestId) }),
    'join.bypass': job({
      scope: 'workspace',
      payload: z.object({ workspaceId: z.string(), bypassId: z.string(), remove: z.boolean(), cannotRemove: z.boolean() }),
      retry,
      handle: (deps: JoinDeps, p) => followUpBypass(deps, p),
    }),
  },
  events: {
    membership: { order: 100, handle: (deps: JoinDeps, ctx) => onMemberJoined(deps, ctx) },
  },
  permissions: JOIN_PERMISSIONS,
  settings: [REMIND_AFTER, EXPIRE_AFTER, ENFORCE, TWO_STEP],
  store: joinStore,
  migrations: [
    { name: '20261121090500_create_join_requests', migration: createJoinRequests },
    { name: '20261201090000_join_reminders', migration: joinReminders },
    { name: '20261201090100_create_join_bypasses', migration: createBypasses },
    { name: '20261223090100_join_two_step', migration: twoStep },
  ],
});
