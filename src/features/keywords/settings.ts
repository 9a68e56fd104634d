// The keyword, sensitive-data, link and escalation keys of a group's policy
// (MSG-6..9). Detector actions: `off`, `warn` (the author, privately), `alert`
// (the group's moderators and the security contacts), `remove` (where the
// platform can, with private guidance to the author; else the author is warned
// and the moderators alerted).
import { setting } from '../../core/feature.js';
import { choiceSetting, formatDuration, parseDuration } from '../../core/settings.js';

export const DETECTOR_ACTIONS = ['off', 'warn', 'alert', 'remove'] as const;
export type DetectorAction = (typeof DETECTOR_ACTIONS)[number];

const detector = (key: string, defaultValue: DetectorAction) =>
  choiceSetting({
    key,
    scope: 'group',
    values: DETECTOR_ACTIONS,
    defaultValue,
    parse: (raw) => {
      const v = raw.trim().toLowerCase();
      return v === 'strict' ? 'remove' : (DETECTOR_ACTIONS as readonly string[]).includes(v) ? (v as DetectorAction) : null;
    },
    describe: `keywords.settings.${key}`,
    valid: 'keywords.settings.detectorValues',
  });

const LIST_KEY = /^[a-z][a-z0-9-]{0,30}$/;

/** `spam,banned` → ['spam', 'banned']; `none` → []. */
function parseKeys(raw: string): string[] | null {
  const v = raw.trim().toLowerCase();
  if (v === 'none' || v === '无') return [];
  const keys = v.split(/[,，\s]+/).filter((k) => k !== '');
  return keys.length > 0 && keys.length <= 20 && keys.every((k) => LIST_KEY.test(k)) ? [...new Set(keys)] : null;
}

/** MSG-6: the keyword lists a group uses (the workspace's lists, by key). */
export const LISTS = setting<string[]>({
  key: 'keywords.lists',
  scope: 'group',
  defaultValue: ['spam'],
  parse: parseKeys,
  format: (v) => (v.length === 0 ? 'none' : v.join(',')),
  describe: 'keywords.settings.keywords.lists',
  valid: 'keywords.settings.listsValues',
});

// MSG-7: the ID, card and phone detectors are on in every governed group.
export const DLP_RESIDENT_ID = detector('dlp.resident_id', 'remove');
export const DLP_BANK_CARD = detector('dlp.bank_card', 'remove');
export const DLP_MOBILE = detector('dlp.mobile', 'warn');
export const DLP_EMAIL = detector('dlp.email', 'off');
export const DLP_SALARY = detector('dlp.salary', 'off');
/** Spreadsheets and source code: `allow` in the groups approved for them. */
export const DLP_FILES = choiceSetting({
  key: 'dlp.files',
  scope: 'group',
  values: ['allow', 'warn', 'alert', 'remove'] as const,
  // Outside the groups a policy approves (`allow`), the author is reminded where such files belong.
  defaultValue: 'warn',
  describe: 'keywords.settings.dlp.files',
  valid: 'keywords.settings.filesValues',
});

/** MSG-8: the domains links may point to (a domain allows its subdomains); `any` for no limit. */
export const LINK_DOMAINS = setting<string[] | 'any'>({
  key: 'links.domains',
  scope: 'group',
  defaultValue: 'any',
  tierDefaults: { external: [] },
  typeDefaults: { external: [] },
  parse: (raw) => {
    const v = raw.trim().toLowerCase();
    if (v === 'any' || v === '任意') return 'any';
    if (v === 'none' || v === '无') return [];
    const domains = v.split(/[,，\s]+/).filter((d) => d !== '');
    const ok = domains.length <= 50 && domains.every((d) => d.length <= 253 && /^(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(d));
    return ok && domains.length > 0 ? [...new Set(domains)] : null;
  },
  format: (v) => (v === 'any' ? 'any' : v.length === 0 ? 'none' : v.join(',')),
  describe: 'keywords.settings.links.domains',
  valid: 'keywords.settings.domainsValues',
});
export const LINK_ACTION = detector('links.action', 'remove');

/** MSG-9: the violations that send a person to the moderators, and the window they are counted in. */
export const ESCALATE_AFTER = setting<number>({
  key: 'escalation.after',
  scope: 'group',
  defaultValue: 3,
  parse: (raw) => {
    const n = Number(raw.trim());
    return Number.isInteger(n) && n >= 1 && n <= 100 ? n : null;
  },
  format: String,
  describe: 'keywords.settings.escalation.after',
  valid: 'keywords.settings.countValues',
});
export const ESCALATE_WINDOW = setting<number>({
  key: 'escalation.window',
  scope: 'group',
  defaultValue: 30 * 86_400_000,
  parse: parseDuration,
  format: formatDuration,
  describe: 'keywords.settings.escalation.window',
  valid: 'keywords.settings.durationValues',
});

export const KEYWORD_SETTINGS = [LISTS, DLP_RESIDENT_ID, DLP_BANK_CARD, DLP_MOBILE, DLP_EMAIL, DLP_SALARY, DLP_FILES, LINK_DOMAINS, LINK_ACTION, ESCALATE_AFTER, ESCALATE_WINDOW];
