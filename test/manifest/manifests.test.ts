import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { buildTeamsPackage, PackageError } from '../../manifest/package-teams.js';
import { buildRegistry } from '../../src/core/registry.js';
import { FEATURES } from '../../src/features/index.js';

const APP_ID = 'AAAAAAAA-1111-2222-3333-444444444444';

function pngSize(bytes: Uint8Array): [number, number] {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  expect([...bytes.slice(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
  return [view.getUint32(16), view.getUint32(20)];
}

describe('Teams app package', () => {
  it('zips the filled-in manifest, its Chinese localization and both icons at the root', () => {
    const { zip, manifest } = buildTeamsPackage({ MICROSOFT_APP_ID: APP_ID, CHARTER_PUBLIC_URL: 'https://charter.acme.test/some/path' });
    const files = unzipSync(zip);
    expect(Object.keys(files).sort()).toEqual(['color.png', 'manifest.json', 'outline.png', 'zh-cn.json']);
    expect(pngSize(files['color.png']!)).toEqual([192, 192]);
    expect(pngSize(files['outline.png']!)).toEqual([32, 32]);
    const text = new TextDecoder().decode(files['manifest.json']);
    expect(text).not.toMatch(/\{\{/);
    expect(manifest).toMatchObject({
      manifestVersion: '1.19',
      id: APP_ID.toLowerCase(),
      developer: { websiteUrl: 'https://charter.acme.test', privacyUrl: 'https://charter.acme.test/privacy' },
      validDomains: ['charter.acme.test'],
      bots: [{ botId: APP_ID.toLowerCase(), scopes: ['personal', 'team', 'groupChat'] }],
      // Resource-specific consent: every message where Charter is installed, not only those that mention it.
      authorization: { permissions: { resourceSpecific: [{ name: 'ChannelMessage.Read.Group', type: 'Application' }, { name: 'ChatMessage.Read.Chat', type: 'Application' }] } },
      webApplicationInfo: { id: APP_ID.toLowerCase() },
    });
    const zh = JSON.parse(new TextDecoder().decode(files['zh-cn.json'])) as Record<string, string>;
    expect(zh['name.full']).toContain('治理');
    const commands = (manifest['bots'] as { commandLists: { commands: unknown[] }[] }[])[0]!.commandLists[0]!.commands;
    for (let i = 0; i < commands.length; i += 1) expect(zh[`bots[0].commandLists[0].commands[${i}].description`], `command ${i}`).toBeTruthy();
  });

  it('refuses to build without a real app id or an https URL', () => {
    expect(() => buildTeamsPackage({ CHARTER_PUBLIC_URL: 'https://x.test' })).toThrow(PackageError);
    expect(() => buildTeamsPackage({ MICROSOFT_APP_ID: 'abc', CHARTER_PUBLIC_URL: 'https://x.test' })).toThrow(/MICROSOFT_APP_ID/);
    expect(() => buildTeamsPackage({ MICROSOFT_APP_ID: APP_ID, CHARTER_PUBLIC_URL: 'http://x.test' })).toThrow(/CHARTER_PUBLIC_URL/);
  });
});

describe('Slack app manifest', () => {
  const manifest = parse(readFileSync(new URL('../../manifest/slack/manifest.yaml', import.meta.url), 'utf8')) as {
    features: { slash_commands: { command: string; url: string; should_escape: boolean }[] };
    oauth_config: { scopes: { bot: string[]; user: string[] } };
    settings: { interactivity: { is_enabled: boolean; request_url: string }; event_subscriptions: { request_url: string; bot_events: string[] } };
  };

  it('sends the command, interactivity and events to the one Slack endpoint', () => {
    const [command] = manifest.features.slash_commands;
    expect(command).toMatchObject({ command: '/charter', should_escape: true });
    for (const url of [command!.url, manifest.settings.interactivity.request_url, manifest.settings.event_subscriptions.request_url]) {
      expect(new URL(url).pathname).toBe('/slack/events');
    }
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
  });

  it('asks for the scopes the Web API calls Charter makes need, and no more', () => {
    expect(manifest.oauth_config.scopes.bot.sort()).toEqual(
      [
        'channels:history',
        'channels:join',
        'channels:manage',
        'channels:read',
        'chat:write',
        'commands',
        'files:read',
        'groups:history',
        'groups:read',
        'groups:write',
        'im:write',
        'mpim:history',
        'mpim:read',
        'users:read',
        'users:read.email',
      ].sort(),
    );
    // The admin user token (SLACK_ADMIN_USER_TOKEN) only deletes messages.
    expect(manifest.oauth_config.scopes.user).toEqual(['chat:write']);
    expect(manifest.settings.event_subscriptions.bot_events.sort()).toEqual(
      ['channel_rename', 'file_shared', 'group_rename', 'member_joined_channel', 'member_left_channel', 'message.channels', 'message.groups', 'message.mpim', 'team_join'].sort(),
    );
  });

  it('action ids and job names are namespaced feature.verb', () => {
    const registry = buildRegistry(FEATURES);
    const actions = FEATURES.flatMap((f) => Object.keys(f.actions ?? {}));
    expect(actions).toEqual(expect.arrayContaining(['join.approve', 'join.deny', 'join.refresh', 'join.keep', 'join.remove', 'join.review', 'post.open', 'post.submit', 'post.cancel']));
    for (const id of [...actions, ...registry.jobs.map((j) => j.name)]) expect(id).toMatch(/^[a-z]+\.[a-z-]+$/);
  });
});
