// `faq ask <question…>` and MSG-10's auto-reply: a question posted in a governed
// group that matches an entry well enough gets the entry's answer in its thread.
// Only new posts by people (not edits, deletions or bots); each message at most
// once: the answer is claimed by message id (unique key) before it is posted, so a
// retried event or a second Charter process cannot answer twice, and an entry is
// not repeated in a thread that has it already. Nothing of the message is stored
// but its id; the audit entry names the message and the entry, never the text.
import type { CommandContext, MessageContext } from '../../core/feature.js';
import type { Locale } from '../../core/locale.js';
import { text } from '../../core/messages.js';
import type { Reply } from '../../core/replies.js';
import { bySystem } from '../audit/entries.js';
import type { FaqAnswerCard } from './cards.js';
import { cachedEntriesFor, entriesFor, groupOf, type FaqDeps } from './manage.js';
import { confident, FaqIndex, isChinese, looksLikeQuestion, THRESHOLDS, type Match } from './match.js';
import type { FaqEntry } from './store.js';

/** Longer messages are discussions, not questions a FAQ answers. */
const MESSAGE_MAX = 500;
/** Close questions named beside an answer, or instead of one. */
const RELATED = 3;
/** How long answered message ids are kept (retries come within minutes; threads live longer). */
export const KEEP_REPLIES_MS = 30 * 86_400_000;

function answerCard(best: FaqEntry, close: readonly Match<FaqEntry>[], auto: boolean): FaqAnswerCard {
  return {
    kind: 'faq.answer',
    id: best.id,
    question: best.question,
    answer: best.answer,
    auto,
    related: close.filter((m) => m.entry.id !== best.id).slice(0, RELATED).map((m) => ({ id: m.entry.id, question: m.entry.question })),
  };
}

export async function ask(deps: FaqDeps, ctx: CommandContext, question: string): Promise<Reply> {
  const group = await groupOf(deps, ctx);
  const entries = await entriesFor(deps, ctx.actor.workspace.id, group);
  const ranked = new FaqIndex(entries).rank(question);
  const close = ranked.filter((m) => m.score >= THRESHOLDS.close);
  const best = ranked[0];
  if (best !== undefined && best.score >= THRESHOLDS.ask) return { kind: 'card', card: answerCard(best.entry, close, false) };
  if (close.length === 0) return { kind: 'text', text: text(entries.length === 0 ? 'faq.empty' : 'faq.noMatch') };
  return { kind: 'text', text: text('faq.noMatchClose', { close: close.slice(0, RELATED).map((m) => text('faq.closeLine', { id: m.entry.id, question: m.entry.question })) }) };
}

/** The reply speaks the entry's language: its answer is written in it. */
function languageOf(entry: FaqEntry): Locale {
  return isChinese(entry.question) ? 'zh-CN' : 'en';
}

export async function autoReply(deps: FaqDeps, ctx: MessageContext): Promise<void> {
  const { event, group, workspace, author } = ctx;
  // A message the rules or the keyword lists removed gets no answer.
  if (event.kind !== 'posted' || author === null || event.author?.isBot !== false || ctx.removed || event.addressedToCharter === true) return;
  if (event.text.length > MESSAGE_MAX || !looksLikeQuestion(event.text)) return;
  const entries = await cachedEntriesFor(deps, workspace.id, group);
  if (entries.length === 0) return;
  const match = confident(new FaqIndex(entries).rank(event.text));
  if (match === null) return;
  const entry = match.entry;
  const threadId = event.threadId ?? event.messageId;
  if (event.threadId !== null && (await deps.store.faqReplies.answeredInThread(group.id, threadId, entry.id))) return;
  if (!(await deps.store.faqReplies.claim({ groupId: group.id, messageId: event.messageId, threadId, entryId: entry.id, at: deps.clock.now() }))) return;
  try {
    await deps.messaging.replyInThread(workspace, group, threadId, { locale: languageOf(entry), card: answerCard(entry, [], true) });
  } catch (err) {
    await deps.store.faqReplies.release(group.id, event.messageId);
    deps.log.warn({ err, messageId: event.messageId, entryId: entry.id }, 'could not post a FAQ answer');
    return;
  }
  await deps.store.audit.append(
    bySystem(workspace.id, 'faq.reply', {
      targetType: 'message',
      targetId: event.messageId,
      groupId: group.id,
      details: { entry: entry.id, score: match.score, thread: event.threadId !== null },
    }),
    deps.clock.now(),
  );
}
