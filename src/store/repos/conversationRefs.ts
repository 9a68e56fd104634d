// Teams conversation references: a bot can only message a person or a channel
// proactively through the reference of a conversation it has seen (or created).
import type { Knex } from 'knex';

export type ConversationRefKind = 'personal' | 'channel' | 'groupChat';

export interface StoredReference {
  conversationId: string;
  reference: Record<string, unknown>;
}

export interface ConversationRefs {
  save(input: {
    conversationId: string;
    workspaceId: string;
    userAddress: string | null;
    kind: ConversationRefKind;
    reference: Record<string, unknown>;
    at: Date;
  }): Promise<void>;
  get(conversationId: string): Promise<StoredReference | null>;
  personal(workspaceId: string, userAddress: string): Promise<StoredReference | null>;
}

interface Row {
  conversation_id: string;
  workspace_id: string;
  user_address: string | null;
  kind: ConversationRefKind;
  updated_at: Date;
  reference: Record<string, unknown> | string;
}

function toRef(row: Row | undefined): StoredReference | null {
  if (row === undefined) return null;
  const reference = typeof row.reference === 'string' ? (JSON.parse(row.reference) as Record<string, unknown>) : row.reference;
  return { conversationId: row.conversation_id, reference };
}

export function conversationRefs(db: Knex): ConversationRefs {
  return {
    async save(input) {
      await db('conversation_refs')
        .insert({
          conversation_id: input.conversationId,
          workspace_id: input.workspaceId,
          user_address: input.userAddress,
          kind: input.kind,
          reference: JSON.stringify(input.reference),
          updated_at: input.at,
        })
        .onConflict('conversation_id')
        .merge(['reference', 'updated_at', 'user_address', 'workspace_id']);
    },
    async get(conversationId) {
      return toRef(await db<Row>('conversation_refs').where({ conversation_id: conversationId }).first());
    },
    async personal(workspaceId, userAddress) {
      return toRef(
        await db<Row>('conversation_refs')
          .where({ workspace_id: workspaceId, user_address: userAddress, kind: 'personal' })
          .orderBy('updated_at', 'desc')
          .first(),
      );
    },
  };
}
