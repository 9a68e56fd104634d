import type { Knex } from 'knex';
import type { Locale } from '../../core/locale.js';
import type { CardPost } from '../../core/model.js';
import type { CardPostRepo } from '../../core/ports.js';

interface Row {
  id: string;
  workspace_id: string;
  subject_type: string;
  subject_id: string;
  recipient_id: string | null;
  conversation_id: string;
  message_id: string;
  locale: Locale;
}

function toPost(r: Row): CardPost {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    recipientId: r.recipient_id,
    conversationId: r.conversation_id,
    messageId: r.message_id,
    locale: r.locale,
  };
}

export function cardPostRepo(db: Knex): CardPostRepo {
  return {
    async add(post) {
      const [row] = await db<Row>('card_posts')
        .insert({
          workspace_id: post.workspaceId,
          subject_type: post.subjectType,
          subject_id: post.subjectId,
          recipient_id: post.recipientId,
          conversation_id: post.conversationId,
          message_id: post.messageId,
          locale: post.locale,
        })
        .returning('*');
      return toPost(row as Row);
    },
    async listFor(subjectType, subjectId) {
      const rows = (await db<Row>('card_posts')
        .where({ subject_type: subjectType, subject_id: subjectId })
        .orderBy('created_at')) as Row[];
      return rows.map(toPost);
    },
  };
}
