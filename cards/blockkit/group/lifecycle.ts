// GRP-2 request, GRP-3 expiry and LIFE-5 quiet-group cards for Slack: title,
// lines, facts, warnings (similar groups), where it stands, and the buttons (every
// click is checked again in the core).
import type { KnownBlock } from '@slack/types';
import type { LifecycleBody } from '../../../src/features/group/cards.js';
import type { RenderContext } from '../../text.js';
import { buttons, context, header, LIMITS, md, mrkdwn, section } from '../kit.js';
import type { SlackMessage } from '../message.js';

export function lifecycleMessage(ctx: RenderContext, card: LifecycleBody): SlackMessage {
  const blocks: KnownBlock[] = [header(ctx, card.title)];
  const fields = card.facts.map((f) => `*${md(ctx, f.label)}*\n${md(ctx, f.value)}`);
  if (card.lines.length > 0) blocks.push(section(card.lines.map((l) => md(ctx, l)).join('\n'), fields));
  else if (fields.length > 0) blocks.push({ type: 'section', fields: fields.map((f) => mrkdwn(f, LIMITS.field)) });
  if (card.warnings.length > 0) blocks.push(section(`:warning: ${card.warnings.map((w) => md(ctx, w)).join('\n')}`));
  if (card.status !== null) blocks.push(section(md(ctx, card.status)));
  if (card.actions.length > 0) blocks.push(buttons(ctx, `group.actions.${card.subjectId}`, card.actions));
  if (card.notice !== null) blocks.push(context([md(ctx, card.notice)]));
  return { text: md(ctx, card.title), blocks };
}
