// Microsoft Graph as Charter calls it, for end-to-end tests: reached through nock at
// the real Graph host. It keeps teams' and chats' memberships, the channels Charter
// creates and archives, and the directory's users, and records every request (the
// method, the path as sent, the query and the body) so a test can check each call
// and that it happened once. `failNext` answers the next matching request with an
// error instead.
import nock from 'nock';

export const GRAPH_HOST = 'https://graph.microsoft.com';
/** What the Graph token endpoint answers for the Graph scope (test/support/botframework.ts). */
export const GRAPH_TOKEN = 'graph-access-token-e2e';

export interface GraphCall {
  method: 'GET' | 'POST' | 'DELETE';
  /** After `/v1.0/`, percent-encoded as sent. */
  path: string;
  /** The query string, decoded. */
  query: Record<string, string>;
  body: unknown;
  authorization: string;
}

export interface GraphUserRecord {
  id: string;
  displayName: string;
  mail: string | null;
  jobTitle?: string | null;
  department?: string | null;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
}

interface Membership {
  id: string;
  userId: string;
}

interface Failure {
  method: GraphCall['method'];
  path: RegExp;
  status: number;
  code: string;
  message: string;
}

type Reply = [number, unknown];

function parsed(body: unknown): unknown {
  if (typeof body !== 'string') return body;
  if (body === '') return null;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return body;
  }
}

export class FakeGraph {
  readonly calls: GraphCall[] = [];
  /** A team's Entra group id → its memberships. */
  readonly teamMembers = new Map<string, Membership[]>();
  /** A group chat's id → its memberships. */
  readonly chatMembers = new Map<string, Membership[]>();
  /** A team's Entra group id → the channels created through Graph. */
  readonly channels = new Map<string, { id: string; displayName: string; description: string; archived: boolean; createdDateTime?: string }[]>();
  /** Requests (method and path) carried out whose answer is lost (a 504 comes back instead), once each. */
  private readonly lost: { method: GraphCall['method']; path: RegExp }[] = [];
  readonly users = new Map<string, GraphUserRecord>();
  private readonly failures: Failure[] = [];
  private seq = 0;

  install(): void {
    const scope = nock(GRAPH_HOST).persist();
    const handle = (method: GraphCall['method'], uri: string, body: unknown, ctx: nock.ReplyFnContext) => this.handle(method, uri, body, String(ctx.req.headers['authorization'] ?? ''));
    for (const method of ['GET', 'POST', 'DELETE'] as const) {
      scope.intercept(/^\/v1\.0\//, method).reply(function (uri, body) {
        return handle(method, uri, body, this);
      });
    }
  }

  /** The next request of this method whose path matches is carried out, but its answer is lost: a 504 comes back (once). */
  loseNext(method: GraphCall['method'], path: RegExp): void {
    this.lost.push({ method, path });
  }

  /** The next request of this method whose path matches is answered with this error (once). */
  failNext(method: GraphCall['method'], path: RegExp, status: number, code: string, message = code): void {
    this.failures.push({ method, path, status, code, message });
  }

  addUser(user: GraphUserRecord): void {
    this.users.set(user.id.toLowerCase(), user);
  }

  joinTeam(team: string, userId: string, membershipId = `MT-${userId}`): void {
    this.teamMembers.set(team, [...(this.teamMembers.get(team) ?? []), { id: membershipId, userId }]);
  }

  joinChat(chat: string, userId: string, membershipId = `MC-${userId}`): void {
    this.chatMembers.set(chat, [...(this.chatMembers.get(chat) ?? []), { id: membershipId, userId }]);
  }

  /** Calls of one method whose path (as sent) matches. */
  of(method: GraphCall['method'], path: RegExp): GraphCall[] {
    return this.calls.filter((c) => c.method === method && path.test(c.path));
  }

  private handle(method: GraphCall['method'], uri: string, body: unknown, authorization: string): Reply {
    const url = new URL(uri, GRAPH_HOST);
    const path = url.pathname.replace(/^\/v1\.0\//, '');
    const query = Object.fromEntries(url.searchParams.entries());
    this.calls.push({ method, path, query, body: parsed(body), authorization });
    const failure = this.failures.findIndex((f) => f.method === method && f.path.test(path));
    if (failure >= 0) {
      const [f] = this.failures.splice(failure, 1);
      return [f!.status, { error: { code: f!.code, message: f!.message, innerError: { 'request-id': 'e2e' } } }];
    }
    const lost = this.lost.findIndex((l) => l.method === method && l.path.test(path));
    if (lost >= 0) {
      this.lost.splice(lost, 1);
      this.route(method, path, query, body);
      return [504, { error: { code: 'GatewayTimeout', message: 'the answer was lost' } }];
    }
    return this.route(method, path, query, body);
  }

  private route(method: GraphCall['method'], path: string, query: Record<string, string>, body: unknown): Reply {
    const parts = path.split('/').map(decodeURIComponent);
    const [root, id, sub, subId, action] = parts;
    if (root === 'users' && method === 'GET' && id !== undefined && sub === undefined) return this.user(id);
    if (root === 'teams' && id !== undefined && sub === 'channels') {
      if (method === 'POST' && subId === undefined) return this.createChannel(id, body);
      if (method === 'GET' && subId === undefined) return this.listChannels(id, query['$filter']);
      if (method === 'POST' && subId !== undefined && action === 'archive') return this.archiveChannel(id, subId);
    }
    if ((root === 'teams' || root === 'chats') && id !== undefined && sub === 'members') {
      const table = root === 'teams' ? this.teamMembers : this.chatMembers;
      if (method === 'GET' && subId === undefined) return this.listMembers(table, id, query['$filter']);
      if (method === 'DELETE' && subId !== undefined) return this.removeMember(table, id, subId);
      if (method === 'POST' && subId === undefined) return this.addMember(root === 'teams' ? this.teamMembers : this.chatMembers, id, body);
    }
    return [404, { error: { code: 'NotFound', message: `no route for ${method} ${path}` } }];
  }

  private user(id: string): Reply {
    const u = this.users.get(id.toLowerCase());
    if (u === undefined) return [404, { error: { code: 'Request_ResourceNotFound', message: 'not found' } }];
    return [200, { jobTitle: null, department: null, accountEnabled: true, userType: 'Member', preferredLanguage: null, ...u }];
  }

  private createChannel(team: string, body: unknown): Reply {
    const b = parsed(body) as { displayName?: string; description?: string };
    // Channel names are unique in a team, in any case (archived ones too).
    if ((this.channels.get(team) ?? []).some((c) => c.displayName.toLowerCase() === (b.displayName ?? '').toLowerCase())) {
      return [409, { error: { code: 'NameAlreadyExists', message: 'Channel name already existed, please use other name.' } }];
    }
    this.seq += 1;
    const channel = { id: `19:graph${this.seq}@thread.tacv2`, displayName: b.displayName ?? '', description: b.description ?? '', archived: false, createdDateTime: new Date().toISOString() };
    this.channels.set(team, [...(this.channels.get(team) ?? []), channel]);
    return [201, { id: channel.id, displayName: channel.displayName, description: channel.description, membershipType: 'standard', createdDateTime: channel.createdDateTime }];
  }

  private listChannels(team: string, filter: string | undefined): Reply {
    const wanted = filter === undefined ? null : (/^displayName eq '((?:[^']|'')*)'$/.exec(filter)?.[1]?.replace(/''/g, "'") ?? null);
    const value = (this.channels.get(team) ?? []).filter((c) => wanted === null || c.displayName === wanted);
    return [200, { value: value.map((c) => ({ id: c.id, displayName: c.displayName, description: c.description, membershipType: 'standard', createdDateTime: c.createdDateTime ?? '2026-01-01T00:00:00Z' })) }];
  }

  private archiveChannel(team: string, channelId: string): Reply {
    const channel = this.channels.get(team)?.find((c) => c.id === channelId);
    if (channel !== undefined) channel.archived = true;
    // Graph accepts and finishes later: 202 with a Location to poll, no body.
    return [202, ''];
  }

  private listMembers(table: Map<string, Membership[]>, id: string, filter: string | undefined): Reply {
    const wanted = filter === undefined ? null : (/userId eq '([^']+)'/.exec(filter)?.[1] ?? null);
    const all = table.get(id) ?? [];
    const value = all.filter((m) => wanted === null || m.userId.toLowerCase() === wanted.toLowerCase());
    return [200, { value: value.map((m) => ({ '@odata.type': '#microsoft.graph.aadUserConversationMember', id: m.id, userId: m.userId, roles: [], displayName: this.users.get(m.userId)?.displayName ?? null })) }];
  }

  private removeMember(table: Map<string, Membership[]>, id: string, membershipId: string): Reply {
    const all = table.get(id) ?? [];
    if (!all.some((m) => m.id === membershipId)) return [404, { error: { code: 'NotFound', message: 'membership not found' } }];
    table.set(id, all.filter((m) => m.id !== membershipId));
    return [204, ''];
  }

  private addMember(table: Map<string, Membership[]>, id: string, body: unknown): Reply {
    const bind = String((parsed(body) as Record<string, unknown>)['user@odata.bind'] ?? '');
    const userId = /users\('([^']+)'\)/.exec(bind)?.[1] ?? '';
    const all = table.get(id) ?? [];
    if (all.some((m) => m.userId === userId)) return [409, { error: { code: 'Conflict', message: 'already a member' } }];
    this.seq += 1;
    table.set(id, [...all, { id: `M${this.seq}`, userId }]);
    return [201, { id: `M${this.seq}`, userId }];
  }
}
