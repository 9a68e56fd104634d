// ROLE-3 minimum admins, LIFE-3 inactive members and ROLE-5 the quarterly role
// review: keeping a workspace's groups looked after. Jobs: a daily admin check, a
// weekly inactivity check and a quarterly review, each fanned out from one
// scheduled global job to one job per workspace (and, for inactivity, per group).
import { z } from 'zod';
import { action, defineFeature, globalJob, job, type GlobalDeps } from '../../core/feature.js';
import { groupHere } from '../group/here.js';
import { holdersOf } from '../../core/actor.js';
import { notAllowed } from '../../core/errors.js';
import { text } from '../../core/messages.js';
import { can } from '../../core/permissions.js';
import { answerPrivately } from '../../core/replies.js';
import { ADMINS_JOB, checkAdmins, checkWorkspaceAdmins, onRoleChanged } from './admins.js';
import type { StewardshipCard } from './cards.js';
import { stewardshipStore } from './db.js';
import { stewardshipVerb, type StewardshipCommand } from './grammar.js';
import { INACTIVITY_GROUP_JOB, INACTIVITY_JOB, inactiveNow, onMembership, removeClick, reviewGroupJob, reviewWorkspaceInactivity } from './inactivity.js';
import * as createStewardship from './migrations/20261222090000_create_stewardship.js';
import type { StewardshipDeps } from './people.js';
import { STEWARDSHIP_PERMISSIONS } from './permissions.js';
import { quarterlyReview, REVIEW_JOB, reviewCommand } from './review.js';
import { STEWARDSHIP_SETTINGS } from './settings.js';
import type { StewardshipStore } from './store.js';

const retry = { limit: 3, delaySeconds: 60, backoff: true };
const workspacePayload = z.object({ workspaceId: z.string().min(1).max(200) });

/** A scheduled job about every workspace: one job per workspace, keyed by the day so a rerun sends none twice. */
function everyWorkspace(name: string) {
  return async (deps: GlobalDeps<StewardshipStore>): Promise<void> => {
    const day = deps.clock.now().toISOString().slice(0, 10);
    for (const workspaceId of await deps.store.stewardship.workspaceIds()) await deps.jobs.send(name, { workspaceId }, { key: `${workspaceId}:${day}` });
  };
}

export const stewardship = defineFeature<StewardshipCommand, StewardshipStore, StewardshipCard>({
  name: 'stewardship',
  verbs: [stewardshipVerb],
  commands: {
    'stewardship.review': reviewCommand,
    async 'stewardship.admins'(deps: StewardshipDeps, ctx) {
      const group = await groupHere(deps, ctx.actor, ctx.conversation);
      if (!can(await holdersOf(deps, ctx.actor, group), STEWARDSHIP_PERMISSIONS['stewardship.group'])) notAllowed(text('stewardship.admins.forbidden', { group: group.name }));
      const outcome = await checkAdmins(deps, ctx.actor.workspace, group);
      return { kind: 'text', text: text(`stewardship.admins.${outcome === 'ok' && group.type !== 'core' && group.type !== 'project' ? 'notRequired' : outcome}`, { group: group.name }) };
    },
    async 'stewardship.inactive'(deps: StewardshipDeps, ctx) {
      const group = await groupHere(deps, ctx.actor, ctx.conversation);
      if (!can(await holdersOf(deps, ctx.actor, group), STEWARDSHIP_PERMISSIONS['stewardship.group'])) notAllowed(text('stewardship.inactive.forbidden', { group: group.name }));
      const card = await inactiveNow(deps, ctx.actor, group);
      if (card === null) return { kind: 'text', text: text('stewardship.inactive.cannotList', { group: group.name }) };
      if (card.rows.length === 0) return { kind: 'text', text: text('stewardship.inactive.none', { group: group.name, days: card.days }) };
      return answerPrivately(deps, ctx.actor, ctx.conversation, card);
    },
  },
  actions: {
    'stewardship.remove': action({ payload: z.object({ memberId: z.string().max(64) }), handle: (deps: StewardshipDeps, actor, p) => removeClick(deps, actor, p.memberId) }),
  },
  jobs: {
    'stewardship.daily': globalJob({ scope: 'global', payload: z.object({}).passthrough(), handle: everyWorkspace(ADMINS_JOB) }),
    'stewardship.weekly': globalJob({ scope: 'global', payload: z.object({}).passthrough(), handle: everyWorkspace(INACTIVITY_JOB) }),
    'stewardship.quarterly': globalJob({ scope: 'global', payload: z.object({}).passthrough(), handle: everyWorkspace(REVIEW_JOB) }),
    [ADMINS_JOB]: job({ scope: 'workspace', payload: workspacePayload, retry, handle: (deps: StewardshipDeps, p) => checkWorkspaceAdmins(deps, p.workspaceId) }),
    [INACTIVITY_JOB]: job({ scope: 'workspace', payload: workspacePayload, retry, handle: (deps: StewardshipDeps, p) => reviewWorkspaceInactivity(deps, p.workspaceId) }),
    [INACTIVITY_GROUP_JOB]: job({
      scope: 'workspace',
      payload: z.object({ workspaceId: z.string().min(1).max(200), groupId: z.string().uuid() }),
      retry,
      handle: (deps: StewardshipDeps, p) => reviewGroupJob(deps, p.workspaceId, p.groupId),
    }),
    [REVIEW_JOB]: job({ scope: 'workspace', payload: workspacePayload, retry, handle: (deps: StewardshipDeps, p) => quarterlyReview(deps, p.workspaceId) }),
  },
  schedules: [
    { job: 'stewardship.daily', cron: '23 4 * * *' },
    { job: 'stewardship.weekly', cron: '41 4 * * 1' },
    { job: 'stewardship.quarterly', cron: '7 5 1 1,4,7,10 *' },
  ],
  events: {
    roleChanged: { order: 10, handle: onRoleChanged },
    membership: { order: 50, handle: onMembership },
  },
  permissions: STEWARDSHIP_PERMISSIONS,
  settings: STEWARDSHIP_SETTINGS,
  store: stewardshipStore,
  migrations: [{ name: '20261222090000_create_stewardship', migration: createStewardship }],
});
