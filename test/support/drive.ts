// What an end-to-end test does over and over against the running server: send a
// Teams activity or a Slack command and wait until Charter is idle, move a running
// clock with the waiting jobs, and read cards and buttons back.
import type { KnownBlock } from '@slack/types';
import { expect } from 'vitest';
import type { Database } from '../../src/store/db.js';
import type { TestCharter } from './charter.js';
import type { RunningClock } from './clock.js';
import { HOOKS, newTrigger, type FakeSlack, type SlackClient, type SlackUser } from './slack.js';
import { CHANNEL, TENANT, type FakeConnector, type TeamsClient, type TeamsUser } from './teams.js';

type Json = Record<string, unknown>;

/** The Adaptive Card an activity carries. */
export const cardOf = (activity: Json): Json => ((activity['attachments'] as { content: Json }[] | undefined)?.[0]?.content ?? {}) as Json;

/** An Adaptive Card action as the card carries it. */
export type CardActionJson = { type: string; verb?: string; title: string; url?: string; data: Json };

/** Every action on an Adaptive Card, in its action sets or at the bottom. */
export function actionsOf(card: Json): CardActionJson[] {
  const out: CardActionJson[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') {
      const o = v as Json;
      if (typeof o['type'] === 'string' && String(o['type']).startsWith('Action.')) out.push(o as unknown as CardActionJson);
      else Object.values(o).forEach(walk);
    }
  };
  walk([card['body'], card['actions']]);
  return out;
}

/** The buttons of a Block Kit message. */
export const buttonsOf = (blocks: unknown[]) => (blocks as KnownBlock[]).flatMap((b) => (b.type === 'actions' ? (b.elements as { action_id: string; value: string; text: { text: string } }[]) : []));

/** The newest join request of the person at `address` (Slack: the user id; Teams: the `29:` id). */
export async function joinRequestOf(db: Database, address: string): Promise<{ id: string; state: string; first_approved_by: string | null }> {
  const row = (await db.knex('join_requests as r').join('people as p', 'p.id', 'r.requester_id').where('p.address', address).orderBy('r.created_at', 'desc').first('r.id', 'r.state', 'r.first_approved_by')) as
    | { id: string; state: string; first_approved_by: string | null }
    | undefined;
  if (row === undefined) throw new Error(`no join request of ${address}`);
  return row;
}

/** Where Charter sent the person at `address` its card about a subject (a request id): the conversation and the message (Slack ts, Teams activity id). */
export async function cardPostOf(db: Database, subjectId: string, address: string): Promise<{ conversation: string; messageId: string }> {
  const row = (await db.knex('card_posts as c').join('people as p', 'p.id', 'c.recipient_id').where({ 'p.address': address, 'c.subject_id': subjectId }).first('c.conversation_id', 'c.message_id')) as
    | { conversation_id: string; message_id: string }
    | undefined;
  if (row === undefined) throw new Error(`no card about ${subjectId} for ${address}`);
  return { conversation: row.conversation_id, messageId: row.message_id };
}

/** Moves the clock and every waiting job, then waits until Charter is idle. */
export async function later(charter: TestCharter, clock: RunningClock, ms: number): Promise<void> {
  clock.advance(ms);
  await charter.jobs.advance(ms);
  await charter.settle();
}

/** Teams: `get` gives what beforeAll created. */
export function teamsDriver(get: () => { charter: TestCharter; teams: TeamsClient; connector: FakeConnector }) {
  const send = async (activity: Json): Promise<Response> => {
    const { teams, charter } = get();
    const r = await teams.send(activity);
    await charter.settle();
    return r;
  };
  /** A command by mention in the channel; answers the reply in its thread (JSON). */
  const command = async (user: TeamsUser, text: string, locale = 'en-US', mentions: TeamsUser[] = []): Promise<string> => {
    const activity = get().teams.channelMessage(user, text, mentions, locale);
    const id = String(activity['id']);
    const r = await send({ ...activity, conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL};messageid=${id}` } });
    expect(r.status).toBe(200);
    return JSON.stringify(get().connector.sent(`${CHANNEL};messageid=${id}`).at(-1) ?? {});
  };
  return { send, command };
}

/** Slack: `get` gives what beforeAll created; commands go to `channel` unless told. */
export function slackDriver(get: () => { charter: TestCharter; slack: SlackClient; fake: FakeSlack }, channel: string) {
  /** A slash command; answers the texts sent to its response URL. */
  const run = async (user: SlackUser, text: string, where = channel): Promise<string[]> => {
    const { slack, fake, charter } = get();
    const response_url = `${HOOKS}/commands/T0001/${Math.random().toString(36).slice(2)}`;
    const r = await slack.command({ user_id: user.id, user_name: user.name, text, channel_id: where, channel_name: fake.channels.get(where)?.name ?? '', trigger_id: newTrigger(), response_url });
    expect(r.status).toBe(200);
    await charter.settle();
    return fake.responses.filter((x) => x.url === response_url).map((x) => String(x.body['text']));
  };
  return { run };
}
