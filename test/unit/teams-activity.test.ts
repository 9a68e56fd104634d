import type { Activity } from 'botbuilder';
import { describe, expect, it } from 'vitest';
import { actorOf, clientTimezone, commandText, conversationOf } from '../../adapters/teams/activity.js';
import { buildRegistry } from '../../src/core/registry.js';
import { FEATURES } from '../../src/features/index.js';

const parseCommand = buildRegistry(FEATURES).parser.parse;

const act = (a: object) => a as Partial<Activity>;

const channelActivity = act({
  type: 'message',
  text: '<at>Charter</at> role grant <at>Bob Lee</at> moderator covers&nbsp;weekends',
  from: { id: '29:ada', name: 'Ada', aadObjectId: 'AAD-ADA' },
  recipient: { id: '28:bot', name: 'Charter' },
  conversation: { id: '19:chan@thread.tacv2;messageid=1700000000000', conversationType: 'channel', tenantId: 'TENANT-1' },
  channelData: { tenant: { id: 'TENANT-1' }, team: { id: '19:team@thread.tacv2', name: 'Apps' }, channel: { id: '19:chan@thread.tacv2', name: 'ship-v2' } },
  entities: [
    { type: 'mention', text: '<at>Charter</at>', mentioned: { id: '28:bot', name: 'Charter' } },
    { type: 'mention', text: '<at>Bob Lee</at>', mentioned: { id: '29:bob', name: 'Bob Lee' } },
  ],
  locale: 'zh-cn',
});

describe('Teams activities', () => {
  it('turn mentions into tokens the parser reads, without the bot itself', () => {
    const text = commandText(channelActivity);
    expect(text).toBe('role grant  <@29:bob|Bob Lee>  moderator covers weekends');
    expect(parseCommand(text)).toEqual({
      ok: true,
      command: { verb: 'role.grant', user: { address: '29:bob', label: 'Bob Lee' }, role: 'moderator', reason: 'covers weekends' },
    });
  });
  it('drop the HTML Teams wraps around formatted messages', () => {
    expect(commandText(act({ ...channelActivity, text: '<p><at>Charter</at> help</p>', entities: [channelActivity.entities![0]!] }))).toBe('help');
  });
  it('know the actor by AAD object id, lower-cased, and the platform locale', () => {
    expect(actorOf(channelActivity)).toEqual({
      workspace: { externalId: 'tenant-1', serviceUrl: null },
      user: { platformUserId: 'aad-ada', address: '29:ada', displayName: 'Ada', timezone: null },
      locale: 'zh-CN',
    });
    expect(actorOf(act({ ...channelActivity, from: { id: 'emu-user', name: '' }, conversation: { id: 'c', conversationType: 'personal' }, channelData: {} })).workspace.externalId).toBe('emulator');
  });
  it('know the zone the client reports: localTimezone first, else the clientInfo entity', () => {
    expect(clientTimezone(act({ localTimezone: 'Asia/Shanghai', entities: [{ type: 'clientInfo', timezone: 'Europe/Paris' }] }))).toBe('Asia/Shanghai');
    expect(clientTimezone(act({ entities: [{ type: 'clientInfo', timezone: 'Europe/Paris' }] }))).toBe('Europe/Paris');
    expect(clientTimezone(act({ entities: [{ type: 'clientInfo', timezone: 42 }] }))).toBeNull();
    expect(clientTimezone(act({ localTimezone: '' }))).toBeNull();
  });
  it('know the channel without the thread it was posted in', () => {
    expect(conversationOf(channelActivity)).toEqual({ id: '19:chan@thread.tacv2', kind: 'channel', name: 'ship-v2', teamId: '19:team@thread.tacv2' });
    const general = act({ ...channelActivity, channelData: { ...(channelActivity.channelData as object), channel: { id: '19:team@thread.tacv2' } } });
    expect(conversationOf(general).name).toBe('Apps');
    expect(conversationOf(act({ conversation: { id: '19:chat@thread.v2', conversationType: 'groupChat', name: 'Launch crew' } }))).toEqual({ id: '19:chat@thread.v2', kind: 'group-chat', name: 'Launch crew', teamId: null });
    expect(conversationOf(act({ conversation: { id: 'a:1', conversationType: 'personal' } })).kind).toBe('direct');
  });
});
