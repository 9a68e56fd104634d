// The keywords feature's Adaptive Card renderers: the lists, a list's entries,
// the moderators' alert on a message and the escalation of a person's
// violations; buttons only for those who may decide (refresh.userIds), the reason
// an input on the card.
import { date, localized, text, type Mention } from '../../../src/core/messages.js';
import type { AlertCard, EntriesCard, EscalationCard, KeywordsCard, ListsCard } from '../../../src/features/keywords/cards.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, executeActions, refreshFor, type AdaptiveCard, type Element, type Renderers } from '../kit.js';

function lists(ctx: RenderContext, card: ListsCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('keywords.card.listsTitle', { count: card.lists.length }), { weight: 'Bolder', size: 'Medium' })];
  for (const l of card.lists) {
    body.push(w.textBlock(text('keywords.card.listLine', { key: l.key, name: localized(l.names), action: text(`keywords.actions.${l.action}`), entries: l.entries, exempt: l.exempt }), { spacing: 'Small' }));
  }
  if (card.lists.length === 0) body.push(w.textBlock(text('keywords.card.noLists')));
  body.push(w.textBlock(text('keywords.card.listsHint'), { isSubtle: true, size: 'Small' }));
  return w.card(body, []);
}

function entries(ctx: RenderContext, card: EntriesCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [w.textBlock(text('keywords.card.entriesTitle', { name: localized(card.list.names), count: card.total }), { weight: 'Bolder', size: 'Medium' })];
  for (const e of card.entries) body.push(w.textBlock(text('keywords.card.entryLine', { pattern: e.pattern, kind: text(`keywords.kinds.${e.kind}`) }), { spacing: 'None' }));
  if (card.entries.length === 0) body.push(w.textBlock(text('keywords.card.noEntries')));
  if (card.total > card.entries.length) body.push(w.textBlock(text('keywords.card.more', { count: card.total - card.entries.length }), { isSubtle: true }));
  return w.card(body, []);
}

function decision(w: CardWriter, body: Element[], prefix: string, state: string, d: { by: Mention | null; at: Date; reason: string | null }): void {
  body.push(w.textBlock(text(`${prefix}.${state}`, { by: d.by ?? text('keywords.system'), at: date(d.at) }), { weight: 'Bolder', spacing: 'Medium' }));
  if (d.reason !== null) body.push(w.textBlock(text('keywords.card.reason', { reason: d.reason })));
}

function reasonInput(w: CardWriter, body: Element[], actions: AlertCard['actions'], error: AlertCard['reasonError']): void {
  if (!actions.some((a) => a.inputs?.includes('reason') === true)) return;
  body.push({ type: 'Input.Text', id: 'reason', label: w.md(text('keywords.removeForm.reason')), isMultiline: true, maxLength: 500 });
  if (error !== null) body.push(w.textBlock(error, { color: 'Attention', spacing: 'None' }));
}

function alert(ctx: RenderContext, card: AlertCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [
    w.textBlock(text('keywords.alert.title', { group: card.group }), { weight: 'Bolder', size: 'Medium' }),
    w.textBlock(text('keywords.alert.body', { author: card.author, group: card.group, at: date(card.at) })),
  ];
  for (const f of card.findings) body.push(w.textBlock(text('keywords.findingLine', { finding: text('keywords.finding', { rule: f.rule, sample: f.sample }) }), { spacing: 'Small' }));
  body.push(w.textBlock(text(card.removed ? 'keywords.alert.wasRemoved' : 'keywords.alert.stays'), { isSubtle: true, size: 'Small' }));
  const actions = card.shared ? [] : card.actions;
  reasonInput(w, body, actions, card.reasonError);
  if (card.decision !== null) decision(w, body, 'keywords.alert.status', card.state, card.decision);
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));
  const open = card.link !== null && !card.removed ? [{ type: 'Action.OpenUrl', title: w.md(text('keywords.alert.open')), url: card.link }] : [];
  return w.card(body, [...executeActions(w, actions), ...open], refreshFor('keywords.review', { alertId: card.alertId }, card.moderators));
}

function escalation(ctx: RenderContext, card: EscalationCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const body: Element[] = [
    w.textBlock(text('keywords.escalation.title', { group: card.group }), { weight: 'Bolder', size: 'Medium' }),
    w.textBlock(text('keywords.escalation.body', { person: card.person, group: card.group, count: card.count, days: card.windowDays })),
  ];
  for (const h of card.history) body.push(w.textBlock(text('keywords.findingLine', { finding: text('keywords.escalation.line', { at: date(h.at), rules: h.rules }) }), { spacing: 'None' }));
  const actions = card.shared ? [] : card.actions;
  reasonInput(w, body, actions, card.reasonError);
  if (card.decision !== null) decision(w, body, 'keywords.escalation.status', card.state, card.decision);
  if (card.notice !== null) body.push(w.textBlock(card.notice, { color: 'Accent', spacing: 'Medium' }));
  return w.card(body, executeActions(w, actions), refreshFor('keywords.review-escalation', { escalationId: card.escalationId }, card.moderators));
}

export const keywordsAdaptive: Renderers<KeywordsCard> = { 'keywords.lists': lists, 'keywords.entries': entries, 'keywords.alert': alert, 'keywords.escalation': escalation };
