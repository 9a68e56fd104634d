// The shared sender's storage: token buckets (one row per platform limit, taken
// under a row lock so every running Charter shares them) and claims per subject and
// recipient.
import type { Knex } from 'knex';
import type { FanOutClaimRepo, RateBucketRepo } from '../../core/ports.js';
import { toCount } from '../errors.js';

interface BucketRow {
  key: string;
  tokens: number;
  updated_at: Date;
  blocked_until: Date | null;
}

export function rateBucketRepo(db: Knex): RateBucketRepo {
  return {
    async take(limits, now) {
      const run = async (trx: Knex) => {
        const at = now.getTime();
        let waitMs = 0;
        const rows = new Map<string, BucketRow>();
        for (const l of [...limits].sort((a, b) => (a.key < b.key ? -1 : 1))) {
          await trx('rate_buckets').insert({ key: l.key, tokens: l.capacity, updated_at: now }).onConflict('key').ignore();
          const row = (await trx<BucketRow>('rate_buckets').where({ key: l.key }).forUpdate().first()) as BucketRow;
          rows.set(l.key, row);
          const blocked = row.blocked_until === null ? 0 : new Date(row.blocked_until).getTime() - at;
          const tokens = Math.min(l.capacity, Number(row.tokens) + (Math.max(0, at - new Date(row.updated_at).getTime()) / 1000) * l.perSecond);
          waitMs = Math.max(waitMs, blocked, tokens >= 1 ? 0 : Math.ceil(((1 - tokens) / l.perSecond) * 1000));
        }
        if (waitMs > 0) return { ok: false as const, waitMs };
        for (const l of limits) {
          const row = rows.get(l.key) as BucketRow;
          const tokens = Math.min(l.capacity, Number(row.tokens) + (Math.max(0, at - new Date(row.updated_at).getTime()) / 1000) * l.perSecond);
          await trx('rate_buckets').where({ key: l.key }).update({ tokens: tokens - 1, updated_at: now, blocked_until: null });
        }
        return { ok: true as const };
      };
      return db.transaction(run);
    },
    async block(key, until) {
      await db('rate_buckets').insert({ key, tokens: 0, updated_at: until, blocked_until: until }).onConflict('key').merge({ blocked_until: until, tokens: 0, updated_at: until });
    },
  };
}

export function fanOutClaimRepo(db: Knex): FanOutClaimRepo {
  return {
    async claimed(subjectType, subjectId) {
      return new Set(((await db('fanout_claims').where({ subject_type: subjectType, subject_id: subjectId }).select('recipient_id')) as { recipient_id: string }[]).map((r) => r.recipient_id));
    },
    async claim(subjectType, subjectId, recipientId, now) {
      const rows = await db('fanout_claims').insert({ subject_type: subjectType, subject_id: subjectId, recipient_id: recipientId, state: 'sending', claimed_at: now }).onConflict(['subject_type', 'subject_id', 'recipient_id']).ignore().returning('recipient_id');
      return (rows as unknown[]).length === 1;
    },
    async finish(subjectType, subjectId, recipientId, state) {
      await db('fanout_claims').where({ subject_type: subjectType, subject_id: subjectId, recipient_id: recipientId }).update({ state });
    },
    async release(subjectType, subjectId, recipientId) {
      toCount(await db('fanout_claims').where({ subject_type: subjectType, subject_id: subjectId, recipient_id: recipientId, state: 'sending' }).delete());
    },
  };
}
