// Microsoft Graph, where configured (MICROSOFT_GRAPH_ENABLED): app-only token by
// client credentials, adding and removing members of teams and group chats,
// creating and archiving channels, reading profiles.
import type { GraphConfig } from '../../src/config.js';

export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
  ) {
    super(`graph ${status} ${code}`);
    this.name = 'GraphError';
  }
}

export interface GraphUser {
  id: string;
  displayName?: string | null;
  jobTitle?: string | null;
  department?: string | null;
  mail?: string | null;
  accountEnabled?: boolean | null;
  userType?: string | null;
  preferredLanguage?: string | null;
}

const TOKEN_MARGIN_MS = 60_000;
/** A Graph call that has not answered in this long is given up (and retried by its job); a hung call would hold an offboarding. */
const GRAPH_TIMEOUT_MS = 15_000;

export class GraphClient {
  private token: { value: string; expires: number } | null = null;

  constructor(
    private readonly config: GraphConfig,
    private readonly now: () => number = Date.now,
    private readonly timeoutMs: number = GRAPH_TIMEOUT_MS,
  ) {}

  private async accessToken(): Promise<string> {
    if (this.token !== null && this.token.expires > this.now()) return this.token.value;
    const res = await fetch(new URL(`${encodeURIComponent(this.config.tenantId)}/oauth2/v2.0/token`, this.config.loginUrl), {
      method: 'POST',
      redirect: 'error',
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        client_id: this.config.clientId,
        client_secret: this.config.clientSecret.reveal(),
        scope: 'https://graph.microsoft.com/.default',
        grant_type: 'client_credentials',
      }),
    });
    if (!res.ok) throw new GraphError(res.status, 'token_request_failed');
    const body = (await res.json()) as { access_token?: string; expires_in?: number };
    if (typeof body.access_token !== 'string') throw new GraphError(res.status, 'no_access_token');
    this.token = { value: body.access_token, expires: this.now() + (body.expires_in ?? 3600) * 1000 - TOKEN_MARGIN_MS };
    return body.access_token;
  }

  private async request(method: 'GET' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const res = await fetch(new URL(path, this.config.apiUrl), {
      method,
      redirect: 'error',
      signal: AbortSignal.timeout(this.timeoutMs),
      headers: {
        authorization: `Bearer ${await this.accessToken()}`,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) {
      const err = (await res.json().catch(() => ({}))) as { error?: { code?: string } };
      throw new GraphError(res.status, err.error?.code ?? 'error');
    }
    if (res.status === 204 || res.status === 202) return null; // 202: accepted, carried out later (archive)
    return res.json();
  }

  private member(userAadId: string) {
    return {
      '@odata.type': '#microsoft.graph.aadUserConversationMember',
      roles: [],
      'user@odata.bind': `https://graph.microsoft.com/v1.0/users('${encodeURIComponent(userAadId)}')`,
    };
  }

  async addTeamMember(teamAadGroupId: string, userAadId: string): Promise<void> {
    await this.request('POST', `teams/${encodeURIComponent(teamAadGroupId)}/members`, this.member(userAadId));
  }

  async addChatMember(chatId: string, userAadId: string): Promise<void> {
    await this.request('POST', `chats/${encodeURIComponent(chatId)}/members`, this.member(userAadId));
  }

  /** The membership id of a user in a team or chat; null when they are not a member. */
  private async membershipOf(path: string, userAadId: string): Promise<string | null> {
    const list = (await this.request('GET', path)) as { value?: { id?: string; userId?: string | null }[] } | null;
    const found = (list?.value ?? []).find((m) => (m.userId ?? '').toLowerCase() === userAadId.toLowerCase());
    return found?.id ?? null;
  }

  /** False when the user was not a member. */
  async removeTeamMember(teamAadGroupId: string, userAadId: string): Promise<boolean> {
    const team = `teams/${encodeURIComponent(teamAadGroupId)}/members`;
    const filter = encodeURIComponent(`(microsoft.graph.aadUserConversationMember/userId eq '${userAadId.replace(/'/g, "''")}')`);
    const id = await this.membershipOf(`${team}?$filter=${filter}`, userAadId);
    if (id === null) return false;
    await this.request('DELETE', `${team}/${encodeURIComponent(id)}`);
    return true;
  }

  /** False when the user was not a member. */
  async removeChatMember(chatId: string, userAadId: string): Promise<boolean> {
    const chat = `chats/${encodeURIComponent(chatId)}/members`;
    const id = await this.membershipOf(chat, userAadId);
    if (id === null) return false;
    await this.request('DELETE', `${chat}/${encodeURIComponent(id)}`);
    return true;
  }

  /** A standard channel in a team (Channel.Create); answers its id (`19:…@thread.tacv2`) and name. */
  async createChannel(teamAadGroupId: string, displayName: string, description: string): Promise<{ id: string; displayName: string }> {
    const body = { displayName, description, membershipType: 'standard' };
    const created = (await this.request('POST', `teams/${encodeURIComponent(teamAadGroupId)}/channels`, body)) as { id?: unknown; displayName?: unknown } | null;
    if (typeof created?.id !== 'string') throw new GraphError(502, 'no_channel_id');
    return { id: created.id, displayName: typeof created.displayName === 'string' ? created.displayName : displayName };
  }

  /** A team's channel of this display name (Channel.ReadBasic.All), with what Charter compares before taking it over; null when there is none. */
  async findChannel(teamAadGroupId: string, displayName: string): Promise<{ id: string; displayName: string; description: string | null; createdAt: Date | null } | null> {
    const filter = `displayName eq '${displayName.replace(/'/g, "''")}'`;
    const res = (await this.request('GET', `teams/${encodeURIComponent(teamAadGroupId)}/channels?$filter=${encodeURIComponent(filter)}`)) as { value?: { id?: unknown; displayName?: unknown; description?: unknown; createdDateTime?: unknown }[] } | null;
    const found = (res?.value ?? []).find((c) => c.displayName === displayName && typeof c.id === 'string');
    if (found === undefined) return null;
    const created = typeof found.createdDateTime === 'string' ? new Date(found.createdDateTime) : null;
    return { id: found.id as string, displayName, description: typeof found.description === 'string' ? found.description : null, createdAt: created !== null && !Number.isNaN(created.getTime()) ? created : null };
  }

  /** Archives a team's channel (ChannelSettings.ReadWrite.All); Graph finishes it asynchronously. */
  async archiveChannel(teamAadGroupId: string, channelId: string): Promise<void> {
    await this.request('POST', `teams/${encodeURIComponent(teamAadGroupId)}/channels/${encodeURIComponent(channelId)}/archive`, {});
  }

  async getUser(userAadId: string): Promise<GraphUser> {
    const select = 'id,displayName,jobTitle,department,mail,accountEnabled,userType,preferredLanguage';
    return (await this.request('GET', `users/${encodeURIComponent(userAadId)}?$select=${select}`)) as GraphUser;
  }
}
