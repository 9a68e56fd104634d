// NOTE-1: acknowledged notices (`notice <text…>`, `通知`), their live count, reminders
// to those who have not acknowledged, and who has not (`notice status`).
import { z } from 'zod';
import { action, defineFeature, job } from '../../core/feature.js';
import type { NoticeCards } from './cards.js';
import { noticeStore } from './db.js';
import { noticeVerb, type NoticeCommand } from './grammar.js';
import * as createNotices from './migrations/20261215090000_create_notices.js';
import { acknowledge, CARDS_JOB, NOTICE_PERMISSIONS, postNotice, publish, PUBLISH_JOB, refresh, remind, REMIND_JOB, status, type NoticeDeps } from './notices.js';
import type { NoticeStore } from './store.js';

const retry = { limit: 5, delaySeconds: 30, backoff: true };
const ids = { workspaceId: z.string(), noticeId: z.string() };

export const notice = defineFeature<NoticeCommand, NoticeStore, NoticeCards>({
  name: 'notice',
  verbs: [noticeVerb],
  commands: {
    'notice.post': (deps: NoticeDeps, ctx, c) => postNotice(deps, ctx, c.body),
    'notice.status': status,
  },
  actions: {
    'notice.ack': action({ payload: z.object({ noticeId: z.string().max(64) }), handle: (deps: NoticeDeps, actor, p) => acknowledge(deps, actor, p.noticeId) }),
  },
  jobs: {
    [PUBLISH_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: NoticeDeps, p) => publish(deps, p.noticeId) }),
    [CARDS_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: NoticeDeps, p) => refresh(deps, p.noticeId) }),
    [REMIND_JOB]: job({ scope: 'workspace', payload: z.object({ ...ids, n: z.number().int().min(1).max(10), resume: z.boolean().optional() }), retry, handle: (deps: NoticeDeps, p) => remind(deps, p.noticeId, p.n, p.resume ?? false) }),
  },
  permissions: NOTICE_PERMISSIONS,
  store: noticeStore,
  migrations: [{ name: '20261215090000_create_notices', migration: createNotices }],
});
