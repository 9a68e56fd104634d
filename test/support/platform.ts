// A ChatPlatform test double for core tests: records every call and answers from
// what the test set up (profiles, members, failures). The real platforms are
// exercised through HTTP in test/e2e.
import type { AnyCard } from '../../src/core/cards.js';
import type { Group, Person, Workspace } from '../../src/core/model.js';
import type { AddMemberResult, ArchiveChannelResult, Capabilities, ChatPlatform, CreateChannelResult, MemberRef, NewChannel, Outbound, Posted, Profile, RemoveMemberResult } from '../../src/core/ports.js';

export type Call =
  | { op: 'sendPrivate'; to: string; message: Outbound }
  | { op: 'postToGroup'; channel: string; message: Outbound }
  | { op: 'replyInThread'; channel: string; threadId: string; message: Outbound }
  | { op: 'updateCard'; conversationId: string; messageId: string; locale: string; card: AnyCard }
  | { op: 'addMember'; channel: string; user: string }
  | { op: 'removeMember'; channel: string; user: string }
  | { op: 'deleteMessage'; channel: string; messageId: string }
  | { op: 'remindPrivately'; channel: string; to: string; message: Outbound }
  | { op: 'isMember'; channel: string; user: string }
  | { op: 'listMembers'; channel: string }
  | { op: 'lookupProfile'; address: string }
  | { op: 'createChannel'; name: string; channelName: string; requester: string }
  | { op: 'archiveChannel'; channel: string };

export const SLACK_LIKE: Capabilities = { addMember: 'direct', removeMember: true, removalScope: 'group', deleteMessage: false, privateReminder: 'ephemeral', privateReplies: true };

export class RecordingPlatform implements ChatPlatform {
  readonly platform = 'slack' as const;
  readonly calls: Call[] = [];
  readonly profiles = new Map<string, Partial<Profile>>();
  readonly members = new Map<string, Set<string>>();
  /** Addresses whose private messages fail. */
  readonly unreachable = new Set<string>();
  groupPostsFail = false;
  addMemberResult: AddMemberResult | Error = { outcome: 'added' };
  private counter = 0;
  /** What createChannel answers next (an Error is thrown); by default a new channel C-NEW<n>. */
  createResults: (CreateChannelResult | Error)[] = [];
  archiveResult: ArchiveChannelResult | Error = { outcome: 'archived' };

  constructor(readonly capabilities: Capabilities = SLACK_LIKE) {}

  of<K extends Call['op']>(op: K): Extract<Call, { op: K }>[] {
    return this.calls.filter((c): c is Extract<Call, { op: K }> => c.op === op);
  }

  /** Keys of the texts sent privately, as [to, key]. */
  texts(): [string, string][] {
    return this.of('sendPrivate').flatMap((c) => ('text' in c.message ? [[c.to, c.message.text.key] as [string, string]] : []));
  }

  async lookupProfile(_w: Workspace, person: { platformUserId: string | null; address: string }): Promise<Profile | null> {
    this.calls.push({ op: 'lookupProfile', address: person.address });
    const p = this.profiles.get(person.address);
    if (p === undefined) return null;
    return {
      platformUserId: person.address,
      displayName: person.address,
      realName: null,
      title: null,
      department: null,
      email: null,
      locale: null,
      isExternal: false,
      employment: 'active',
      isBot: false,
      ...p,
    };
  }

  async sendPrivate(_w: Workspace, person: Person, message: Outbound): Promise<Posted> {
    this.calls.push({ op: 'sendPrivate', to: person.address, message });
    if (this.unreachable.has(person.address)) throw new Error('cannot reach');
    this.counter += 1;
    return { conversationId: `D-${person.address}`, messageId: `m${this.counter}` };
  }

  async postToGroup(_w: Workspace, group: Group, message: Outbound): Promise<Posted> {
    this.calls.push({ op: 'postToGroup', channel: group.channelId, message });
    if (this.groupPostsFail) throw new Error('cannot post');
    this.counter += 1;
    return { conversationId: group.channelId, messageId: `m${this.counter}` };
  }

  async replyInThread(_w: Workspace, group: Group, threadId: string, message: Outbound): Promise<Posted> {
    this.calls.push({ op: 'replyInThread', channel: group.channelId, threadId, message });
    if (this.groupPostsFail) throw new Error('cannot post');
    this.counter += 1;
    return { conversationId: group.channelId, messageId: `m${this.counter}` };
  }

  async messageLink(_w: Workspace, group: Group, messageId: string): Promise<string | null> {
    return `https://chat.example.test/${group.channelId}/${messageId}`;
  }

  async updateCard(_w: Workspace, post: { conversationId: string; messageId: string; locale: string }, card: AnyCard): Promise<void> {
    this.calls.push({ op: 'updateCard', conversationId: post.conversationId, messageId: post.messageId, locale: post.locale, card });
  }

  async isMember(_w: Workspace, group: Group, person: Person): Promise<boolean | 'unknown'> {
    this.calls.push({ op: 'isMember', channel: group.channelId, user: person.address });
    return this.members.get(group.channelId)?.has(person.address) ?? false;
  }

  async listMembers(_w: Workspace, group: Group): Promise<MemberRef[] | 'unknown'> {
    this.calls.push({ op: 'listMembers', channel: group.channelId });
    return [...(this.members.get(group.channelId) ?? [])].map((address) => ({ address, platformUserId: address, displayName: address }));
  }

  async groupsWith(_w: Workspace, person: Person, among: readonly Group[]): Promise<Group[] | 'unknown'> {
    return among.filter((g) => this.members.get(g.channelId)?.has(person.address) === true);
  }

  async addMember(_w: Workspace, group: Group, person: Person): Promise<AddMemberResult> {
    this.calls.push({ op: 'addMember', channel: group.channelId, user: person.address });
    if (this.addMemberResult instanceof Error) throw this.addMemberResult;
    if (this.addMemberResult.outcome === 'added') {
      const set = this.members.get(group.channelId) ?? new Set<string>();
      set.add(person.address);
      this.members.set(group.channelId, set);
    }
    return this.addMemberResult;
  }

  async removeMember(_w: Workspace, group: Group, person: Person): Promise<RemoveMemberResult> {
    this.calls.push({ op: 'removeMember', channel: group.channelId, user: person.address });
    if (!this.capabilities.removeMember) return { outcome: 'unsupported' };
    const set = this.members.get(group.channelId);
    return set?.delete(person.address) === true ? { outcome: 'removed' } : { outcome: 'not-member' };
  }

  async deleteMessage(_w: Workspace, group: Group, messageId: string): Promise<boolean> {
    this.calls.push({ op: 'deleteMessage', channel: group.channelId, messageId });
    return this.capabilities.deleteMessage;
  }

  async remindPrivately(_w: Workspace, group: Group, person: Person, message: Outbound): Promise<void> {
    this.calls.push({ op: 'remindPrivately', channel: group.channelId, to: person.address, message });
  }

  async createChannel(_w: Workspace, channel: NewChannel): Promise<CreateChannelResult> {
    this.calls.push({ op: 'createChannel', name: channel.displayName, channelName: channel.channelName, requester: channel.requester.address });
    const next = this.createResults.shift();
    if (next instanceof Error) throw next;
    if (next !== undefined) return next;
    this.counter += 1;
    const id = `C-NEW${this.counter}`;
    this.members.set(id, new Set([channel.requester.address]));
    return { outcome: 'created', channelId: id, channelName: channel.channelName, conversationKind: 'channel', teamId: null, invited: true };
  }

  async archiveChannel(_w: Workspace, group: Group): Promise<ArchiveChannelResult> {
    this.calls.push({ op: 'archiveChannel', channel: group.channelId });
    if (this.archiveResult instanceof Error) throw this.archiveResult;
    return this.archiveResult;
  }
}
