// GRP: governed groups. Registration (GRP-1), requests for new groups with the
// overlap warning (GRP-2, GRP-4), expiry notices, renewal and archiving (GRP-3),
// quiet groups (LIFE-5), removing a member with a reason (ROLE-4), info and list,
// and following a channel's rename on the platform so `join #name` keeps working.
import { z } from 'zod';
import { action, defineFeature, globalJob, job } from '../../core/feature.js';
import { bySystem } from '../audit/entries.js';
import type { GroupCard } from './cards.js';
import { groupStore } from './db.js';
import { groupVerb, type GroupCommand } from './grammar.js';
import { archiveClick, keepClick, renewClick, scanWorkspace, SCAN_JOB, startScans, viewExpiry, viewQuiet, type LifecycleDeps } from './lifecycle.js';
import * as createRequests from './migrations/20261222090000_create_group_requests.js';
import * as createReviews from './migrations/20261222090100_create_group_reviews.js';
import { GROUP_PERMISSIONS } from './permissions.js';
import { registerGroup } from './register.js';
import { removeMember } from './remove.js';
import { CREATE_ATTEMPTS, decideRequest, fulfilRequest, notifyRequest, REQUEST_JOBS, requestGroup, viewRequest, type GroupDeps } from './requests.js';
import { GROUP_SETTINGS } from './settings.js';
import { groupInfo, groupList } from './show.js';
import type { GroupStore } from './store.js';

const id = z.string().max(64);
const requestPayload = z.object({ requestId: id });
const groupPayload = z.object({ groupId: id });
const reviewPayload = z.object({ reviewId: id });
const requestJob = z.object({ workspaceId: z.string(), requestId: z.string() });
const retry = { limit: CREATE_ATTEMPTS + 1, delaySeconds: 60, backoff: true };
const input = (inputs: Readonly<Record<string, string>>, key: string) => inputs[key] ?? null;

export const group = defineFeature<GroupCommand, GroupStore, GroupCard>({
  name: 'group',
  verbs: [groupVerb],
  commands: {
    'group.register': registerGroup,
    'group.info': groupInfo,
    'group.list': groupList,
    'group.request': requestGroup,
    'group.remove': removeMember,
  },
  actions: {
    'group.approve': action({ payload: requestPayload, handle: (deps: GroupDeps, actor, p) => decideRequest(deps, actor, 'group.approve', p.requestId, null) }),
    'group.deny': action({ payload: requestPayload, handle: (deps: GroupDeps, actor, p, inputs) => decideRequest(deps, actor, 'group.deny', p.requestId, input(inputs, 'reason')) }),
    'group.request-view': action({ payload: requestPayload, handle: (deps: GroupDeps, actor, p) => viewRequest(deps, actor, p.requestId) }),
    'group.renew': action({ payload: groupPayload, handle: (deps: GroupDeps, actor, p, inputs) => renewClick(deps, actor, p.groupId, input(inputs, 'until')) }),
    'group.archive': action({ payload: groupPayload, handle: (deps: GroupDeps, actor, p) => archiveClick(deps, actor, p.groupId) }),
    'group.expiry-view': action({ payload: groupPayload, handle: (deps: GroupDeps, actor, p) => viewExpiry(deps, actor, p.groupId) }),
    'group.keep': action({ payload: reviewPayload, handle: (deps: GroupDeps, actor, p, inputs) => keepClick(deps, actor, p.reviewId, input(inputs, 'reason')) }),
    'group.quiet-view': action({ payload: reviewPayload, handle: (deps: GroupDeps, actor, p) => viewQuiet(deps, actor, p.reviewId) }),
  },
  jobs: {
    [REQUEST_JOBS.notify]: job({ scope: 'workspace', payload: requestJob, retry, handle: (deps: GroupDeps, p) => notifyRequest(deps, p.requestId) }),
    [REQUEST_JOBS.create]: job({ scope: 'workspace', payload: requestJob, retry, handle: (deps: GroupDeps, p) => fulfilRequest(deps, p.requestId) }),
    'group.daily': globalJob({ scope: 'global', payload: z.object({}).passthrough(), handle: (deps) => startScans(deps) }),
    [SCAN_JOB]: job({ scope: 'workspace', payload: z.object({ workspaceId: z.string() }), handle: (deps: LifecycleDeps, p) => scanWorkspace(deps, p.workspaceId) }),
  },
  schedules: [{ job: 'group.daily', cron: '7 1 * * *' }],
  permissions: GROUP_PERMISSIONS,
  settings: GROUP_SETTINGS,
  store: groupStore,
  migrations: [
    { name: '20261222090000_create_group_requests', migration: createRequests },
    { name: '20261222090100_create_group_reviews', migration: createReviews },
  ],
  events: {
    channelRenamed: {
      order: 100,
      async handle(deps, { workspace, channelId, channelName }) {
        const renamed = await deps.store.groups.renameChannel(workspace.id, channelId, channelName);
        if (renamed === null) return;
        await deps.store.audit.append(
          bySystem(workspace.id, 'group.channel.rename', { targetType: 'group', targetId: renamed.id, groupId: renamed.id, details: { channelName } }),
          deps.clock.now(),
        );
      },
    },
  },
});
