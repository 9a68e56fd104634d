// The HR feature's Block Kit renderers: a new employee's welcome pack, and an offboarding for a group's owner.
import type { OffboardedCard, HrCards, WelcomePackCard } from '../../../src/features/hr/cards.js';
import { offboardedLines, welcomeLines } from '../../lines/hr.js';
import type { RenderContext } from '../../text.js';
import { context, header, md, section } from '../kit.js';
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

export const hrBlockKit: Renderers<HrCards> = { 'hr.offboarded': offboarded, 'hr.welcome': welcomePack };
