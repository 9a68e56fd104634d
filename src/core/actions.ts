// Card action ids (Slack action_id / Adaptive Card verbs). They are a stable
// contract: cards already posted must keep working after an upgrade, so never
// rename one; add a new id and keep answering the old.
export const ACTIONS = {
  joinApprove: 'join.approve',
  joinDeny: 'join.deny',
  joinRefresh: 'join.refresh',
} as const;

export type ActionId = (typeof ACTIONS)[keyof typeof ACTIONS];

export const ACTION_IDS: readonly ActionId[] = Object.values(ACTIONS);

export function isActionId(value: string): value is ActionId {
  return (ACTION_IDS as readonly string[]).includes(value);
}

/** Form (Slack modal / Teams card input) ids; the submission is routed like an action. */
export const FORMS = {
  joinDenyReason: 'join.deny',
} as const;
