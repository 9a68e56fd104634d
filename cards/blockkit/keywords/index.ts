// The keywords feature's Block Kit renderers: the lists, a list's entries, the
// moderators' alert on a message and the escalation of a person's violations.
import type { KnownBlock } from '@slack/types';
import { date, localized, text, type Mention } from '../../../src/core/messages.js';
import type { AlertCard, EntriesCard, EscalationCard, KeywordsCard, ListsCard } from '../../../src/features/keywords/cards.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function lists(ctx: RenderContext, card: ListsCard): SlackMessage {
  const title = text('keywords.card.listsTitle', { count: card.lists.length });
  const lines = card.lists.map((l) =>
    md(ctx, text('keywords.card.listLine', { key: l.key, name: localized(l.names), action: text(`keywords.actions.${l.action}`), entries: l.entries, exempt: l.exempt })),
  );
  const blocks: KnownBlock[] = [header(ctx, title), section(lines.join('\n') || md(ctx, text('keywords.card.noLists'))), context([md(ctx, text('keywords.card.listsHint'))])];
  return { text: md(ctx, title), blocks };
}

function entries(ctx: RenderContext, card: EntriesCard): SlackMessage {
  const title = text('keywords.card.entriesTitle', { name: localized(card.list.names), count: card.total });
  const lines = card.entries.map((e) => md(ctx, text('keywords.card.entryLine', { pattern: e.pattern, kind: text(`keywords.kinds.${e.kind}`) })));
  const blocks: KnownBlock[] = [header(ctx, title), section(lines.join('\n') || md(ctx, text('keywords.card.noEntries')))];
  if (card.total > card.entries.length) blocks.push(context([md(ctx, text('keywords.card.more', { count: card.total - card.entries.length }))]));
  return { text: md(ctx, title), blocks };
}

function decisionLine(ctx: RenderContext, state: string, prefix: string, d: { by: Mention | null; at: Date; reason: string | null }): string {
  const lines = [md(ctx, text(`${prefix}.${state}`, { by: d.by ?? text('keywords.system'), at: date(d.at) }))];
  if (d.reason !== null) lines.push(md(ctx, text('keywords.card.reason', { reason: d.reason })));
  return lines.join('\n');
}

function alert(ctx: RenderContext, card: AlertCard): SlackMessage {
  const title = text('keywords.alert.title', { group: card.group });
  const findings = card.findings.map((f) => `• ${md(ctx, text('keywords.finding', { rule: f.rule, sample: f.sample }))}`).join('\n');
  const blocks: KnownBlock[] = [
    header(ctx, title),
    section(md(ctx, text('keywords.alert.body', { author: card.author, group: card.group, at: date(card.at) })) + `\n${findings}`),
    context([md(ctx, text(card.removed ? 'keywords.alert.wasRemoved' : 'keywords.alert.stays')), ...(card.link !== null && !card.removed ? [`<${card.link}|${md(ctx, text('keywords.alert.open'))}>`] : [])]),
  ];
  if (!card.shared && card.actions.length > 0) blocks.push(buttons(ctx, `keywords.alert.${card.alertId}`, card.actions));
  if (card.decision !== null) blocks.push(section(decisionLine(ctx, card.state, 'keywords.alert.status', card.decision)));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, title), blocks };
}

function escalation(ctx: RenderContext, card: EscalationCard): SlackMessage {
  const title = text('keywords.escalation.title', { group: card.group });
  const history = card.history.map((h) => `• ${md(ctx, text('keywords.escalation.line', { at: date(h.at), rules: h.rules }))}`).join('\n');
  const blocks: KnownBlock[] = [
    header(ctx, title),
    section(md(ctx, text('keywords.escalation.body', { person: card.person, group: card.group, count: card.count, days: card.windowDays })) + (history === '' ? '' : `\n${history}`)),
  ];
  if (!card.shared && card.actions.length > 0) blocks.push(buttons(ctx, `keywords.escalation.${card.escalationId}`, card.actions));
  if (card.decision !== null) blocks.push(section(decisionLine(ctx, card.state, 'keywords.escalation.status', card.decision)));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, title), blocks };
}

export const keywordsBlockKit: Renderers<KeywordsCard> = { 'keywords.lists': lists, 'keywords.entries': entries, 'keywords.alert': alert, 'keywords.escalation': escalation };
