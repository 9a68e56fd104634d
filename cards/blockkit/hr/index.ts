// The HR feature's Block Kit renderer: an offboarding, for a group's owner.
import type { OffboardedCard, HrCards } from '../../../src/features/hr/cards.js';
import { offboardedLines } from '../../lines/hr.js';
import type { RenderContext } from '../../text.js';
import { header, md, section } from '../kit.js';
import type { Renderers, SlackMessage } from '../message.js';

function offboarded(ctx: RenderContext, card: OffboardedCard): SlackMessage {
  const { title, lines } = offboardedLines(card);
  return { text: md(ctx, title), blocks: [header(ctx, title), section(lines.map((l) => md(ctx, l)).join('\n').slice(0, 3000))] };
}

export const hrBlockKit: Renderers<HrCards> = { 'hr.offboarded': offboarded };
