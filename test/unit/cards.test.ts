import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { adaptiveCard, adaptiveForm, teamsText } from '../../cards/adaptive/index.js';
import { formErrors, formModal, noticeModal, slackCard, slackText } from '../../cards/blockkit/index.js';
import type { RenderContext } from '../../cards/text.js';
import type { FormModel } from '../../src/core/cards.js';
import type { CardModel } from '../../src/features/index.js';
import type { BypassCard, JoinRequestCard } from '../../src/features/join/cards.js';
import { LOCALES, type Locale } from '../../src/core/locale.js';
import { mention, text } from '../../src/core/messages.js';
import { GROUP_TYPES, TIERS } from '../../src/core/model.js';
import { adaptiveProblems, blockKitProblems, modalProblems } from '../support/cards.js';
import { strictTranslator } from '../support/i18n.js';

const at = new Date('2026-11-21T09:30:00Z');
const hostile = '<!channel> *bold* <at>Boss</at> & [link](https://evil.example)';
const REQUEST = '0b7c5f0e-4a8a-4c1e-9a51-2f7f1f0f6a11';
const BYPASS = '5d6e72e3-7fad-464d-b712-f4820e3ec523';

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
      { id: 'join.keep', payload: { bypassId: BYPASS }, style: 'primary', label: 'join.bypass.keep' },
      { id: 'join.remove', payload: { bypassId: BYPASS }, style: 'danger', inputs: ['reason'], label: 'join.bypass.remove' },
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
    approvers: ['U_ADA', 'U_MO'],
    actions: [
      { id: 'join.approve', payload: { requestId: REQUEST }, style: 'primary', label: 'join.card.approve' },
      { id: 'join.deny', payload: { requestId: REQUEST }, style: 'danger', inputs: ['reason'], label: 'join.card.deny' },
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
  ['group info, no moderators', { kind: 'group.info', group: { name: 'g', type: 'core', tier: 'core-team', purpose: 'p', expiresOn: null }, owners: [], moderators: [], createdAt: at }],
  [
    'group list, more than fits',
    {
      kind: 'group.list',
      groups: Array.from({ length: 60 }, (_, i) => ({ name: `group-${i}`, type: GROUP_TYPES[i % GROUP_TYPES.length]!, tier: TIERS[i % TIERS.length]!, purpose: `purpose ${i}`, expiresOn: null })),
      total: 75,
    },
  ],
];

const FORM: FormModel = {
  action: { id: 'join.deny', payload: { requestId: REQUEST }, label: 'join.denyForm.submit' },
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
    // User text can neither ping a channel nor forge a mention.
    expect(JSON.stringify(message.blocks)).not.toContain('<!channel>');
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
