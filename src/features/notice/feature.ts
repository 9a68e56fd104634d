// NOTE-1: acknowledged notices (`notice <text…>`, `通知`), their live count, reminders
// to those who have not acknowledged, and who has not (`notice status`).
import { z } from 'zod';
import { action, defineFeature, job } from '../../core/feature.js';
import type { NoticeCards } from './cards.js';
import { noticeStore } from './db.js';
import { noticeVerb, type NoticeCommand } from './grammar.js';
import { MAIL_JOB, mailNotice } from './mail.js';
import * as createNotices from './migrations/20261215090000_create_notices.js';
import * as noticeForm from './migrations/20261218090100_notice_form.js';
import {
  acknowledge,
  CARDS_JOB,
  DEADLINE_JOB,
  deadlineReached,
  EXPORT,
  formCommand,
  missingExport,
  NOTICE_PERMISSIONS,
  openForm,
  postNotice,
  publish,
  PUBLISH_JOB,
  refresh,
  remind,
  REMIND_JOB,
  status,
  submitForm,
  type NoticeDeps,
} from './notices.js';
import type { NoticeStore } from './store.js';

const retry = { limit: 5, delaySeconds: 30, backoff: true };
const ids = { workspaceId: z.string(), noticeId: z.string() };

export const notice = defineFeature<NoticeCommand, NoticeStore, NoticeCards>({
  name: 'notice',
  verbs: [noticeVerb],
  commands: {
    'notice.post': (deps: NoticeDeps, ctx, c) => postNotice(deps, ctx, c.body, c.important),
    'notice.form': formCommand,
    'notice.status': status,
  },
  actions: {
    'notice.ack': action({ payload: z.object({ noticeId: z.string().max(64) }), handle: (deps: NoticeDeps, actor, p) => acknowledge(deps, actor, p.noticeId) }),
    'notice.form': action({ payload: z.object({ groupId: z.string().max(64) }), handle: (deps: NoticeDeps, actor, p) => openForm(deps, actor, p.groupId) }),
    'notice.submit': action({ payload: z.object({ groupId: z.string().max(64) }), handle: (deps: NoticeDeps, actor, p, inputs) => submitForm(deps, actor, p.groupId, inputs) }),
  },
  jobs: {
    [PUBLISH_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: NoticeDeps, p) => publish(deps, p.noticeId) }),
    [CARDS_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: NoticeDeps, p) => refresh(deps, p.noticeId) }),
    [MAIL_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: NoticeDeps, p) => mailNotice(deps, p.noticeId) }),
    [DEADLINE_JOB]: job({ scope: 'workspace', payload: z.object(ids), retry, handle: (deps: NoticeDeps, p) => deadlineReached(deps, p.noticeId) }),
    [REMIND_JOB]: job({ scope: 'workspace', payload: z.object({ ...ids, n: z.number().int().min(1).max(10), resume: z.boolean().optional() }), retry, handle: (deps: NoticeDeps, p) => remind(deps, p.noticeId, p.n, p.resume ?? false) }),
  },
  exports: { [EXPORT]: { handle: (deps: NoticeDeps, actor, noticeId) => missingExport(deps, actor, noticeId) } },
  permissions: NOTICE_PERMISSIONS,
  store: noticeStore,
  migrations: [
    { name: '20261215090000_create_notices', migration: createNotices },
    { name: '20261218090100_notice_form', migration: noticeForm },
  ],
});
