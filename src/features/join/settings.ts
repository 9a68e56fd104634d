// Admission settings (per workspace; per group once group policy exists).
import { setting } from '../../core/feature.js';
import { formatDuration, parseDuration } from '../../core/settings.js';

export const REMIND_AFTER = setting<number>({
  key: 'admission.remind_after',
  defaultValue: 24 * 3_600_000,
  parse: parseDuration,
  format: formatDuration,
  describe: 'join.settings.remindAfter',
  valid: 'join.settings.duration',
});

export const EXPIRE_AFTER = setting<number>({
  key: 'admission.expire_after',
  defaultValue: 3 * 86_400_000,
  parse: parseDuration,
  format: formatDuration,
  describe: 'join.settings.expireAfter',
  valid: 'join.settings.duration',
});

export type Enforcement = 'flag' | 'remove';

export const ENFORCE = setting<Enforcement>({
  key: 'admission.enforce',
  defaultValue: 'flag',
  parse: (raw) => {
    const v = raw.trim().toLowerCase();
    return v === 'flag' || v === 'remove' ? v : null;
  },
  format: (v) => v,
  describe: 'join.settings.enforce',
  valid: 'join.settings.enforceValues',
});
