// The policy card (`policy show`): every key, its value and where the value comes from.
import type { Text } from '../../core/messages.js';
import type { PolicySource } from '../../core/settings.js';

export interface PolicyRow {
  key: string;
  value: string;
  source: PolicySource;
  describe: Text;
  valid: Text;
}

export interface PolicyCard {
  kind: 'policy.show';
  /** The group the values are for; null: the workspace's defaults. */
  group: string | null;
  rows: PolicyRow[];
}
