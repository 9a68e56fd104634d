// Admission settings: the reminder and expiry delays (per workspace) and what
// happens to someone who joins without approval (per group).
import { setting } from '../../core/feature.js';
import { choiceSetting, formatDuration, parseDuration } from '../../core/settings.js';

export const REMIND_AFTER = setting<number>({
  key: 'admission.remind_after',
  scope: 'workspace',
  defaultValue: 24 * 3_600_000,
  parse: parseDuration,
  format: formatDuration,
  describe: 'join.settings.remindAfter',
  valid: 'join.settings.duration',
});

export const EXPIRE_AFTER = setting<number>({
  key: 'admission.expire_after',
  scope: 'workspace',
  defaultValue: 3 * 86_400_000,
  parse: parseDuration,
  format: formatDuration,
  describe: 'join.settings.expireAfter',
  valid: 'join.settings.duration',
});

/** ADM-3 two-step: `cross-department` — a requester from another department than the group's owners needs an owner's approval. */
export type TwoStep = 'off' | 'cross-department';

export const TWO_STEP = choiceSetting<TwoStep>({
  key: 'admission.two_step',
  scope: 'group',
  values: ['off', 'cross-department'],
  defaultValue: 'off',
  describe: 'join.settings.twoStep',
  valid: 'join.settings.twoStepValues',
});

export type Enforcement = 'flag' | 'remove';

export const ENFORCE = choiceSetting<Enforcement>({
  key: 'admission.enforce',
  scope: 'group',
  values: ['flag', 'remove'],
  defaultValue: 'flag',
  describe: 'join.settings.enforce',
  valid: 'join.settings.enforceValues',
});
