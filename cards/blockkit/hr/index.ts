// The HR feature's Block Kit renderers: a new employee's welcome pack; an
// offboarding, for a group's owner; the roster reconciliation (LIFE-4), for the super
// admins, with a Remove button per departed person.
import type { KnownBlock } from '@slack/types';
import { text } from '../../../src/core/messages.js';
import type { OffboardedCard, HrCards, ReconcileCard, WelcomePackCard } from '../../../src/features/hr/cards.js';
import { offboardedLines, reconcileFooter, reconcileIntro, reconcileRow, welcomeLines } from '../../lines/hr.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function offboarded(ctx: RenderContext, card: OffboardedCard): SlackMessage {
  const { title, lines } = offboardedLines(card);
  return { text: md(ctx, title), blocks: [header(ctx, title), section(lines.map((l) => md(ctx, l)).join('\n').slice(0, 3000))] };
}

function welcomePack(ctx: RenderContext, card: WelcomePackCard): SlackMessage {
  const { title, intro, groups, more, outro } = welcomeLines(card);
  const shown = groups.map((lines) => section(lines.map((l) => md(ctx, l)).join('\n').slice(0, 3000)));
  return { text: md(ctx, title), blocks: [header(ctx, title), section(md(ctx, intro)), ...shown, ...(more !== null ? [context([md(ctx, more)])] : []), context([md(ctx, outro)])] };
}

function reconcile(ctx: RenderContext, card: ReconcileCard): SlackMessage {
  const title = text('hr.reconcile.card.title');
  const blocks: KnownBlock[] = [header(ctx, title), section(md(ctx, reconcileIntro(card)))];
  card.rows.forEach((row, i) => {
    blocks.push(section(md(ctx, reconcileRow(row))));
    if (row.action !== null) blocks.push(buttons(ctx, `hr.reconcile.${i}`, [row.action]));
  });
  const footer = reconcileFooter(card).map((t) => md(ctx, t));
  if (footer.length > 0) blocks.push(context(footer));
  return { text: md(ctx, title), blocks };
}

export const hrBlockKit: Renderers<HrCards> = { 'hr.offboarded': offboarded, 'hr.welcome': welcomePack, 'hr.reconcile': reconcile };
