// Teams on both sides of Charter for end-to-end tests: TeamsClient posts Bot
// Framework activities into /api/messages; FakeConnector answers the connector
// calls Charter makes (through nock): members, 1:1 chat creation, sends, replies
// and updates, recording each.
import nock from 'nock';
import { fixture } from './slack.js';

export const SERVICE_URL = 'https://smba.trafficmanager.test/amer/';
export const TENANT = 'tenant-0001';
export const TEAM = '19:team@thread.tacv2';
export const CHANNEL = '19:ship@thread.tacv2';

export interface TeamsUser {
  id: string; // 29:…
  name: string;
  aadObjectId: string;
  givenName?: string;
  surname?: string;
  userRole?: 'user' | 'guest';
}

export interface ConnectorCall {
  method: 'GET' | 'POST' | 'PUT';
  authorization?: string;
  conversation: string;
  activityId: string | null;
  body: Record<string, unknown>;
}

export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversation (or team) id → members. */
  readonly members = new Map<string, Map<string, TeamsUser>>();
  readonly activities = new Map<string, Record<string, unknown>>();
  private seq = 1700000000200;

  install(): void {
    const base = nock(new URL(SERVICE_URL).origin).persist();
    const prefix = new URL(SERVICE_URL).pathname.replace(/\/$/, '');
    const auth = (ctx: nock.ReplyFnContext) => String(ctx.req.headers['authorization'] ?? '');
    const member = (uri: string, authorization: string) => this.member(uri, authorization);
    const create = (body: unknown, authorization: string) => this.create(body, authorization);
    const activity = (method: 'POST' | 'PUT', uri: string, body: unknown, authorization: string) => this.activity(method, uri, body, authorization);
    base.get(/\/v3\/conversations\/[^/]+\/members\/[^/]+$/).reply(function (uri) {
      return member(uri, auth(this));
    });
    base.post(`${prefix}/v3/conversations`).reply(function (_uri, body) {
      return create(body, auth(this));
    });
    base.post(/\/v3\/conversations\/[^/]+\/activities(\/[^/]+)?$/).reply(function (uri, body) {
      return activity('POST', uri, body, auth(this));
    });
    base.put(/\/v3\/conversations\/[^/]+\/activities\/[^/]+$/).reply(function (uri, body) {
      return activity('PUT', uri, body, auth(this));
    });
  }

  private member(uri: string, authorization: string): [number, Record<string, unknown>] {
    const [, conv, user] = /conversations\/([^/]+)\/members\/([^/?]+)/.exec(uri) ?? [];
    const c = decodeURIComponent(conv ?? '');
    const u = decodeURIComponent(user ?? '');
    this.calls.push({ method: 'GET', authorization, conversation: c, activityId: null, body: { member: u } });
    const m = this.members.get(c.split(';')[0] as string)?.get(u);
    if (m === undefined) return [404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } }];
    return [
      200,
      { ...fixture('teams/member.json'), id: m.id, name: m.name, aadObjectId: m.aadObjectId, givenName: m.givenName ?? m.name.split(' ')[0], surname: m.surname ?? '', userRole: m.userRole ?? 'user', tenantId: TENANT },
    ];
  }

  private create(body: unknown, authorization: string): [number, Record<string, unknown>] {
    const b = body as { members?: { id: string }[] };
    const id = `a:dm-${b.members?.[0]?.id ?? 'unknown'}`;
    this.calls.push({ method: 'POST', authorization, conversation: '(create)', activityId: null, body: b as Record<string, unknown> });
    return [201, { id, activityId: null, serviceUrl: SERVICE_URL }];
  }

  private activity(method: 'POST' | 'PUT', uri: string, body: unknown, authorization: string): [number, Record<string, unknown>] {
    const m = /conversations\/([^/]+)\/activities(?:\/([^/?]+))?/.exec(uri) ?? [];
    const conversation = decodeURIComponent(m[1] ?? '');
    const target = m[2] ? decodeURIComponent(m[2]) : null;
    let id = target ?? '';
    if (method === 'POST') {
      this.seq += 1;
      id = String(this.seq);
    }
    this.calls.push({ method, authorization, conversation, activityId: target, body: body as Record<string, unknown> });
    this.activities.set(`${conversation}/${id}`, body as Record<string, unknown>);
    return [200, { id }];
  }

  /** Messages (not updates) sent into a conversation. */
  sent(conversation: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === 'POST' && c.conversation === conversation).map((c) => c.body);
  }

  /** The text of everything sent to a conversation, cards as JSON. */
  said(conversation: string): string[] {
    return this.sent(conversation).map((b) => (typeof b['text'] === 'string' ? b['text'] : JSON.stringify(b['attachments'])));
  }

  updates(): ConnectorCall[] {
    return this.calls.filter((c) => c.method === 'PUT');
  }

  join(conversation: string, ...users: TeamsUser[]): void {
    const set = this.members.get(conversation) ?? new Map<string, TeamsUser>();
    for (const u of users) set.set(u.id, u);
    this.members.set(conversation, set);
  }
}

let seq = 0;
function nextId(): string {
  seq += 1;
  return `17000${Date.now()}${seq}`;
}

export class TeamsClient {
  constructor(
    private readonly url: string,
    private readonly authorization?: () => string,
  ) {}

  async send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.authorization ? { authorization: this.authorization() } : {}), ...headers },
      body: JSON.stringify(activity),
    });
  }

  /** A message in the team channel, mentioning the bot first. */
  channelMessage(from: TeamsUser, text: string, mentions: TeamsUser[] = [], locale = 'en-US'): Record<string, unknown> {
    const base = fixture('teams/message-channel.json') as Record<string, unknown> & { entities: unknown[] };
    const id = nextId();
    return {
      ...base,
      id,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL};messageid=${id}` },
      text: `<at>Charter</at> ${text}`,
      entities: [...base.entities, ...mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } }))],
      locale,
    };
  }

  personalMessage(from: TeamsUser, text: string, locale = 'en-US'): Record<string, unknown> {
    const base = fixture('teams/message-personal.json');
    return {
      ...base,
      id: nextId(),
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: { conversationType: 'personal', tenantId: TENANT, id: personalChat(from) },
      text,
      locale,
    };
  }

  invoke(from: TeamsUser, verb: string, data: Record<string, unknown>, card: { conversation: string; activityId: string }): Record<string, unknown> {
    const base = fixture('teams/invoke-action.json');
    return {
      ...base,
      id: `f:${nextId()}`,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: { conversationType: 'personal', tenantId: TENANT, id: card.conversation },
      replyToId: card.activityId,
      value: { action: { type: 'Action.Execute', id: verb, verb, data }, trigger: 'manual' },
    };
  }
}

/** The 1:1 chat the fake connector creates for a user (or the one they opened). */
export function personalChat(user: TeamsUser): string {
  return `a:dm-${user.id}`;
}
