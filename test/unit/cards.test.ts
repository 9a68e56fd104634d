import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { adaptiveCard, adaptiveForm, formLauncher, teamsText } from '../../cards/adaptive/index.js';
import { formErrors, formModal, noticeModal, slackCard, slackText } from '../../cards/blockkit/index.js';
import type { RenderContext } from '../../cards/text.js';
import type { FormModel } from '../../src/core/cards.js';
import type { CardModel } from '../../src/features/index.js';
import type { BypassCard, JoinRequestCard } from '../../src/features/join/cards.js';
import { LOCALES, type Locale } from '../../src/core/locale.js';
import { date, localized, mention, text } from '../../src/core/messages.js';
import { GROUP_TYPES, TIERS, type Group } from '../../src/core/model.js';
import { buildRegistry } from '../../src/core/registry.js';
import { FEATURES } from '../../src/features/index.js';
import { BUILT_IN } from '../../src/features/post/catalog.js';
import { formFor } from '../../src/features/post/forms.js';
import { importForm, rolesText } from '../../src/features/keywords/lists.js';
import { expiryCard, quietCard } from '../../src/features/group/lifecycle.js';
import { similarLines } from '../../src/features/group/requests.js';
import { adaptiveProblems, blockKitProblems, modalProblems } from '../support/cards.js';
import { strictTranslator } from '../support/i18n.js';

const at = new Date('2026-11-21T09:30:00Z');
const hostile = '<!channel> *bold* <at>Boss</at> & [link](https://evil.example)';
const REQUEST = '0b7c5f0e-4a8a-4c1e-9a51-2f7f1f0f6a11';
const BYPASS = '5d6e72e3-7fad-464d-b712-f4820e3ec523';
const GROUP_ID = '7f1d2c3b-0a9e-4f8d-8c7b-6a5e4d3c2b1a';
const REGISTRY = buildRegistry(FEATURES);
const GROUP: Group = {
  id: GROUP_ID,
  workspaceId: 'slack:T1',
  channelId: 'C1',
  channelName: 'ship-v2',
  conversationKind: 'channel',
  teamId: null,
  teamAadGroupId: null,
  name: 'ship-v2',
  type: 'core',
  purpose: 'p',
  tier: 'core-team',
  expiresOn: null,
  status: 'active',
  createdBy: null,
  createdAt: at,
};
const PEOPLE = [
  { value: 'U_ADA', label: 'Ada Admin' },
  { value: 'U_JANE', label: hostile },
];

function bypassCard(over: Partial<BypassCard> = {}): BypassCard {
  return {
    kind: 'join.bypass',
    bypassId: BYPASS,
    group: { name: 'ship-v2', type: 'project', tier: 'core-team', purpose: 'Ship the second version', expiresOn: null },
    person: { mention: mention('U_EVE', 'Eve'), displayName: 'eve', realName: hostile, title: null, department: 'Sales', employment: 'active', isExternal: false },
    addedBy: null,
    detectedAt: at,
    state: 'flagged',
    decision: null,
    removalUnsupported: false,
    approvers: ['U_ADA', 'U_MO'],
    actions: [
      { id: 'join.keep', payload: { bypassId: BYPASS }, style: 'primary', label: { key: 'join.bypass.keep' } },
      { id: 'join.remove', payload: { bypassId: BYPASS }, style: 'danger', inputs: ['reason'], label: { key: 'join.bypass.remove' } },
    ],
    shared: false,
    notice: null,
    reasonError: null,
    ...over,
  };
}

function joinCard(over: Partial<JoinRequestCard> = {}): JoinRequestCard {
  return {
    kind: 'join.request',
    requestId: '0b7c5f0e-4a8a-4c1e-9a51-2f7f1f0f6a11',
    group: { name: 'ship-v2', type: 'project', tier: 'core-team', purpose: 'Ship the second version', expiresOn: null },
    requester: {
      mention: mention('U_JANE', 'Jane Doe'),
      displayName: 'jane',
      realName: 'Jane Doe',
      title: 'Engineer',
      department: null,
      employment: 'active',
      isExternal: false,
    },
    reason: 'I own the release notes',
    requestedAt: at,
    state: 'pending',
    decision: null,
    firstApproval: null,
    approvers: ['U_ADA', 'U_MO'],
    actions: [
      { id: 'join.approve', payload: { requestId: REQUEST }, style: 'primary', label: { key: 'join.card.approve' } },
      { id: 'join.deny', payload: { requestId: REQUEST }, style: 'danger', inputs: ['reason'], label: { key: 'join.card.deny' } },
    ],
    shared: false,
    notice: null,
    reasonError: null,
    ...over,
  };
}

const decided = (state: 'approved' | 'denied', fulfilment: JoinRequestCard['decision'] extends infer D ? (D extends { fulfilment: infer F } ? F : never) : never, reason: string | null = null) =>
  joinCard({ state, actions: [], decision: { by: mention('U_ADA', 'Ada Admin'), at, reason, fulfilment } });

const CARDS: [string, CardModel][] = [
  ['join pending', joinCard()],
  ['join pending, approved by a moderator, waiting for an owner (hostile name)', joinCard({ firstApproval: { by: mention('U_MO', hostile), at } })],
  ['join pending, hostile text', joinCard({ reason: hostile.repeat(20), requester: { ...joinCard().requester, realName: hostile, title: hostile } })],
  ['join pending, external requester', joinCard({ requester: { ...joinCard().requester, isExternal: true, employment: 'unknown' } })],
  ['join pending, deny reason missing', joinCard({ reasonError: text('join.denyForm.required') })],
  ['join pending, many approvers', joinCard({ approvers: Array.from({ length: 80 }, (_, i) => `29:user-${i}`) })],
  ...(['pending', 'running', 'done', 'owner-asked', 'failed'] as const).map((f): [string, CardModel] => [`join approved (${f})`, decided('approved', f)]),
  ['join denied', decided('denied', null, 'Please ask your manager first')],
  ['join decided, with notice', joinCard({ ...decided('approved', 'done'), notice: text('join.alreadyDecided.approved', { by: mention('U_ADA', 'Ada Admin'), at: { type: 'date', at } }) })],
  ['join expired', joinCard({ state: 'expired', actions: [], decision: { by: null, at, reason: null, fulfilment: 'done' } })],
  ['join pending, posted into the group', joinCard({ shared: true })],
  ['bypass flagged', bypassCard()],
  ['bypass flagged, platform cannot remove', bypassCard({ removalUnsupported: true, actions: bypassCard().actions.slice(0, 1), notice: text('join.bypass.cannotRemove') })],
  ['bypass removal reason missing', bypassCard({ reasonError: text('join.bypass.removeForm.required') })],
  ...(['kept', 'removed', 'auto-removed'] as const).map((state): [string, CardModel] => [
    `bypass ${state}`,
    bypassCard({ state, actions: [], decision: { by: state === 'auto-removed' ? null : mention('U_MO', 'Mo'), at, reason: state === 'removed' ? hostile : null } }),
  ]),
  [
    'group info',
    {
      kind: 'group.info',
      group: { name: 'ship-v2', type: 'task', tier: 'partner-department', purpose: hostile, expiresOn: '2026-12-05' },
      owners: [mention('U_ADA', 'Ada Admin')],
      moderators: [mention('U_MO', 'Mo'), mention('U_LI', 'Li Lei')],
      createdAt: at,
    },
  ],
  [
    'group request, similar groups, pending (hostile text)',
    {
      kind: 'group.request',
      subjectId: REQUEST,
      title: text('group.request.title', { name: hostile }),
      lines: [text('group.request.asks', { requester: mention('U_JANE', hostile), name: hostile, at: date(at) })],
      facts: [
        { label: text('group.info.type'), value: text('group.types.task') },
        { label: text('group.info.purpose'), value: text('group.card.value', { value: hostile }) },
        { label: text('group.request.channel'), value: text('group.card.value', { value: '#grp-4f1a2c' }) },
      ],
      warnings: [text('group.request.similarTitle'), ...similarLines([{ name: hostile, purpose: hostile, score: 0.9 }, { name: '市场部周报群', purpose: '每周汇总', score: 0.62 }])],
      status: null,
      notice: null,
      actions: [
        { id: 'group.approve', payload: { requestId: REQUEST }, style: 'primary', label: text('group.request.approve') },
        { id: 'group.deny', payload: { requestId: REQUEST }, style: 'danger', dialog: true, label: text('group.request.deny') },
      ],
      deciders: ['U_ADA'],
      refresh: { verb: 'group.request-view', payload: { requestId: REQUEST } },
    },
  ],
  ...(['pending', 'failed', 'done', 'owner-asked', 'gave-up'] as const).map((outcome): [string, CardModel] => [
    `group request approved, ${outcome}`,
    {
      kind: 'group.request',
      subjectId: REQUEST,
      title: text('group.request.title', { name: '市场周报' }),
      lines: [],
      facts: [],
      warnings: [],
      status: text(`group.request.status.approved.${outcome}`, { by: mention('U_ADA', 'Ada'), at: date(at), error: hostile }),
      notice: text('group.request.alreadyDecided', { by: mention('U_ADA', 'Ada'), at: date(at) }),
      actions: [],
      deciders: [],
      refresh: { verb: 'group.request-view', payload: { requestId: REQUEST } },
    },
  ]),
  ['group expiry notice (hostile name)', expiryCard({ ...GROUP, name: hostile, purpose: hostile, type: 'task', expiresOn: '2026-11-28' }, [], '2026-11-21')],
  ['group expiry, renewed', expiryCard({ ...GROUP, expiresOn: '2026-12-12' }, [], '2026-11-21', { status: text('group.expiry.renewed', { by: mention('U_ADA', hostile), date: '2026-12-12' }) })],
  ['group expiry, archived', expiryCard({ ...GROUP, status: 'archived' }, [], '2026-11-21', { status: text('group.archive.status', { by: text('group.card.system'), at: date(at) }) })],
  [
    'group quiet, pending',
    quietCard({ ...GROUP, name: hostile }, { id: BYPASS, workspaceId: 'slack:T1', groupId: GROUP_ID, askedAt: at, lastActivityAt: at, state: 'pending', remindedAt: null, decidedBy: null, decidedAt: null, reason: null }, []),
  ],
  [
    'group quiet, kept with a hostile reason',
    quietCard(GROUP, { id: BYPASS, workspaceId: 'slack:T1', groupId: GROUP_ID, askedAt: at, lastActivityAt: null, state: 'kept', remindedAt: null, decidedBy: null, decidedAt: at, reason: hostile }, []),
  ],
  ['group info, no moderators', { kind: 'group.info', group: { name: 'g', type: 'core', tier: 'core-team', purpose: 'p', expiresOn: null }, owners: [], moderators: [], createdAt: at }],
  [
    'group list, more than fits',
    {
      kind: 'group.list',
      groups: Array.from({ length: 60 }, (_, i) => ({ name: `group-${i}`, type: GROUP_TYPES[i % GROUP_TYPES.length]!, tier: TIERS[i % TIERS.length]!, purpose: `purpose ${i}`, expiresOn: null })),
      total: 75,
    },
  ],
  ...(['kept', 'removed', 'not-removed'] as const).map((outcome): [string, CardModel] => [
    `rules reminder (${outcome})`,
    {
      kind: 'rules.reminder',
      group: hostile,
      reasons: [text('rules.reasons.tagsNotices'), text('rules.reasons.broadcast'), text('rules.reasons.quiet')],
      outcome,
      actions:
        outcome === 'kept'
          ? [
              { id: 'post.open', payload: { groupId: GROUP_ID, tag: 'notice', sendAt: at.toISOString() }, label: text('rules.schedule', { at: { type: 'date', at } }), dialog: true },
              ...BUILT_IN.map((t) => ({ id: 'post.open', payload: { groupId: GROUP_ID, tag: t.key }, label: text('post.tags.button', { name: localized(t.names) }), dialog: true })),
            ]
          : [],
    },
  ]),
  [
    'posted meeting, hostile values',
    {
      kind: 'post.message',
      tag: { key: 'meeting', names: { en: 'Meeting', 'zh-CN': '会议' }, urgent: false },
      fields: [
        { label: 'post.fields.meeting.topic', value: hostile },
        { label: 'post.fields.meeting.date', value: text('post.message.when', { value: '2026-11-26', zone: 'Asia/Shanghai' }) },
        { label: 'post.fields.meeting.agenda', value: `${hostile}\n`.repeat(30) },
        { label: 'post.fields.meeting.owner', value: mention('U_ADA', 'Ada Admin') },
      ],
      author: mention('U_JANE', 'Jane Doe'),
      mentions: [mention('U_ADA', 'Ada Admin')],
    },
  ],
  ['posted urgent bug', { kind: 'post.message', tag: { key: 'urgent-bug', names: { en: 'Urgent-Bug', 'zh-CN': 'BUG紧急' }, urgent: true }, fields: [{ label: 'post.fields.urgent-bug.system', value: 'pay' }], author: mention('U_JANE', 'Jane Doe'), mentions: [] }],
  [
    'tag list in a group',
    {
      kind: 'post.tags',
      group: 'ship-v2',
      tags: [...BUILT_IN.map((t) => ({ key: t.key, names: t.names, class: t.class, urgent: t.urgent, builtIn: true })), { key: 'ops', names: { en: hostile.slice(0, 30), 'zh-CN': '运维' }, class: 'notice', urgent: true, builtIn: false }],
      actions: BUILT_IN.map((t) => ({ id: 'post.open', payload: { groupId: GROUP_ID, tag: t.key }, label: text('post.tags.button', { name: localized(t.names) }), dialog: true })),
    },
  ],
  ['tag list in a direct message', { kind: 'post.tags', group: null, tags: BUILT_IN.map((t) => ({ key: t.key, names: t.names, class: t.class, urgent: t.urgent, builtIn: true })), actions: [] }],
  [
    'scheduled posts',
    {
      kind: 'post.scheduled',
      posts: Array.from({ length: 3 }, (_, i) => ({ id: `p${i}`, group: hostile, tag: '[Meeting]', sendAt: at, timezone: 'Asia/Shanghai' })),
      actions: Array.from({ length: 3 }, (_, i) => ({ id: 'post.cancel', payload: { postId: `p${i}` }, label: text('post.cancelButton', { at: { type: 'date', at } }), style: 'danger' as const })),
    },
  ],
  [
    'FAQ list in a group, more than shown',
    { kind: 'faq.list', group: 'ship-v2', entries: Array.from({ length: 60 }, (_, i) => ({ id: i + 1, question: `${hostile} ${'q'.repeat(240)}`, workspace: i % 2 === 0 })), total: 75 },
  ],
  ['FAQ list of the workspace', { kind: 'faq.list', group: null, entries: [{ id: 7, question: '怎么申请年假？', workspace: true }], total: 1 }],
  ['FAQ answer in a thread', { kind: 'faq.answer', id: 12, question: hostile, answer: `${hostile}\n`.repeat(60).slice(0, 2000), auto: true, related: [] }],
  ['FAQ answer with related entries', { kind: 'faq.answer', id: 3, question: '怎么申请年假？', answer: '在 HR 系统里提交申请。', auto: false, related: [{ id: 4, question: hostile }, { id: 5, question: '年假有几天？' }] }],
  [
    'keyword lists',
    { kind: 'keywords.lists', lists: [{ key: 'spam', names: { en: 'Ads and spam', 'zh-CN': '广告与垃圾信息' }, action: 'remove', exempt: rolesText(['owner', 'moderator']), entries: 32, builtIn: true }, { key: 'x', names: { en: hostile, 'zh-CN': hostile }, action: 'warn', exempt: rolesText([]), entries: 0, builtIn: false }] },
  ],
  ['a keyword list', { kind: 'keywords.entries', list: { key: 'spam', names: { en: 'Ads', 'zh-CN': '广告' } }, entries: Array.from({ length: 50 }, (_, i) => ({ kind: 'regex' as const, pattern: `${hostile}${i}`.padEnd(200, 'x') })), total: 10_000 }],
  [
    'a moderator alert, open, with a link',
    {
      kind: 'keywords.alert',
      alertId: REQUEST,
      group: 'ship-v2',
      author: mention('U_JANE', hostile),
      at,
      link: 'https://acme.slack.com/archives/C1/p1795489200000100',
      findings: [
        { source: 'keyword', rule: text('keywords.rule.list', { name: hostile }), sample: hostile, confidence: 1 },
        { source: 'dlp', rule: text('keywords.rule.resident-id'), sample: '1101**********123X', confidence: 0.95 },
      ],
      removed: false,
      state: 'open',
      decision: null,
      moderators: ['U_ADA'],
      actions: [
        { id: 'keywords.remove', payload: { alertId: REQUEST }, style: 'danger', inputs: ['reason'], label: text('keywords.alert.remove') },
        { id: 'keywords.dismiss', payload: { alertId: REQUEST }, label: text('keywords.alert.dismiss') },
        { id: 'keywords.allow', payload: { alertId: REQUEST }, label: text('keywords.alert.allow'), dialog: true },
        { id: 'keywords.escalate', payload: { alertId: REQUEST }, label: text('keywords.alert.escalate') },
      ],
      shared: false,
      notice: null,
      reasonError: text('keywords.removeForm.required'),
    },
  ],
  [
    'a moderator alert, decided',
    { kind: 'keywords.alert', alertId: REQUEST, group: 'g', author: mention('U_JANE', 'Jane'), at, link: null, findings: [], removed: true, state: 'removed', decision: { by: mention('U_ADA', 'Ada'), at, reason: hostile }, moderators: [], actions: [], shared: true, notice: text('keywords.alert.beingRemoved'), reasonError: null },
  ],
  [
    'an escalation',
    {
      kind: 'keywords.escalation',
      escalationId: BYPASS,
      group: 'ship-v2',
      person: mention('U_JANE', hostile),
      count: 3,
      windowDays: 30,
      history: Array.from({ length: 10 }, () => ({ at, rules: [text('keywords.rule.bank-card'), text('keywords.rule.list', { name: hostile })], link: null })),
      state: 'open',
      decision: null,
      moderators: ['U_ADA'],
      actions: [
        { id: 'keywords.warn-person', payload: { escalationId: BYPASS }, style: 'primary', label: text('keywords.escalation.warn') },
        { id: 'keywords.remove-person', payload: { escalationId: BYPASS }, style: 'danger', inputs: ['reason'], label: text('keywords.escalation.remove') },
      ],
      shared: false,
      notice: null,
      reasonError: null,
    },
  ],
  [
    'an open incident with eight steps',
    {
      kind: 'incidents.incident',
      incidentId: REQUEST,
      level: 'spam',
      title: hostile.slice(0, 200),
      group: 'ship-v2',
      status: 'open',
      commander: mention('U_JANE', hostile),
      declaredBy: mention('U_JANE', 'Jane'),
      declaredAt: at,
      acknowledged: null,
      steps: ['lock', 'notify', 'purge', 'remove-attacker', 'tighten-admission', 'retract', 'my-own-step', 'restore'].map((key, position) => ({
        position,
        name: key === 'my-own-step' ? text('incidents.steps.custom', { key }) : text(`incidents.steps.${key}`),
        dueAt: at,
        atOnce: position < 5,
        done: position === 0 ? { by: null, at } : position === 5 ? { by: mention('U_ADA', 'Ada'), at } : null,
        auto: position === 0 ? ('done' as const) : position === 2 ? ('failed' as const) : position === 3 ? ('unsupported' as const) : null,
        missed: position === 6,
      })),
      locked: true,
      escalations: 2,
      resolved: null,
      actions: [
        { id: 'incident.ack', payload: { incidentId: REQUEST }, style: 'primary', label: text('incidents.card.ack') },
        { id: 'incident.command', payload: { incidentId: REQUEST }, label: text('incidents.card.command') },
        ...[1, 2, 3, 4, 6, 7].map((position) => ({ id: 'incident.step', payload: { incidentId: REQUEST, position }, label: text('incidents.card.stepDone', { step: text('incidents.steps.purge') }) })),
        { id: 'incident.escalate', payload: { incidentId: REQUEST }, label: text('incidents.card.escalate') },
        { id: 'incident.resolve', payload: { incidentId: REQUEST }, style: 'danger', label: text('incidents.card.resolve'), dialog: true },
      ],
      notice: text('incidents.escalatedNotice'),
    },
  ],
  [
    'a resolved incident',
    {
      kind: 'incidents.incident',
      incidentId: REQUEST,
      level: '1',
      title: '领导讲话引用有误',
      group: 'ship-v2',
      status: 'resolved',
      commander: mention('U_ADA', 'Ada'),
      declaredBy: mention('U_JANE', 'Jane'),
      declaredAt: at,
      acknowledged: { by: mention('U_ADA', 'Ada'), at },
      steps: [{ position: 0, name: text('incidents.steps.retract'), dueAt: at, atOnce: false, done: { by: mention('U_ADA', 'Ada'), at }, auto: null, missed: false }],
      locked: false,
      escalations: 0,
      resolved: { by: mention('U_ADA', 'Ada'), at, summary: `${hostile}\n`.repeat(40).slice(0, 2000) },
      actions: [],
      notice: null,
    },
  ],
  [
    'an incident review with a long timeline',
    {
      kind: 'incidents.review',
      incidentId: REQUEST,
      level: '2',
      title: hostile.slice(0, 200),
      group: 'ship-v2',
      summary: `${hostile}\n`.repeat(40).slice(0, 2000),
      declaredAt: at,
      resolvedAt: at,
      secondsToAcknowledge: null,
      secondsToResolve: 90_061,
      missed: [text('incidents.steps.contain'), text('incidents.steps.custom', { key: 'x' })],
      stillLocked: true,
      omitted: 25,
      timeline: Array.from({ length: 40 }, (_, i) => ({ at, what: text(`incidents.timeline.${['declared', 'step', 'step-auto', 'unlocked', 'escalated'][i % 5]}`, { by: mention('U_ADA', hostile), step: text('incidents.steps.lock'), outcome: text('incidents.outcomes.failed'), reason: hostile }) })),
    },
  ],
  [
    'the incident playbooks',
    {
      kind: 'incidents.playbooks',
      levels: (['1', '2', '3', '4', 'spam'] as const).map((level, i) => ({ level, custom: i === 0, steps: [{ name: text('incidents.steps.lock'), minutes: 0, automatic: true }, { name: text('incidents.steps.custom', { key: 'apologise' }), minutes: 90, automatic: false }, { name: text('incidents.steps.solution'), minutes: 1440, automatic: false }] })),
    },
  ],
  [
    'a notice with a long body',
    { kind: 'notice.notice', noticeId: REQUEST, group: 'ship-v2', author: mention('U_ADA', hostile), title: hostile.slice(0, 150), body: `${hostile}\n`.repeat(80).slice(0, 3000), at, deadline: at, important: true, acknowledged: 12, members: 40, reminder: false, actions: [{ id: 'notice.ack', payload: { noticeId: REQUEST }, style: 'primary', label: text('notice.card.ack') }], notice: text('notice.acknowledgedNotice') },
  ],
  [
    'a notice reminder',
    { kind: 'notice.notice', noticeId: REQUEST, group: 'ship-v2', author: mention('U_ADA', 'Ada'), title: null, body: '明天下午三点全员大会', at, deadline: null, important: false, acknowledged: 0, members: 3, reminder: true, actions: [{ id: 'notice.ack', payload: { noticeId: REQUEST }, style: 'primary', label: text('notice.card.ack') }], notice: null },
  ],
  [
    'who has not acknowledged',
    { kind: 'notice.status', group: 'ship-v2', title: hostile.slice(0, 150), body: hostile, at, deadline: at, acknowledged: 3, members: 60, reminders: 2, missing: Array.from({ length: 50 }, (_, i) => mention(`U${i}`, hostile)), more: 7, download: { url: 'https://charter.example/exports/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde', expiresAt: at } },
  ],
  [
    'a survey with its questions on the card',
    {
      kind: 'survey.survey',
      surveyId: REQUEST,
      title: text('survey.templates.quarterly'),
      group: 'ship-v2',
      anonymous: true,
      closesAt: at,
      state: 'open',
      form: {
        action: { id: 'survey.answer', payload: { surveyId: REQUEST }, label: text('survey.form.submit') },
        title: text('survey.templates.quarterly'),
        intro: text('survey.form.introAnonymous', { group: hostile }),
        fields: [
          ...['goals', 'support', 'communication', 'workload'].map((id) => ({ id, label: text('survey.form.question', { question: text(`survey.questions.quarterly.${id}`), min: 1, max: 5 }), multiline: false, required: true, maxLength: 3, error: text('survey.form.range', { min: 1, max: 5 }) })),
          { id: 'comment', label: text('survey.form.comment'), multiline: true, required: false, maxLength: 1000, value: hostile },
        ],
      },
      mine: [],
      actions: [{ id: 'survey.answer', payload: { surveyId: REQUEST }, style: 'primary', label: text('survey.card.answer') }],
      notice: null,
    },
  ],
  [
    'an answered survey',
    { kind: 'survey.survey', surveyId: REQUEST, title: text('survey.customText', { value: localized({ en: hostile, 'zh-CN': hostile }) }), group: 'ship-v2', anonymous: false, closesAt: at, state: 'answered', form: null, mine: [{ question: text('survey.questions.satisfaction.score'), value: '90' }, { question: text('survey.form.comment'), value: hostile }], actions: [{ id: 'survey.answer', payload: { surveyId: REQUEST }, label: text('survey.card.change') }], notice: text('survey.thanks') },
  ],
  [
    'survey results',
    {
      kind: 'survey.results',
      title: text('survey.templates.quarterly'),
      group: 'ship-v2',
      anonymous: true,
      closed: true,
      answered: 12,
      recipients: 15,
      mean: 72.5,
      target: 85,
      questions: ['goals', 'support', 'communication', 'workload'].map((id) => ({ question: text(`survey.questions.quarterly.${id}`), mean: 3.4, bars: [1, 2, 3, 4, 5].map((n) => ({ label: String(n), count: n * 2 })) })),
      comments: Array.from({ length: 40 }, () => hostile),
      threshold: 5,
      download: { url: 'https://charter.example/exports/AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde', expiresAt: at },
    },
  ],
  [
    'survey templates',
    {
      kind: 'survey.templates',
      templates: [
        { key: 'satisfaction', title: text('survey.templates.satisfaction'), questions: 1, scales: ['0–100'], builtIn: true },
        ...Array.from({ length: 30 }, (_, i) => ({ key: `pulse-${i}`, title: text('survey.customText', { value: localized({ en: hostile, 'zh-CN': hostile }) }), questions: 10, scales: ['1–5', '0–10'], builtIn: false })),
      ],
      canManage: true,
    },
  ],
  [
    'survey results below the threshold',
    { kind: 'survey.results', title: text('survey.templates.satisfaction'), group: 'ship-v2', anonymous: true, closed: false, answered: 3, recipients: 40, mean: null, target: 85, questions: [], comments: [], threshold: 5, download: null },
  ],
  [
    'admins below the minimum (ROLE-3)',
    { kind: 'stewardship.admins', group: hostile, type: 'project', required: 2, admins: [mention('U_OWN', hostile)], suggestions: Array.from({ length: 3 }, (_, i) => mention(`U_S${i}`, hostile)), fixedAt: null },
  ],
  ['admins fixed, none left before', { kind: 'stewardship.admins', group: 'ship-v2', type: 'core', required: 2, admins: [], suggestions: [], fixedAt: at }],
  [
    'inactive members with Remove buttons (LIFE-3)',
    {
      kind: 'stewardship.inactive',
      listId: REQUEST,
      group: hostile,
      days: 90,
      rows: Array.from({ length: 10 }, (_, i) => ({
        memberId: REQUEST,
        person: mention(`U_I${i}`, hostile),
        lastActiveAt: i % 2 === 0 ? null : at,
        since: at,
        state: (['listed', 'removed', 'failed', 'removing'] as const)[i % 4]!,
        by: i % 4 === 1 ? mention('U_OWN', hostile) : null,
        action: i % 4 === 1 || i % 4 === 3 ? null : { id: 'stewardship.remove', payload: { memberId: REQUEST }, style: 'danger' as const, label: text('stewardship.inactive.remove') },
      })),
      more: 1234,
      mode: 'list',
      notice: text('stewardship.inactive.removed', { person: mention('U_I1', hostile), group: hostile }),
    },
  ],
  [
    'inactive members removed by policy',
    { kind: 'stewardship.inactive', listId: REQUEST, group: 'ship-v2', days: 30, rows: [{ memberId: REQUEST, person: mention('U_I', 'Ivy'), lastActiveAt: at, since: at, state: 'removed', by: null, action: null }], more: 0, mode: 'removed', notice: null },
  ],
  [
    'inactive members to remove by hand (Teams without Graph)',
    { kind: 'stewardship.inactive', listId: REQUEST, group: 'ship-v2', days: 90, rows: [{ memberId: REQUEST, person: mention('U_I', hostile), lastActiveAt: null, since: at, state: 'listed', by: null, action: null }], more: 3, mode: 'manual', notice: null },
  ],
  [
    'inactive members on Teams, where a removal would take them out of other governed groups',
    { kind: 'stewardship.inactive', listId: REQUEST, group: 'ship-v2', days: 90, rows: [{ memberId: REQUEST, person: mention('U_I', hostile), lastActiveAt: null, since: at, state: 'listed', by: null, action: null }], more: 0, mode: 'team-wide', notice: null },
  ],
  [
    'role review (ROLE-5)',
    {
      kind: 'stewardship.review',
      days: 60,
      entries: Array.from({ length: 15 }, (_, i) => ({
        group: hostile,
        admin: mention(`U_A${i}`, hostile),
        role: i % 2 === 0 ? ('owner' as const) : ('moderator' as const),
        lastActiveAt: i % 3 === 0 ? null : at,
        departed: i % 3 === 2,
        suggestions: i % 4 === 0 ? [] : [mention('U_S1', hostile), mention('U_S2', 'Sam')],
      })),
      more: 99,
      groups: 40,
    },
  ],
  [
    'welcome pack (hostile names and purposes, many groups)',
    {
      kind: 'hr.welcome',
      person: hostile,
      groups: Array.from({ length: 30 }, (_, i) => ({ name: `${hostile}${i}`, purpose: `${hostile}\n`.repeat(20), owners: [mention('U_ADA', hostile), mention('U_OWN', 'Owen')], state: i % 2 === 0 ? ('added' as const) : ('owner-asked' as const) })),
    },
  ],
  ['welcome pack, one group without owners', { kind: 'hr.welcome', person: '新同事', groups: [{ name: '全员群', purpose: '公司通知', owners: [], state: 'added' }] }],
  ['offboarded, with a list to fix', { kind: 'hr.offboarded', person: hostile, removed: [hostile, 'ship-v2'], toFix: [{ group: hostile, why: text('hr.offboard.whyUnsupported') }] }],
  ['role review with nothing to review', { kind: 'stewardship.review', days: 60, entries: [], more: 0, groups: 3 }],
  [
    'policy of a group',
    {
      kind: 'policy.show',
      group: 'ship-v2',
      rows: REGISTRY.settings.filter((d) => d.scope === 'group').map((d, i) => ({ key: d.key, value: d.format(d.defaultValue as never), source: (['default', 'type', 'workspace', 'group'] as const)[i % 4]!, describe: text(d.describe), valid: text(d.valid) })),
    },
  ],
  [
    'workspace policy',
    {
      kind: 'policy.show',
      group: null,
      rows: REGISTRY.settings.map((d) => ({ key: d.key, value: d.format(d.defaultValue as never), source: 'default' as const, describe: text(d.describe), valid: text(d.valid) })),
    },
  ],
];

const FORM: FormModel = {
  action: { id: 'join.deny', payload: { requestId: REQUEST }, label: { key: 'join.denyForm.submit' } },
  title: text('join.denyForm.title'),
  intro: text('join.denyForm.intro', { requester: mention('U_JANE', 'Jane Doe'), group: 'ship-v2' }),
  fields: [{ id: 'reason', label: text('join.denyForm.reason'), placeholder: text('join.denyForm.placeholder'), multiline: true, required: true, maxLength: 500, error: text('join.denyForm.required') }],
};

describe.each(LOCALES)('cards in %s', (locale: Locale) => {
  const i18n = strictTranslator();
  const slack: RenderContext = { i18n, locale, command: '/charter' };
  const teams: RenderContext = { i18n, locale, command: '@Charter' };

  it.each(CARDS)('%s renders for Slack within Block Kit limits', (_name, card) => {
    const message = slackCard(slack, card);
    expect(message.text.length).toBeGreaterThan(0);
    expect(blockKitProblems(message.blocks as KnownBlock[])).toEqual([]);
    expect(i18n.missing).toEqual([]);
    // User text can neither ping a channel nor forge a mention (plain_text objects, such as headers, are shown as written and never ping).
    const marked = JSON.stringify(message.blocks, (_k, v: unknown) => ((v as { type?: string } | null)?.type === 'plain_text' ? null : v));
    expect(marked).not.toContain('<!channel>');
  });

  it.each(CARDS)('%s renders for Teams as a valid Adaptive Card 1.5', (_name, card) => {
    const rendered = adaptiveCard(teams, card) as unknown as Record<string, unknown>;
    expect(adaptiveProblems(rendered)).toEqual([]);
    expect(i18n.missing).toEqual([]);
  });

  it('the deny form renders as a Slack modal and as an Adaptive Card', () => {
    const modal = formModal(slack, FORM);
    expect(modalProblems(modal)).toEqual([]);
    expect(modal.callback_id).toBe('join.deny');
    expect(JSON.parse(modal.private_metadata ?? '{}')).toEqual({ payload: { requestId: REQUEST } });
    expect(formErrors(slack, FORM)).toEqual({ reason: expect.any(String) });
    expect(formErrors(slack, { ...FORM, fields: FORM.fields.map((f) => ({ ...f, error: undefined })) as FormModel['fields'] })).toBeNull();
    expect(modalProblems(noticeModal(slack, text('join.notAllowed')))).toEqual([]);
    expect(adaptiveProblems(adaptiveForm(teams, FORM) as unknown as Record<string, unknown>)).toEqual([]);
    expect(i18n.missing).toEqual([]);
  });

  it('the keyword import form renders within Slack\'s input limit, and as a Teams dialog', () => {
    const form = importForm('spam', 'pattern,kind\n'.repeat(1000), text('keywords.import.empty'));
    const modal = formModal(slack, form);
    expect(modalProblems(modal)).toEqual([]);
    expect(adaptiveProblems(adaptiveForm(teams, form, 'dialog') as unknown as Record<string, unknown>)).toEqual([]);
    expect(i18n.missing).toEqual([]);
  });

  it.each(BUILT_IN.map((t) => [t.key, t] as const))('the %s form renders as a Slack modal, a Teams card and a Teams dialog', (_key, tag) => {
    const values = Object.fromEntries(tag.fields.map((f) => [f.id, f.kind === 'date' ? '2026-11-26' : f.kind === 'time' ? '15:00' : f.kind === 'user' ? 'U_ADA' : hostile]));
    const errors = Object.fromEntries(tag.fields.map((f) => [f.id, text('post.form.required')]));
    for (const form of [formFor(tag, GROUP, 'Asia/Shanghai', PEOPLE, REQUEST), formFor(tag, GROUP, 'Asia/Shanghai', PEOPLE, REQUEST, values, errors)]) {
      const modal = formModal(slack, form);
      expect(modalProblems(modal)).toEqual([]);
      const elements = (modal.blocks as { element?: { type: string; timezone?: string } }[]).map((b) => b.element);
      for (const f of tag.fields) {
        const e = elements[form.fields.findIndex((x) => x.id === f.id) + 1];
        expect(e?.type, f.id).toBe({ date: 'datepicker', time: 'timepicker', user: 'users_select', text: 'plain_text_input', multiline: 'plain_text_input' }[f.kind]);
        if (f.kind === 'time') expect(e?.timezone).toBe('Asia/Shanghai');
      }
      for (const mode of ['card', 'dialog'] as const) expect(adaptiveProblems(adaptiveForm(teams, form, mode) as unknown as Record<string, unknown>), mode).toEqual([]);
      expect(adaptiveProblems(formLauncher(teams, form, { key: 'common.openForm' }) as unknown as Record<string, unknown>)).toEqual([]);
    }
    expect(i18n.missing).toEqual([]);
  });

  it('texts carry platform mentions and escape user content', () => {
    const t = text('join.welcome', { member: mention('U_JANE', 'Jane <Doe>'), group: '<!here>', purpose: 'a & b' });
    const s = slackText(slack, t).text;
    expect(s).toContain('<@U_JANE>');
    expect(s).toContain('&lt;!here&gt;');
    expect(s).toContain('a &amp; b');
    const m = teamsText(teams, t);
    expect(m.text).toContain('<at>Jane &lt;Doe&gt;</at>');
    expect(m.entities).toEqual([{ type: 'mention', text: '<at>Jane &lt;Doe&gt;</at>', mentioned: { id: 'U_JANE', name: 'Jane <Doe>' } }]);
    expect(m.text).not.toContain('<!here>');
    expect(i18n.missing).toEqual([]);
  });

  it('usage lines show how commands are typed on each platform', () => {
    const verb = locale === 'en' ? 'join' : '加入';
    const args = locale === 'en' ? '<#group or name> <reason…>' : '<#群或群名> <理由…>';
    expect(slackText(slack, text('usage.join')).text).toContain(`\`/charter ${verb} ${args.replace(/</g, '&lt;').replace(/>/g, '&gt;')}\``);
    // Teams shows code spans as written: angle brackets stay brackets there.
    expect(teamsText(teams, text('usage.join')).text).toContain(`\`@Charter ${verb} ${args}\``);
  });

  it('keeps user text inert inside and outside code spans on every surface', () => {
    const evil = 'a` <at>Bob</at> <b>x</b> `b';
    const slackOut = slackText(slack, text('command.unknownVerb', { verb: evil })).text;
    expect(slackOut).toContain('`aˋ &lt;at&gt;Bob&lt;/at&gt; &lt;b&gt;x&lt;/b&gt; ˋb`');
    const teamsOut = teamsText(teams, text('command.unknownVerb', { verb: evil }));
    expect(teamsOut.text).toContain('`aˋ Bob <b>x</b> ˋb`');
    expect(teamsOut.entities).toEqual([]);
    const outside = teamsText(teams, text('join.deniedToYou', { group: '<b>g</b>', by: 'x', reason: '<at>Bob</at>' }));
    expect(outside.text).toContain('&lt;b&gt;g&lt;/b&gt;');
    expect(outside.text).toContain('&lt;at&gt;Bob&lt;/at&gt;');
  });
});

describe('actions on the wire', () => {
  const ctx = { i18n: strictTranslator(), locale: 'en' as const, command: '/charter' };
  it('carry their typed payload: a Slack button value, a Teams Action.Execute data.payload', () => {
    const blocks = JSON.stringify(slackCard(ctx, joinCard()).blocks);
    expect(blocks).toContain(JSON.stringify(JSON.stringify({ requestId: REQUEST })).slice(1, -1));
    const card = adaptiveCard({ ...ctx, command: '@Charter' }, joinCard()) as unknown as { actions: { verb: string; data: unknown }[]; refresh: { action: { verb: string; data: unknown }; userIds: string[] } };
    expect(card.actions.map((a) => [a.verb, a.data])).toEqual([
      ['join.approve', { payload: { requestId: REQUEST } }],
      ['join.deny', { payload: { requestId: REQUEST } }],
    ]);
    expect(card.refresh).toEqual({ action: { type: 'Action.Execute', verb: 'join.refresh', data: { payload: { requestId: REQUEST } } }, userIds: ['U_ADA', 'U_MO'] });
  });
  it('a Teams copy posted into the group shows the status to all; only the approvers’ refresh brings buttons', () => {
    const card = adaptiveCard({ ...ctx, command: '@Charter' }, joinCard({ shared: true })) as unknown as { actions?: unknown[]; body: unknown[]; refresh: { userIds: string[] } };
    expect(card.actions).toBeUndefined();
    expect(JSON.stringify(card.body)).toContain('Waiting for a decision');
    expect(card.refresh.userIds).toEqual(['U_ADA', 'U_MO']);
  });
});

describe('language', () => {
  it('Chinese cards are in Chinese, English cards in English', () => {
    const zh = slackCard({ i18n: strictTranslator(), locale: 'zh-CN', command: '/charter' }, joinCard());
    const en = slackCard({ i18n: strictTranslator(), locale: 'en', command: '/charter' }, joinCard());
    expect(JSON.stringify(zh.blocks)).toContain('批准');
    expect(JSON.stringify(en.blocks)).toContain('Approve');
    expect(JSON.stringify(en.blocks)).not.toContain('批准');
  });
  it('a missing key is caught, not shown as a key', () => {
    const i18n = strictTranslator();
    slackText({ i18n, locale: 'zh-CN', command: '/charter' }, text('join.noSuchKey'));
    expect(i18n.missing).toEqual(['zh-CN:join.noSuchKey']);
  });
});

describe('user text in Teams markdown', () => {
  const ctx: RenderContext = { i18n: strictTranslator(), locale: 'en', command: '@Charter' };
  const lure = '[Verify your account](https://evil.test/login) **URGENT** {{DATE(2020-01-01T00:00:00Z, SHORT)}} __x__';
  it('shows a link, bold or a date template someone typed as typed, on cards and in messages', () => {
    const playbooks: CardModel = { kind: 'incidents.playbooks', levels: [{ level: '1', custom: true, steps: [{ name: text('incidents.steps.custom', { key: lure }), minutes: 5, automatic: false }] }] };
    const card = JSON.stringify(adaptiveCard(ctx, playbooks));
    const message = JSON.stringify(teamsText(ctx, text('incidents.lock.done', { group: lure })));
    for (const out of [card, message]) {
      expect(out).not.toContain('](https://evil.test');
      expect(out).not.toContain('{{DATE(2020');
      expect(out).not.toContain('**URGENT**');
      expect(out).toContain('URGENT');
    }
    // Charter's own markup still works: the playbook's level is bold.
    expect(card).toContain('**Level 1');
  });
});
