// Teams on both sides of Charter for end-to-end tests: TeamsClient posts Bot
// Framework activities into /api/messages; FakeConnector answers the connector
// calls Charter makes (through nock): members, 1:1 chat creation, sends, replies
// and updates, recording each.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import { fixture } from './slack.js';

/** The public-cloud Teams connector; reached through nock (authenticated mode). */
export const SERVICE_URL = 'https://smba.trafficmanager.net/amer/';
export const TENANT = 'tenant-0001';
export const TEAM = '19:team@thread.tacv2';
export const CHANNEL = '19:ship@thread.tacv2';
export const TEAM_NAME = 'Apps';
export const CHANNEL_NAME = 'ship-v2';

export interface TeamsUser {
  id: string; // 29:…
  name: string;
  aadObjectId: string;
  givenName?: string;
  surname?: string;
  userRole?: 'user' | 'guest';
  /** The member's e-mail as Teams reports it (the recorded fixture's otherwise). */
  email?: string;
}

export interface ConnectorCall {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  authorization?: string;
  conversation: string;
  activityId: string | null;
  body: Record<string, unknown>;
}

type Reply = [number, Record<string, unknown>];

/**
 * The Bot Connector as Charter calls it. `install()` answers through nock at the
 * real Teams host (authenticated mode); `listen()` serves it on loopback, the way
 * the Bot Framework Emulator does (emulator mode accepts loopback service URLs only).
 */
export class FakeConnector {
  readonly calls: ConnectorCall[] = [];
  /** Conversation (or team) id → members. */
  readonly members = new Map<string, Map<string, TeamsUser>>();
  readonly activities = new Map<string, Record<string, unknown>>();
  /** Team id → its channels (General, whose id is the team's, has no name). */
  readonly channels = new Map<string, { id: string; name?: string }[]>([[TEAM, [{ id: TEAM }, { id: CHANNEL, name: CHANNEL_NAME }]]]);
  /** Status to answer the next member look-up with (e.g. 503), once. */
  failNextMemberLookup: number | null = null;
  private seq = 1700000000200;
  private server: Server | null = null;
  /** The serviceUrl activities should carry to reach this connector. */
  url = SERVICE_URL;

  install(): void {
    this.url = SERVICE_URL;
    const scope = nock(new URL(SERVICE_URL).origin).persist();
    const handle = (method: ConnectorCall['method'], uri: string, body: unknown, ctx: nock.ReplyFnContext) =>
      this.handle(method, uri, body, String(ctx.req.headers['authorization'] ?? ''));
    for (const method of ['GET', 'POST', 'PUT', 'DELETE'] as const) {
      scope.intercept(/.*/, method).reply(function (uri, body) {
        return handle(method, uri, body, this);
      });
    }
  }

  /** Serves the connector on 127.0.0.1; resolves with its base URL. */
  async listen(): Promise<string> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = raw === '' ? {} : JSON.parse(raw);
        } catch {
          body = raw;
        }
        const [status, json] = this.handle(req.method as ConnectorCall['method'], req.url ?? '/', body, String(req.headers['authorization'] ?? ''));
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(json));
      });
    });
    // Keep idle connections open: the connector client reuses them, and a socket the
    // server closed between two tests costs the client seconds of retries.
    server.keepAliveTimeout = 10 * 60_000;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.server = server;
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/amer/`;
    return this.url;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server === null) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeAllConnections();
    await closed;
  }

  handle(method: ConnectorCall['method'], uri: string, body: unknown, authorization: string): Reply {
    const path = uri.replace(/^\/amer/, '').split('?')[0] ?? '';
    let m: RegExpExecArray | null;
    if (method === 'GET' && (m = /^\/v3\/conversations\/([^/]+)\/members\/([^/]+)$/.exec(path))) return this.member(m[1]!, m[2]!, authorization);
    if (method === 'GET' && (m = /^\/v3\/conversations\/([^/]+)\/pagedmembers$/.exec(path))) return this.pagedMembers(m[1]!, authorization);
    if (method === 'GET' && (m = /^\/v3\/teams\/([^/]+)\/conversations$/.exec(path))) return this.teamChannels(m[1]!, authorization);
    if (method === 'GET' && (m = /^\/v3\/teams\/([^/]+)$/.exec(path))) return this.teamDetails(m[1]!, authorization);
    if (method === 'POST' && path === '/v3/conversations') return this.create(body, authorization);
    if ((method === 'POST' || method === 'PUT') && (m = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?$/.exec(path))) {
      return this.activity(method, m[1]!, m[2] ?? null, body, authorization);
    }
    this.calls.push({ method, authorization, conversation: '(unknown)', activityId: null, body: { uri } });
    return [404, { error: { code: 'NotFound', message: `no route for ${method} ${path}` } }];
  }

  /** One page with everyone (the connector's paging is not exercised). */
  private pagedMembers(conv: string, authorization: string): Reply {
    const c = decodeURIComponent(conv);
    this.calls.push({ method: 'GET', authorization, conversation: c, activityId: null, body: { pagedMembers: true } });
    const members = [...(this.members.get(c.split(';')[0] as string)?.values() ?? [])];
    return [200, { members: members.map((m) => ({ id: m.id, name: m.name, aadObjectId: m.aadObjectId, userRole: m.userRole ?? 'user', tenantId: TENANT })) }];
  }

  private member(conv: string, user: string, authorization: string): Reply {
    const c = decodeURIComponent(conv);
    const u = decodeURIComponent(user);
    this.calls.push({ method: 'GET', authorization, conversation: c, activityId: null, body: { member: u } });
    if (this.failNextMemberLookup !== null) {
      const status = this.failNextMemberLookup;
      this.failNextMemberLookup = null;
      return [status, { error: { code: 'ServiceError', message: 'The service is unavailable' } }];
    }
    const m = this.members.get(c.split(';')[0] as string)?.get(u);
    if (m === undefined) return [404, { error: { code: 'MemberNotFoundInConversation', message: 'The member was not found' } }];
    return [
      200,
      { ...fixture('teams/member.json'), id: m.id, name: m.name, aadObjectId: m.aadObjectId, givenName: m.givenName ?? m.name.split(' ')[0], surname: m.surname ?? '', userRole: m.userRole ?? 'user', tenantId: TENANT, ...(m.email !== undefined ? { email: m.email, userPrincipalName: m.email } : {}) },
    ];
  }

  private teamChannels(team: string, authorization: string): Reply {
    const t = decodeURIComponent(team);
    this.calls.push({ method: 'GET', authorization, conversation: t, activityId: null, body: { channels: true } });
    const list = this.channels.get(t);
    return list === undefined ? [404, { error: { code: 'NotFound', message: 'team not found' } }] : [200, { conversations: list }];
  }

  private teamDetails(team: string, authorization: string): Reply {
    const t = decodeURIComponent(team);
    this.calls.push({ method: 'GET', authorization, conversation: t, activityId: null, body: { details: true } });
    return this.channels.has(t) ? [200, { id: t, name: TEAM_NAME, aadGroupId: 'aad-group-apps' }] : [404, { error: { code: 'NotFound', message: 'team not found' } }];
  }

  private create(body: unknown, authorization: string): Reply {
    const b = body as { members?: { id: string }[] };
    const id = `a:dm-${b.members?.[0]?.id ?? 'unknown'}`;
    this.calls.push({ method: 'POST', authorization, conversation: '(create)', activityId: null, body: b as Record<string, unknown> });
    return [201, { id, activityId: null, serviceUrl: this.url }];
  }

  private activity(method: 'POST' | 'PUT', conv: string, target: string | null, body: unknown, authorization: string): Reply {
    const conversation = decodeURIComponent(conv);
    const activityId = target === null ? null : decodeURIComponent(target);
    let id = activityId ?? '';
    if (method === 'POST') {
      this.seq += 1;
      id = String(this.seq);
    }
    this.calls.push({ method, authorization, conversation, activityId, body: body as Record<string, unknown> });
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
  // At most 20 digits, as Teams' own ids (epoch milliseconds, 13): the counter lives as long as the test worker.
  return `${Date.now()}${String(seq % 1_000_000).padStart(6, '0')}`;
}

export class TeamsClient {
  /**
   * @param serviceUrl what activities name as their serviceUrl: the fake connector's URL.
   */
  constructor(
    private readonly url: string,
    private readonly serviceUrl: string = SERVICE_URL,
    private readonly authorization?: () => string,
  ) {}

  async send(activity: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Response> {
    return fetch(`${this.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.authorization ? { authorization: this.authorization() } : {}), ...headers },
      body: JSON.stringify(activity),
    });
  }

  /** A recorded-shape activity from test/fixtures/teams/events, sent through this client's connector. */
  fixture(name: string, over: Record<string, unknown> = {}): Record<string, unknown> {
    return { ...fixture(`teams/events/${name}.json`), serviceUrl: this.serviceUrl, ...over };
  }

  /** A message in the team channel, mentioning the bot first. */
  channelMessage(from: TeamsUser, text: string, mentions: TeamsUser[] = [], locale = 'en-US'): Record<string, unknown> {
    const base = fixture('teams/message-channel.json') as Record<string, unknown> & { entities: unknown[] };
    const id = nextId();
    return {
      ...base,
      id,
      serviceUrl: this.serviceUrl,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${CHANNEL};messageid=${id}` },
      text: `<at>Charter</at> ${text}`,
      entities: [...base.entities, ...mentions.map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name } }))],
      locale,
    };
  }

  /**
   * A channel post that does not mention Charter (delivered with RSC), in the
   * recorded shape, with extra mention entities (people, the team, the channel).
   */
  channelPost(from: TeamsUser, text: string, options: { channel?: string; mentions?: { id: string; name: string; type?: string }[]; locale?: string } = {}): Record<string, unknown> {
    const base = fixture('teams/events/message-channel-rsc.json') as Record<string, unknown> & { entities: unknown[]; channelData: Record<string, unknown> };
    const id = nextId();
    const channel = options.channel ?? CHANNEL;
    return {
      ...base,
      id,
      serviceUrl: this.serviceUrl,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: `${channel};messageid=${id}` },
      text,
      attachments: [{ contentType: 'text/html', content: `<p>${text}</p>` }],
      entities: [...base.entities, ...(options.mentions ?? []).map((m) => ({ type: 'mention', text: `<at>${m.name}</at>`, mentioned: { id: m.id, name: m.name, ...(m.type !== undefined ? { type: m.type } : {}) } }))],
      channelData: { ...base.channelData, teamsChannelId: channel, channel: { id: channel } },
      locale: options.locale ?? 'en-US',
    };
  }

  /**
   * A dialog (task module) invoke: `task/fetch` when a card's Action.Submit with
   * `msteams.type: task/fetch` is clicked, `task/submit` when the dialog's card is
   * sent; `data` is the action's data with the inputs merged beside it.
   */
  dialog(from: TeamsUser, name: 'task/fetch' | 'task/submit', data: Record<string, unknown>, conversation: string, locale = 'en-US'): Record<string, unknown> {
    const base = fixture('teams/invoke-action.json');
    return {
      ...base,
      name,
      id: `f:${nextId()}`,
      serviceUrl: this.serviceUrl,
      from: { id: from.id, name: from.name, aadObjectId: from.aadObjectId },
      conversation: conversation.startsWith('19:') ? { isGroup: true, conversationType: 'channel', tenantId: TENANT, id: conversation } : { conversationType: 'personal', tenantId: TENANT, id: conversation },
      value: { data, context: { theme: 'default' } },
      locale,
    };
  }

  personalMessage(from: TeamsUser, text: string, locale = 'en-US'): Record<string, unknown> {
    const base = fixture('teams/message-personal.json');
    return {
      ...base,
      id: nextId(),
      serviceUrl: this.serviceUrl,
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
      serviceUrl: this.serviceUrl,
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
