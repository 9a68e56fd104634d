// Bot Framework activities as the core's platform events. With resource-specific
// consent (ChannelMessage.Read.Group, ChatMessage.Read.Chat) Teams sends Charter
// every message where it is installed: a message in a 1:1 chat or one that
// mentions Charter is a command; every other message is a message event for the
// pipeline, never parsed as a command. messageUpdate / messageDelete are edits and
// deletions; conversationUpdate carries joins, leaves and channel renames.
import type { Activity } from 'botbuilder';
import type { Broadcast, FileInput, MembershipEvent, MessageEvent, PlatformEvent, UserInput } from '../../src/core/inputs.js';
import { matchLocale } from '../../src/core/locale.js';
import { clientTimezone, conversationIdOf, tenantOf } from './activity.js';

interface ChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
  eventType?: string;
}

interface Mentioned {
  type: string;
  mentioned?: { id?: string | null; name?: string | null; type?: string | null } | null;
}

/**
 * A tag mention (a named set of people) says `mentioned.type: "tag"`, as in the
 * shape bots send tag mentions in. Inferred: no recorded incoming payload was
 * found (test/fixtures/teams/events/README.md); a mention without it is a person.
 */
function isTag(m: NonNullable<Mentioned['mentioned']>): boolean {
  return m.type === 'tag';
}

function channelData(a: Partial<Activity>): ChannelData {
  return (a.channelData ?? {}) as ChannelData;
}

/** A 1:1 chat, or a message that mentions Charter. */
export function isAddressedToCharter(a: Partial<Activity>): boolean {
  if (a.conversation?.conversationType === 'personal' || a.conversation?.conversationType === undefined) return true;
  const bot = a.recipient?.id;
  return ((a.entities ?? []) as Mentioned[]).some((e) => e.type === 'mention' && e.mentioned?.id === bot);
}

/** The targets of a message's HTML anchors (`<a href="…">label</a>`): the text keeps only the labels. */
function hrefsOf(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\s[^<>]*?href\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'<>]+))[^<>]*>/gi)) {
    const href = decodeEntities(m[1] ?? m[2] ?? m[3] ?? '').trim();
    if (href !== '' && out.length < 50) out.push(href.slice(0, 2000));
  }
  return out;
}

function decodeHtml(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div)>/gi, '\n')
    .replace(/<[^<>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#(x[0-9a-f]{1,6}|\d{1,7});/gi, numericEntity)
    .replace(/&amp;/g, '&')
    .trim();
}

/** `&#21152;` / `&#x52a0;` → the character (a message written as character references is still read). */
function numericEntity(m: string, ref: string): string {
  const cp = ref[0] === 'x' || ref[0] === 'X' ? parseInt(ref.slice(1), 16) : parseInt(ref, 10);
  return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : m;
}

function decodeEntities(s: string): string {
  return s.replace(/&#(x[0-9a-f]{1,6}|\d{1,7});/gi, numericEntity).replace(/&amp;/g, '&');
}

function author(a: Partial<Activity>): UserInput & { isBot: boolean } {
  const from = a.from ?? { id: 'unknown', name: '' };
  return {
    platformUserId: (from.aadObjectId ?? from.id).toLowerCase(),
    address: from.id,
    displayName: from.name || from.id,
    timezone: clientTimezone(a),
    isBot: from.role === 'bot' || from.id.startsWith('28:'),
  };
}

function mentionsOf(a: Partial<Activity>, text: string): MessageEvent['mentions'] {
  const cd = channelData(a);
  const users = new Set<string>();
  const broadcast = new Set<Broadcast>();
  const conversation = conversationIdOf(a);
  for (const e of (a.entities ?? []) as Mentioned[]) {
    const id = e.mentioned?.id;
    if (e.type !== 'mention' || typeof id !== 'string' || id === a.recipient?.id) continue;
    if (id === cd.team?.id) broadcast.add('team');
    else if (id === cd.channel?.id || id === conversation) broadcast.add(a.conversation?.conversationType === 'groupChat' ? 'all' : 'channel');
    else if (isTag(e.mentioned as NonNullable<Mentioned['mentioned']>)) broadcast.add('tag');
    else users.add(id);
  }
  if (/(^|\s)@(所有人|all|everyone)(\s|$)/i.test(text)) broadcast.add('all');
  return { users: [...users], broadcast: [...broadcast] };
}

function filesOf(a: Partial<Activity>, html: string): FileInput[] {
  const out: FileInput[] = [];
  // A channel message carries its files as <attachment id="…"> in its HTML (details through Graph).
  for (const m of html.matchAll(/<attachment id="([^"]{1,200})"/g)) out.push({ id: m[1] as string, name: 'file', mimeType: null, size: null });
  for (const att of a.attachments ?? []) {
    if (att.contentType === 'application/vnd.microsoft.teams.file.download.info' || att.contentType === 'reference') {
      const content = (att.content ?? {}) as { uniqueId?: string; fileType?: string };
      out.push({ id: content.uniqueId ?? att.contentUrl ?? att.name ?? 'file', name: att.name ?? 'file', mimeType: content.fileType ?? null, size: null });
    }
  }
  return out;
}

/** A channel thread reply carries its root in the conversation id (`;messageid=`). */
function threadOf(a: Partial<Activity>, messageId: string): string | null {
  const root = /;messageid=(\d+)/.exec(a.conversation?.id ?? '')?.[1] ?? a.replyToId ?? null;
  return root !== null && root !== messageId ? root : null;
}

/** The activity's time; now when it is missing or not a plausible date. */
function at(a: Partial<Activity>): Date {
  const t = a.timestamp === undefined ? NaN : new Date(a.timestamp as unknown as string).getTime();
  const plausible = Number.isFinite(t) && t > Date.UTC(2000, 0, 1) && t < Date.UTC(2200, 0, 1);
  return plausible ? new Date(t) : new Date();
}

/** The message event of a message, messageUpdate or messageDelete activity; null when there is none. */
export function messageEvent(a: Partial<Activity>): MessageEvent | null {
  const messageId = a.id;
  if (messageId === undefined || messageId === '') return null;
  const kind = a.type === 'messageDelete' ? 'deleted' : a.type === 'messageUpdate' ? 'edited' : 'posted';
  const found = (a.attachments ?? []).find((x) => x.contentType === 'text/html')?.content;
  const html = typeof found === 'string' ? found : '';
  const text = kind === 'deleted' ? '' : decodeHtml(html !== '' ? html : (a.text ?? ''));
  const from = author(a);
  if (from.address === a.recipient?.id) return null; // Charter's own
  return {
    kind,
    workspace: { externalId: tenantOf(a), serviceUrl: a.serviceUrl ?? null },
    conversation: { id: conversationIdOf(a), teamId: channelData(a).team?.id ?? null },
    author: kind === 'deleted' ? null : from,
    messageId,
    threadId: threadOf(a, messageId),
    text,
    mentions: kind === 'deleted' ? { users: [], broadcast: [] } : mentionsOf(a, text),
    files: kind === 'deleted' ? [] : filesOf(a, html),
    links: kind === 'deleted' ? [] : hrefsOf(html),
    at: at(a),
    locale: matchLocale(a.locale) ?? null,
  };
}

/**
 * The joins and leaves of a conversationUpdate (the bot's own excluded), and a
 * channel rename. In a personal chat, members added means the app was just
 * installed for the person (by them, or by an app setup policy for a new
 * account): an account that joined.
 */
export function conversationEvents(a: Partial<Activity>): PlatformEvent[] {
  const cd = channelData(a);
  const out: PlatformEvent[] = [];
  const workspace = { externalId: tenantOf(a), serviceUrl: a.serviceUrl ?? null };
  if (a.conversation?.conversationType === 'personal') {
    // Teams names the bot as the member added (the person is `from`), or the person.
    const added = a.membersAdded ?? [];
    const people = added.filter((m) => m.id !== a.recipient?.id && !m.id.startsWith('28:'));
    const person = people[0] ?? (added.some((m) => m.id === a.recipient?.id) && a.from !== undefined && !a.from.id.startsWith('28:') ? a.from : undefined);
    if (person !== undefined) out.push({ type: 'account.joined', workspace, user: { platformUserId: (person.aadObjectId ?? person.id).toLowerCase(), address: person.id, displayName: person.name ?? '' } });
    return out;
  }
  const conversation = { id: conversationIdOf(a), teamId: cd.team?.id ?? null };
  const addedBy = a.from?.id !== undefined ? { address: a.from.id, isCharter: a.from.id === a.recipient?.id } : null;
  const members = (kind: MembershipEvent['kind'], list: Partial<Activity>['membersAdded']) => {
    for (const m of list ?? []) {
      if (m.id === a.recipient?.id) continue;
      out.push({
        type: 'membership',
        kind,
        workspace,
        conversation,
        member: { platformUserId: (m.aadObjectId ?? m.id).toLowerCase(), address: m.id, displayName: m.name ?? '', isBot: m.id.startsWith('28:') ? true : null },
        addedBy: kind === 'joined' ? addedBy : null,
        at: at(a),
      });
    }
  };
  members('joined', a.membersAdded);
  members('left', a.membersRemoved);
  if (cd.eventType === 'channelRenamed' && cd.channel?.id !== undefined && typeof cd.channel.name === 'string') {
    out.push({ type: 'channel.renamed', workspace, channelId: cd.channel.id, channelName: cd.channel.name });
  }
  return out;
}
