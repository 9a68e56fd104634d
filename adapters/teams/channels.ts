// Teams channel names. A channel message carries only the channel's and team's ids;
// the names come from the Bot Connector (`GET /v3/teams/{teamId}/conversations`).
// The General channel has no name of its own and is called after the team, as
// Teams shows it. Names are cached briefly per team: a rename shows up within minutes.
import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Logger } from '../../src/core/ports.js';

const CACHE_MS = 5 * 60_000;
const MAX_TEAMS = 500;

interface TeamNames {
  at: number;
  team: string | null;
  channels: Map<string, string | null>;
}

export class ChannelNames {
  private readonly cache = new Map<string, TeamNames>();

  constructor(
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The channel's display name, or null when the connector cannot tell. */
  async lookup(ctx: TurnContext, teamId: string, channelId: string): Promise<string | null> {
    try {
      const names = await this.team(ctx, teamId);
      const own = names.channels.get(channelId);
      if (own !== undefined && own !== null && own !== '') return own;
      // General: listed without a name, and its id is the team's.
      if (own !== undefined || channelId === teamId) return names.team;
      return null;
    } catch (err) {
      this.log.warn({ err }, 'could not look up the Teams channel name');
      return null;
    }
  }

  private async team(ctx: TurnContext, teamId: string): Promise<TeamNames> {
    const cached = this.cache.get(teamId);
    if (cached !== undefined && this.now() - cached.at < CACHE_MS) return cached;
    const [channels, details] = await Promise.all([TeamsInfo.getTeamChannels(ctx, teamId), TeamsInfo.getTeamDetails(ctx, teamId)]);
    const names: TeamNames = {
      at: this.now(),
      team: details.name ?? null,
      channels: new Map(channels.flatMap((c) => (c.id === undefined ? [] : [[c.id, c.name ?? null] as const]))),
    };
    if (this.cache.size >= MAX_TEAMS) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(teamId, names);
    return names;
  }
}
