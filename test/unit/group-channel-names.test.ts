// GRP-2: the channel a platform gets for a requested group. Slack: a Latin slug;
// Teams: a display name within Teams' rules (50 characters; no ~ # % & * { } + / \
// : < > ? | ' " , or `..`; no leading `_` or `.`, no trailing `.`; not General or a
// reserved SharePoint name), or none when nothing usable remains.
import { describe, expect, it } from 'vitest';
import { channelNameFor, retryChannelName, slackChannelName, teamsChannelName, TEAMS_CHANNEL_MAX } from '../../src/features/group/channelNames.js';

/** What Teams refuses in a channel name (its limits and specifications, and Graph's 50 characters). */
function teamsAccepts(name: string): boolean {
  return (
    name.length >= 1 &&
    name.length <= TEAMS_CHANNEL_MAX &&
    !/[~#%&*{}+/\\:<>?|'",\p{Cc}]/u.test(name) &&
    !name.includes('..') &&
    !/^[_.]/.test(name) &&
    !name.endsWith('.') &&
    name === name.trim() &&
    !/^(general|forms|con|prn|aux|nul|com[1-9]|lpt[1-9])$/i.test(name) &&
    !/_vti_/i.test(name)
  );
}

describe('Slack channel names for requested groups', () => {
  it('folds a Latin name to Slack rules and gives a Chinese name a Latin one with a suffix', () => {
    expect(slackChannelName('Ship V3: Launch!', 'abc123')).toBe('ship-v3-launch');
    expect(slackChannelName('Café Crème', 'abc123')).toBe('cafe-creme');
    expect(slackChannelName('市场周报', 'abc123')).toBe('grp-abc123');
    expect(slackChannelName('市场周报 Q3', 'abc123')).toBe('grp-q3-abc123');
    expect(slackChannelName('x'.repeat(120), 'abc123')).toHaveLength(80);
    for (const name of ['市场周报', 'Ship V3', '  --  ', 'a'.repeat(200)]) expect(slackChannelName(name)).toMatch(/^[a-z0-9][a-z0-9_-]{0,79}$/);
  });

  it('tries a taken Slack name once more with a suffix', () => {
    expect(retryChannelName('slack', 'ship-v3', 'ab12')).toBe('ship-v3-ab12');
    expect(retryChannelName('slack', 'x'.repeat(80), 'ab12')).toBe(`${'x'.repeat(75)}-ab12`);
  });
});

describe('Teams channel names for requested groups', () => {
  it('keeps a name Teams accepts as it is, in any script and case', () => {
    for (const name of ['Ship V3', '市场周报', '市场周报 Q3', 'Café Crème', 'release_notes', 'v2.1 rollout', 'Q3 (plan) - draft!', 'a']) expect(teamsChannelName(name)).toBe(name);
  });

  it('turns the characters Teams refuses into spaces and collapses them', () => {
    expect(teamsChannelName('Ship/V3: launch?')).toBe('Ship V3 launch');
    expect(teamsChannelName('R&D | "Q3", #1')).toBe('R D Q3 1');
    expect(teamsChannelName("Bob's {team} + <ops> ~ 100% * \\ tests")).toBe('Bob s team ops 100 tests');
    expect(teamsChannelName('tab\tand\u0085next\u0007line')).toBe('tab and next line');
    expect(teamsChannelName('a..b...c')).toBe('a.b.c');
    expect(teamsChannelName('my_vti_site')).toBe('my site');
  });

  it('trims what a name may not start or end with', () => {
    expect(teamsChannelName('_drafts')).toBe('drafts');
    expect(teamsChannelName('.hidden')).toBe('hidden');
    expect(teamsChannelName('__. notes .')).toBe('notes');
    expect(teamsChannelName('the end.')).toBe('the end');
    expect(teamsChannelName('  spaced  out  ')).toBe('spaced out');
    expect(teamsChannelName('trailing_')).toBe('trailing_');
  });

  it('keeps at most 50 characters, never half of one, and nothing Teams would refuse at the cut', () => {
    expect(teamsChannelName('x'.repeat(120))).toBe('x'.repeat(50));
    expect(teamsChannelName(`${'y'.repeat(48)} .z`)).toBe('y'.repeat(48));
    const emoji = `${'z'.repeat(49)}🚀`; // the rocket is two UTF-16 units: it does not fit
    expect(teamsChannelName(emoji)).toBe('z'.repeat(49));
    expect(teamsChannelName('周'.repeat(60))).toBe('周'.repeat(50));
  });

  it('answers null when nothing usable remains or the name is reserved', () => {
    for (const name of ['???', ' /\\ ', '...', '_', '', 'General', 'general', ' GENERAL. ', 'CON', 'nul', 'COM1', 'lpt9', 'forms', 'desktop.ini', '_vti_']) expect(teamsChannelName(name), JSON.stringify(name)).toBeNull();
    expect(teamsChannelName('General notes')).toBe('General notes');
    expect(teamsChannelName('COM10')).toBe('COM10');
  });

  it('always gives a name Teams accepts, or none', () => {
    const samples = ['Ship/V3: launch?', '..a..', '_._._x', `${'é'.repeat(49)}.`, '~#%&*{}+/\\:<>?|\'",', 'a'.repeat(51), ' . _ . ', '市场/周报：Q3？', 'x\u0000y'];
    for (const name of samples) {
      const made = teamsChannelName(name);
      if (made !== null) expect(teamsAccepts(made), `${JSON.stringify(name)} → ${JSON.stringify(made)}`).toBe(true);
    }
  });

  it('is what a Teams request gets, from --channel where given; a taken Teams name is not retried', () => {
    expect(channelNameFor('teams', 'Ship/V3: launch?', null)).toBe('Ship V3 launch');
    expect(channelNameFor('teams', '市场周报', 'market-weekly')).toBe('market-weekly');
    expect(channelNameFor('teams', 'General', null)).toBeNull();
    expect(channelNameFor('slack', 'Ship V3', null)).toBe('ship-v3');
    expect(channelNameFor('slack', 'General', 'general-talk')).toBe('general-talk');
    expect(retryChannelName('teams', 'Ship V3')).toBeNull();
  });
});
