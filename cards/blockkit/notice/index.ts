// The notice feature's Block Kit renderers: the notice with its Acknowledge button
// and count, and who has not acknowledged (for the group's admins).
import type { KnownBlock } from '@slack/types';
import { date, text } from '../../../src/core/messages.js';
import type { NoticeCard, NoticeCards, NoticeStatusCard } from '../../../src/features/notice/cards.js';
import { noticeTitle, statusExcerpt } from '../../lines/notice.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, downloadLine, header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function notice(ctx: RenderContext, card: NoticeCard): SlackMessage {
  const title = noticeTitle(card);
  const blocks: KnownBlock[] = [header(ctx, title)];
  if (card.title !== null) blocks.push(section(md(ctx, text('notice.card.heading', { title: card.title }))));
  blocks.push(
    section(md(ctx, text('notice.card.body', { body: card.body }))),
    context([md(ctx, text('notice.card.byline', { author: card.author, at: date(card.at) })), md(ctx, text('notice.card.count', { acknowledged: card.acknowledged, members: card.members }))]),
  );
  if (card.deadline !== null) blocks.push(context([md(ctx, text('notice.card.deadline', { at: date(card.deadline) }))]));
  if (card.actions.length > 0) blocks.push(buttons(ctx, `notice.${card.noticeId}`, card.actions));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, title), blocks };
}

function status(ctx: RenderContext, card: NoticeStatusCard): SlackMessage {
  const title = text('notice.status.title', { group: card.group });
  const lines = card.missing.map((m) => `• ${md(ctx, text('notice.status.line', { person: m }))}`);
  if (card.more > 0) lines.push(md(ctx, text('notice.status.more', { count: card.more })));
  const blocks: KnownBlock[] = [
    header(ctx, title),
    section(md(ctx, text('notice.status.summary', { acknowledged: card.acknowledged, members: card.members, at: date(card.at), reminders: card.reminders }))),
    section(md(ctx, statusExcerpt(card))),
    section(lines.length === 0 ? md(ctx, text('notice.status.everyone')) : [md(ctx, text('notice.status.missing')), ...lines].join('\n')),
  ];
  if (card.deadline !== null) blocks.splice(2, 0, context([md(ctx, text('notice.card.deadline', { at: date(card.deadline) }))]));
  if (card.download !== null) blocks.push(downloadLine(ctx, card.download));
  return { text: md(ctx, title), blocks };
}

export const noticeBlockKit: Renderers<NoticeCards> = { 'notice.notice': notice, 'notice.status': status };
