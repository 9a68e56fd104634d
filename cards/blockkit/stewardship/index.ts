// The stewardship feature's Block Kit renderers: a group short of admins (ROLE-3),
// its inactive members with a Remove button each (LIFE-3), the role review (ROLE-5).
import type { KnownBlock } from '@slack/types';
import { text } from '../../../src/core/messages.js';
import type { AdminsCard, InactiveCard, ReviewCard, StewardshipCard } from '../../../src/features/stewardship/cards.js';
import { adminsLines, inactiveFooter, inactiveIntro, inactiveRow, reviewRow } from '../../lines/stewardship.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function admins(ctx: RenderContext, card: AdminsCard): SlackMessage {
  const title = text('stewardship.admins.title', { group: card.group });
  const lines = adminsLines(card).map((t) => md(ctx, t));
  const blocks: KnownBlock[] = [header(ctx, title), ...lines.map((l) => section(l))];
  return { text: md(ctx, title), blocks };
}

function inactive(ctx: RenderContext, card: InactiveCard): SlackMessage {
  const title = text('stewardship.inactive.title', { group: card.group });
  const blocks: KnownBlock[] = [header(ctx, title), section(md(ctx, inactiveIntro(card)))];
  card.rows.forEach((row, i) => {
    blocks.push(section(inactiveRow(card, row).map((t) => md(ctx, t)).join('\n')));
    if (row.action !== null) blocks.push(buttons(ctx, `stewardship.inactive.${i}`, [row.action]));
  });
  const footer = inactiveFooter(card).map((t) => md(ctx, t));
  if (footer.length > 0) blocks.push(context(footer));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, title), blocks };
}

function review(ctx: RenderContext, card: ReviewCard): SlackMessage {
  const title = text('stewardship.review.title');
  const blocks: KnownBlock[] = [header(ctx, title)];
  if (card.entries.length === 0) {
    blocks.push(section(md(ctx, text('stewardship.review.none', { groups: card.groups, days: card.days }))));
    return { text: md(ctx, title), blocks };
  }
  blocks.push(section(md(ctx, text('stewardship.review.intro', { days: card.days }))));
  for (const e of card.entries) blocks.push(section(reviewRow(e).map((t) => md(ctx, t)).join('\n')));
  const footer = [md(ctx, text('stewardship.review.how'))];
  if (card.more > 0) footer.unshift(md(ctx, text('stewardship.review.more', { count: card.more })));
  blocks.push(context(footer));
  return { text: md(ctx, title), blocks };
}

export const stewardshipBlockKit: Renderers<StewardshipCard> = { 'stewardship.admins': admins, 'stewardship.inactive': inactive, 'stewardship.review': review };
