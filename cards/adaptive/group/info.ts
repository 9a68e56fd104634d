// GRP-1 `group info` for Teams.
import type { GroupInfoCard } from '../../../src/features/group/cards.js';
import { date, text, type Mention } from '../../../src/core/messages.js';
import type { RenderContext } from '../../text.js';
import { CardWriter, type AdaptiveCard } from '../kit.js';

export function groupInfoCard(ctx: RenderContext, card: GroupInfoCard): AdaptiveCard {
  const w = new CardWriter(ctx);
  const g = card.group;
  const people = (labelKey: string, list: Mention[]) =>
    w.textBlock(
      text('join.card.fieldValue', {
        value: list.length === 0 ? [text(labelKey), text('group.info.none')] : [text(labelKey), ...list],
      }),
    );
  return w.card([
    { type: 'TextBlock', text: g.name, weight: 'Bolder', size: 'Medium', wrap: true },
    w.textBlock(text('group.info.purpose'), { weight: 'Bolder' }),
    w.plainBlock(g.purpose),
    {
      type: 'FactSet',
      facts: [
        { title: w.md(text('group.info.type')), value: w.md(text(`group.types.${g.type}`)) },
        { title: w.md(text('group.info.tier')), value: w.md(text(`group.tiers.${g.tier}`)) },
        { title: w.md(text('group.info.expires')), value: g.expiresOn ?? w.md(text('group.info.never')) },
      ],
    },
    people('group.info.owners', card.owners),
    people('group.info.moderators', card.moderators),
    w.textBlock(text('group.info.registered', { at: date(card.createdAt) }), { isSubtle: true, size: 'Small' }),
  ]);
}
