// NOTE-3: an important notice is also mailed, where SMTP is configured, to the
// group's members whose e-mail Charter knows (from the platform's profile or HR),
// each in their language and in a message of their own. Each batch of recipients is
// claimed just before it is sent, so a retried job mails nobody twice; those the
// server deferred are released and the job retries for them and the batches after.
import { localeOf, peopleForMembers } from '../../core/actor.js';
import { date, text } from '../../core/messages.js';
import type { Locale } from '../../core/locale.js';
import { MailDeferredError, type CoreDeps } from '../../core/ports.js';
import { mentionOf } from '../../core/summaries.js';
import type { NoticeStore } from './store.js';

export const MAIL_JOB = 'notice.mail';
const CLAIM = 'notice-mail';
/** Letters sent in one call to the mailer (one message each). */
const BATCH = 50;

export async function mailNotice(deps: CoreDeps<NoticeStore>, noticeId: string): Promise<void> {
  if (!deps.mail.enabled) return;
  const notice = await deps.store.notices.get(noticeId);
  if (notice === null || !notice.important) return;
  const [workspace, group, author] = await Promise.all([deps.store.workspaces.get(notice.workspaceId), deps.store.groups.get(notice.groupId), deps.store.people.get(notice.authorId)]);
  if (workspace === null || group === null || author === null) return;
  const members = await deps.membership.listMembers(workspace, group);
  if (members === 'unknown') throw new Error('the member list is not available right now');
  const done = await deps.store.fanOutClaims.claimed(CLAIM, noticeId);
  const people = (await peopleForMembers(deps, workspace, members.filter((m) => m.address !== author.address))).filter((p) => p.email !== null && p.employment !== 'inactive' && !done.has(p.id));

  // Grouped by language; one address once (two accounts with one address get one message).
  const byLocale = new Map<Locale, Map<string, string[]>>();
  for (const p of people) {
    const address = (p.email as string).trim().toLowerCase();
    const locale = localeOf(deps, workspace, p);
    const batch = byLocale.get(locale) ?? new Map<string, string[]>();
    batch.set(address, [...(batch.get(address) ?? []), p.id]);
    byLocale.set(locale, batch);
  }
  const title = notice.title ?? notice.body.replace(/\s+/g, ' ').slice(0, 60);
  const deadline = notice.deadline === null ? '' : text('notice.mail.deadline', { at: date(notice.deadline) });
  let sent = 0;
  for (const [locale, batch] of byLocale) {
    const addresses = [...batch.keys()];
    for (let i = 0; i < addresses.length; i += BATCH) {
      // Claimed just before sending, batch by batch: a failure leaves later batches unclaimed for the retry.
      const to: string[] = [];
      for (const a of addresses.slice(i, i + BATCH)) {
        const ids = batch.get(a) ?? [];
        let mine = false;
        for (const id of ids) if (await deps.store.fanOutClaims.claim(CLAIM, noticeId, id, deps.clock.now())) mine = true;
        if (mine) to.push(a);
      }
      if (to.length === 0) continue;
      const mark = async (list: readonly string[], state: 'sent' | 'failed' | 'release') => {
        for (const a of list) {
          for (const id of batch.get(a.trim().toLowerCase()) ?? []) {
            if (state === 'release') await deps.store.fanOutClaims.release(CLAIM, noticeId, id);
            else await deps.store.fanOutClaims.finish(CLAIM, noticeId, id, state);
          }
        }
      };
      try {
        const r = await deps.mail.send({ to, locale, subject: text('notice.mail.subject', { title }), body: text('notice.mail.body', { body: notice.body, author: mentionOf(author), group: group.name, at: date(notice.createdAt), deadline }) });
        await mark(r.accepted, 'sent');
        await mark(r.rejected, 'failed');
        sent += r.accepted.length;
      } catch (err) {
        if (err instanceof MailDeferredError) {
          await mark(err.accepted, 'sent');
          await mark(err.rejected, 'failed');
          await mark(err.deferred, 'release');
        } else await mark(to, 'release');
        // The job retries: those released, and every batch after this one, are mailed then; nobody twice.
        throw err;
      }
    }
  }
  deps.log.info({ noticeId, sent }, 'notice mailed');
}
