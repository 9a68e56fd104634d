// Slack on both sides of Charter for end-to-end tests: SlackClient sends signed
// requests into the running server the way Slack does; FakeSlack answers the Web
// API and response_url calls Charter makes (through nock), holding users,
// channels and messages in memory and recording every call.
import { readFileSync } from 'node:fs';
import nock from 'nock';
import { signSlackRequest } from '../../adapters/slack/verify.js';
import type { Clock } from '../../src/core/ports.js';

export const SIGNING_SECRET = 'e2e-signing-secret';
export const SLACK_API = 'https://slack.test';
export const HOOKS = 'https://hooks.slack.test';

/** A Slack Events API fixture (test/fixtures/slack/events), with fields of the envelope or the event replaced. */
export function eventFixture(name: string, event: Record<string, unknown> = {}, envelope: Record<string, unknown> = {}): Record<string, unknown> {
  const body = fixture<Record<string, unknown> & { event: Record<string, unknown> }>(`slack/events/${name}.json`);
  return { ...body, ...envelope, event: { ...body.event, ...event } };
}

export function fixture<T = Record<string, unknown>>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8')) as T;
}

export interface SlackUser {
  id: string;
  name: string;
  real_name: string;
  locale?: string;
  title?: string;
  email?: string;
  deleted?: boolean;
  is_restricted?: boolean;
}

export interface ApiCall {
  method: string;
  body: Record<string, unknown>;
  /** The token the call was made with. */
  token: string;
}

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: { url: string; body: Record<string, unknown> }[] = [];
  readonly users = new Map<string, SlackUser>();
  readonly channels = new Map<string, { name: string; members: Set<string>; private?: boolean; archived?: boolean; creator?: string; created?: number }>();
  readonly messages = new Map<string, { channel: string; text: string; blocks: unknown[] }>();
  /** Every chat.postMessage in order, with the blocks as first posted. */
  readonly posts: { channel: string; ts: string; blocks: unknown[] }[] = [];
  /** `channel/ts` of every message deleted. */
  readonly deleted: string[] = [];
  /** Files people uploaded (file_input), by id: what files.info and files.slack.com answer. */
  readonly uploads = new Map<string, { name: string; content: string; url?: string }>();
  /** Method → Slack error code to answer with, once. */
  readonly failNext = new Map<string, string>();
  /** Methods whose next call is carried out but whose answer is lost (a 503 comes back instead), once. */
  readonly loseNext = new Set<string>();
  private ts = 1700000000;

  install(): void {
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- nock gives the request as `this`
    const fake = this;
    nock(SLACK_API)
      .persist()
      .post(/^\/api\/.+/)
      .reply(function (uri, body) {
        const method = uri.replace('/api/', '');
        const parsed = (typeof body === 'string' ? Object.fromEntries(new URLSearchParams(body)) : body) as Record<string, unknown>;
        const token = String(this.req.headers['authorization'] ?? '').replace(/^Bearer /, '');
        fake.calls.push({ method, body: parsed, token });
        const answer = fake.answer(method, parsed, token);
        return fake.loseNext.delete(method) ? [503, 'upstream connect error'] : [200, answer];
      });
    nock('https://files.slack.com')
      .persist()
      .get(/^\/files-pri\/.+/)
      .reply(function (uri) {
        // Downloads need the bot token, as on Slack.
        if (String(this.req.headers['authorization'] ?? '') !== 'Bearer xoxb-e2e-token') return [403, 'forbidden'];
        const id = /^\/files-pri\/T0001-([^/]+)\//.exec(uri)?.[1] ?? '';
        const upload = fake.uploads.get(id);
        return upload === undefined ? [404, 'not found'] : [200, upload.content, { 'content-type': 'text/csv' }];
      });
    nock(HOOKS)
      .persist()
      .post(/.*/)
      .reply((uri, body) => {
        this.responses.push({ url: `${HOOKS}${uri}`, body: body as Record<string, unknown> });
        return [200, 'ok'];
      });
  }

  of(method: string): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.body);
  }

  private answer(method: string, body: Record<string, unknown>, token: string): Record<string, unknown> {
    const failure = this.failNext.get(method);
    if (failure !== undefined) {
      this.failNext.delete(method);
      return { ok: false, error: failure };
    }
    switch (method) {
      case 'auth.test':
        return { ok: true, user_id: 'U0BOT', bot_id: 'B0BOT', team_id: 'T0001' };
      case 'users.info': {
        const u = this.users.get(String(body['user']));
        if (u === undefined) return { ok: false, error: 'user_not_found' };
        return {
          ok: true,
          user: {
            id: u.id,
            name: u.name,
            real_name: u.real_name,
            deleted: u.deleted ?? false,
            is_restricted: u.is_restricted ?? false,
            is_ultra_restricted: false,
            locale: u.locale ?? 'en-US',
            profile: { real_name: u.real_name, display_name: u.name, title: u.title ?? '', ...(u.email !== undefined ? { email: u.email } : {}) },
          },
        };
      }
      case 'conversations.info': {
        const c = this.channels.get(String(body['channel']));
        return c === undefined ? { ok: false, error: 'channel_not_found' } : { ok: true, channel: { id: body['channel'], name: c.name, is_private: c.private ?? false, is_mpim: false } };
      }
      case 'conversations.members': {
        const c = this.channels.get(String(body['channel']));
        return c === undefined ? { ok: false, error: 'channel_not_found' } : { ok: true, members: [...c.members], response_metadata: { next_cursor: '' } };
      }
      case 'conversations.invite': {
        const c = this.channels.get(String(body['channel']));
        if (c === undefined) return { ok: false, error: 'channel_not_found' };
        const user = String(body['users']);
        if (c.members.has(user)) return { ok: false, error: 'already_in_channel' };
        c.members.add(user);
        return { ok: true, channel: { id: body['channel'] } };
      }
      case 'chat.postMessage': {
        this.ts += 1;
        const target = String(body['channel']);
        const channel = target.startsWith('U') ? `D${target.slice(1)}` : target;
        const ts = `${this.ts}.000100`;
        const blocks = JSON.parse(String(body['blocks'] ?? '[]')) as unknown[];
        this.messages.set(`${channel}/${ts}`, { channel, text: String(body['text']), blocks });
        this.posts.push({ channel, ts, blocks });
        return { ok: true, channel, ts, message: { ts } };
      }
      case 'chat.update': {
        const key = `${String(body['channel'])}/${String(body['ts'])}`;
        if (!this.messages.has(key)) return { ok: false, error: 'message_not_found' };
        this.messages.set(key, { channel: String(body['channel']), text: String(body['text']), blocks: JSON.parse(String(body['blocks'] ?? '[]')) as unknown[] });
        return { ok: true, channel: body['channel'], ts: body['ts'] };
      }
      case 'users.conversations': {
        // The channels the user is in (that the bot can see: here, every channel it knows).
        const user = String(body['user']);
        return { ok: true, channels: [...this.channels].filter(([, c]) => c.members.has(user)).map(([id, c]) => ({ id, name: c.name })), response_metadata: { next_cursor: '' } };
      }
      case 'conversations.create': {
        // Slack's rules: lower case, no spaces, at most 80; the creator (the bot) is a member.
        const name = String(body['name']);
        if (!/^[a-z0-9][a-z0-9_-]{0,79}$/.test(name)) return { ok: false, error: 'invalid_name_specials' };
        if ([...this.channels.values()].some((c) => c.name === name)) return { ok: false, error: 'name_taken' };
        const id = `C0NEW${this.channels.size + 1}`;
        this.channels.set(id, { name, members: new Set(['U0BOT']), creator: 'U0BOT', created: Math.floor(Date.now() / 1000) });
        return { ok: true, channel: { id, name, is_private: body['is_private'] === true || body['is_private'] === 'true' } };
      }
      case 'conversations.list': {
        // One page, as a small workspace answers: public, unarchived channels with their creator.
        const channels = [...this.channels.entries()]
          .filter(([, c]) => c.private !== true && c.archived !== true)
          .map(([id, c]) => ({ id, name: c.name, is_channel: true, is_private: false, is_archived: false, creator: c.creator ?? 'U0ADA', created: c.created ?? 1700000000 }));
        return { ok: true, channels, response_metadata: { next_cursor: '' } };
      }
      case 'conversations.archive': {
        const c = this.channels.get(String(body['channel']));
        if (c === undefined) return { ok: false, error: 'channel_not_found' };
        if (c.archived === true) return { ok: false, error: 'already_archived' };
        c.archived = true;
        return { ok: true };
      }
      case 'conversations.kick': {
        const c = this.channels.get(String(body['channel']));
        if (c === undefined) return { ok: false, error: 'channel_not_found' };
        return c.members.delete(String(body['user'])) ? { ok: true } : { ok: false, error: 'not_in_channel' };
      }
      case 'chat.delete': {
        // A bot token deletes only the bot's own messages; an admin's user token deletes anyone's.
        const key = `${String(body['channel'])}/${String(body['ts'])}`;
        const own = this.messages.has(key);
        if (!token.startsWith('xoxp-') && !own) return { ok: false, error: 'cant_delete_message' };
        this.messages.delete(key);
        this.deleted.push(key);
        return { ok: true, channel: body['channel'], ts: body['ts'] };
      }
      case 'files.info': {
        const id = String(body['file']);
        const upload = this.uploads.get(id);
        if (upload === undefined) return { ok: false, error: 'file_not_found' };
        const url = upload.url ?? `https://files.slack.com/files-pri/T0001-${id}/download/${encodeURIComponent(upload.name)}`;
        return { ok: true, file: { id, name: upload.name, size: Buffer.byteLength(upload.content), mimetype: 'text/csv', url_private: url, url_private_download: url } };
      }
      case 'chat.getPermalink':
        return { ok: true, channel: body['channel'], permalink: `https://acme.slack.com/archives/${String(body['channel'])}/p${String(body['message_ts']).replace('.', '')}` };
      case 'chat.postEphemeral':
        this.ts += 1;
        return { ok: true, message_ts: `${this.ts}.000200` };
      case 'views.open':
        return { ok: true, view: { id: 'V0DENY' } };
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }
}

export interface SendOptions {
  /** Seconds since the epoch written into the signature; defaults to now. */
  timestamp?: number;
  sign?: boolean;
  headers?: Record<string, string>;
}

export class SlackClient {
  /** `clock`: the one Charter runs on, when a test sets it (signatures are checked against it). */
  constructor(
    private readonly url: string,
    private readonly clock: Clock = { now: () => new Date() },
  ) {}

  async post(body: string, contentType: string, options: SendOptions = {}): Promise<Response> {
    const ts = options.timestamp ?? Math.floor(this.clock.now().getTime() / 1000);
    const headers: Record<string, string> = { 'content-type': contentType, ...options.headers };
    if (options.sign !== false) {
      headers['x-slack-request-timestamp'] = String(ts);
      headers['x-slack-signature'] = signSlackRequest(SIGNING_SECRET, ts, body);
    }
    return fetch(`${this.url}/slack/events`, { method: 'POST', headers, body });
  }

  command(fields: Record<string, string>, options?: SendOptions): Promise<Response> {
    const body = new URLSearchParams({ ...fixture<Record<string, string>>('slack/slash-command.json'), ...fields }).toString();
    return this.post(body, 'application/x-www-form-urlencoded', options);
  }

  interact(payload: Record<string, unknown>, options?: SendOptions): Promise<Response> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), 'application/x-www-form-urlencoded', options);
  }

  event(payload: Record<string, unknown>, options?: SendOptions): Promise<Response> {
    return this.post(JSON.stringify(payload), 'application/json', options);
  }
}

let triggers = 0;
export function newTrigger(): string {
  triggers += 1;
  return `${1000 + triggers}.${Date.now()}.t${triggers}`;
}

export function blockAction(user: SlackUser, actionId: string, requestId: string, container: { channel: string; ts: string }): Record<string, unknown> {
  const base = fixture('slack/block-actions.json') as Record<string, unknown> & { actions: Record<string, unknown>[] };
  return {
    ...base,
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T0001' },
    trigger_id: newTrigger(),
    container: { type: 'message', message_ts: container.ts, channel_id: container.channel, is_ephemeral: false },
    channel: { id: container.channel, name: 'directmessage' },
    actions: [{ ...base.actions[0], action_id: actionId, value: requestId, action_ts: `${Date.now() / 1000}` }],
    response_url: `https://hooks.slack.test/actions/T0001/${Math.random().toString(36).slice(2)}`,
  };
}

export function viewSubmission(user: SlackUser, privateMetadata: string, reason: string): Record<string, unknown> {
  const base = fixture('slack/view-submission.json') as Record<string, unknown> & { view: Record<string, unknown> };
  return {
    ...base,
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T0001' },
    trigger_id: newTrigger(),
    view: { ...base.view, private_metadata: privateMetadata, state: { values: { reason: { reason: { type: 'plain_text_input', value: reason } } } } },
  };
}

/** A modal's view as Charter opened it (views.open's `view`, sent as JSON). */
export interface OpenedView {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: { type: string; block_id?: string; label?: { text: string }; element?: { type: string; action_id: string; timezone?: string; initial_date?: string; initial_time?: string } }[];
}

/**
 * The view_submission Slack sends for a modal Charter opened, with what the
 * person picked: text inputs give `value`, pickers `selected_date`,
 * `selected_time`, `selected_user`, a select `selected_option` (as in Slack's recorded payloads).
 */
export function formSubmission(user: SlackUser, view: OpenedView, picked: Record<string, string | null>): Record<string, unknown> {
  const base = fixture('slack/view-submission.json') as Record<string, unknown> & { view: Record<string, unknown> };
  const values: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const block of view.blocks) {
    if (block.type !== 'input' || block.element === undefined || block.block_id === undefined) continue;
    const e = block.element;
    const v = picked[block.block_id] ?? null;
    const state =
      e.type === 'datepicker'
        ? { type: e.type, selected_date: v }
        : e.type === 'timepicker'
          ? { type: e.type, selected_time: v, ...(e.timezone !== undefined ? { timezone: e.timezone } : {}) }
          : e.type === 'users_select'
            ? { type: e.type, selected_user: v }
            : e.type === 'file_input'
              ? { type: e.type, files: v === null ? [] : [{ id: v, name: `${v}.csv`, filetype: 'csv' }] }
              : e.type === 'static_select'
                ? { type: e.type, selected_option: v === null ? null : { text: { type: 'plain_text', text: v, emoji: true }, value: v } }
                : { type: e.type, value: v };
    values[block.block_id] = { [e.action_id]: state };
  }
  return {
    ...base,
    user: { id: user.id, username: user.name, name: user.name, team_id: 'T0001' },
    trigger_id: newTrigger(),
    view: { ...base.view, callback_id: view.callback_id, private_metadata: view.private_metadata, title: view.title, state: { values } },
  };
}
