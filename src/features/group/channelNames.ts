// The channel a platform gets for a requested group (GRP-2). The group keeps the
// name people gave it, in any script; the platform's channel gets a name its rules
// accept, made once when the request is typed (so a name that cannot work is
// answered at once, and the approvers see the channel's name on the card):
// - Slack: lower case Latin letters, digits, `-` and `_`, at most 80 (a Chinese
//   name gets `grp-` and a short random suffix); a taken name is tried once more
//   with a suffix.
// - Teams (a channel's display name): at most 50 characters; none of
//   ~ # % & * { } + / \ : < > ? | ' " , nor `..`, nor control characters; not
//   starting with `_` or `.`, not ending with `.`; not a reserved word (General, and
//   the SharePoint folder names forms, CON, PRN, AUX, NUL, COM1–9, LPT1–9, …).
//   A taken name is not changed behind the requester's back.
import { randomBytes } from 'node:crypto';
import type { Platform } from '../../core/model.js';
import { SLACK_CHANNEL_NAME } from './grammar.js';

/**
 * A Slack channel name for a group name: folded to lower case, anything but
 * letters, digits, `-` and `_` becomes `-`, at most 80. A name with (almost) no
 * Latin letters (a Chinese name) keeps what Latin it has and gets `grp-` and a
 * short random suffix (`市场周报 Q3` → `grp-q3-4f1a2c`); anyone may pick their own
 * with `--channel`. The group keeps its own name; only Slack's channel is Latin.
 */
export function slackChannelName(name: string, suffix = randomBytes(3).toString('hex')): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|[-_]+$/g, '');
  const latin = slug.replace(/[^a-z0-9]/g, '').length;
  const hasOther = /[^\p{Script=Latin}\p{N}\p{P}\p{Z}\p{S}]/u.test(name);
  if (latin >= 3 && !hasOther) return slug.slice(0, 80).replace(/[-_]+$/, '');
  const kept = slug.slice(0, 80 - 4 - 1 - suffix.length).replace(/[-_]+$/, '');
  return kept === '' ? `grp-${suffix}` : `grp-${kept}-${suffix}`;
}

/** Microsoft Graph: "the maximum length of the channel's displayName is 50 characters". */
export const TEAMS_CHANNEL_MAX = 50;

/** Characters a Teams channel name cannot contain (Teams' limits and specifications), with the control characters (C0, DEL, C1: \p{Cc}). */
const TEAMS_FORBIDDEN = /[~#%&*{}+/\\:<>?|'",\p{Cc}]+/gu;

/** Whole names Teams refuses: the General channel every team has, and SharePoint's reserved folder names. */
const TEAMS_RESERVED = /^(general|forms|con|conin\$|conout\$|prn|aux|nul|com[1-9]|lpt[1-9]|desktop\.ini)$/i;

/** Leading `_`/`.`/space and trailing `.`/space, however many. */
const trimEnds = (s: string) => s.replace(/^[\s._]+/u, '').replace(/[\s.]+$/u, '');

/**
 * A Teams channel name for a group name: the characters Teams refuses become a
 * space, `..` one `.`, `_vti_` goes, spaces are collapsed, the ends trimmed as
 * Teams asks, at most 50 characters (never half a character). null when nothing
 * usable remains or the name is reserved (General, CON, …).
 */
export function teamsChannelName(name: string): string | null {
  const cleaned = trimEnds(
    name
      .normalize('NFC')
      .replace(TEAMS_FORBIDDEN, ' ')
      .replace(/_vti_/gi, ' ')
      .replace(/\.{2,}/g, '.')
      .replace(/\s+/gu, ' '),
  );
  let short = '';
  for (const ch of cleaned) {
    if (short.length + ch.length > TEAMS_CHANNEL_MAX) break;
    short += ch;
  }
  const result = trimEnds(short);
  return result === '' || TEAMS_RESERVED.test(result) ? null : result;
}

/**
 * The channel name a platform gets for a request: `given` is what the requester
 * asked for with `--channel` (already a valid Slack name). null when nothing a
 * Teams channel may be called remains.
 */
export function channelNameFor(platform: Platform, name: string, given: string | null): string | null {
  if (platform === 'teams') return teamsChannelName(given ?? name);
  return given ?? slackChannelName(name);
}

/**
 * The name to try once more when the platform says a channel of that name exists:
 * Slack, with a short suffix; Teams, none (a display name people asked for is not
 * changed behind their back; they are told and ask again).
 */
export function retryChannelName(platform: Platform, channelName: string, suffix = randomBytes(2).toString('hex')): string | null {
  if (platform !== 'slack') return null;
  const second = `${channelName.slice(0, 80 - suffix.length - 1).replace(/[-_]+$/, '')}-${suffix}`;
  return SLACK_CHANNEL_NAME.test(second) ? second : null;
}
