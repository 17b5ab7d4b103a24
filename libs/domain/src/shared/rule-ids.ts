/**
 * Every rule the domain can refuse a command with. The ids are a stable contract: the API returns
 * them with 422 (or 400 for the input-shape rules), clients and tests match on them. Add new ids
 * freely; never rename or reuse one.
 */

/** Rules about the shape of a value (the API may answer 400 for these, naming `field`). */
export const INPUT_RULE_IDS = [
  'invalid-instant',
  'invalid-date',
  'actor-required',
  'unknown-command',
  'unknown-quality-statement',
] as const;

/** Rules of the action aggregate (stream `action-<uuid>`). */
export const ACTION_RULE_IDS = [
  // existence and terminal states
  'action-not-raised',
  'action-already-raised',
  'action-id-mismatch',
  'action-is-closed',
  'action-is-cancelled',
  // raising
  'action-id-required',
  'plan-id-required',
  'title-required',
  'invalid-ref',
  'invalid-description',
  'invalid-priority',
  'invalid-source',
  // owner and due date
  'invalid-owner',
  'owner-unchanged',
  'due-date-requires-raised-or-open-action',
  'due-date-unchanged',
  'due-date-change-requires-reason',
  // progress, evidence, completion
  'progress-requires-open-action',
  'percent-complete-out-of-range',
  'invalid-confidence',
  'invalid-note',
  'evidence-requires-title',
  'evidence-requires-uri',
  'invalid-sha256',
  'complete-requires-open-action',
  'completion-requires-summary',
  'verify-requires-completed-action',
  'reject-requires-completed-action',
  'rejection-requires-reason',
  'cancellation-requires-reason',
  // escalation and boards
  'escalation-requires-board',
  'invalid-escalation-level',
  'escalation-level-must-rise',
  'invalid-escalation-reason',
  'overdue-escalation-requires-overdue-action',
  'off-track-escalation-requires-off-track-report',
  'decision-requires-board',
  'invalid-board-decision',
  'extend-requires-new-due-date',
  'extend-requires-raised-or-open-action',
  'extension-must-be-later',
  'reassign-requires-new-owner',
  'close-requires-completed-action',
  // chasing
  'reminder-requires-chased-action',
  'reminder-for-superseded-due-date',
  'invalid-reminder-kind',
  'invalid-reminder-sequence',
  'reminder-requires-channel',
  'reminder-requires-recipient',
  'overdue-requires-chased-action',
  'action-not-overdue',
] as const;

/** Rules of the plan aggregate (stream `plan-<uuid>`). */
export const PLAN_RULE_IDS = [
  'plan-not-created',
  'plan-already-created',
  'plan-id-mismatch',
  'plan-id-required',
  'authority-required',
  'title-required',
  'invalid-period',
  'board-id-required',
  'board-requires-name',
  'invalid-board-chair',
  'invalid-board-level',
  'board-level-taken',
  'invalid-email',
  'score-out-of-range',
  'invalid-score-source',
  'finding-id-required',
  'invalid-finding-kind',
  'finding-requires-text',
  'finding-id-conflict',
  'invalid-chasing-policy',
  'invalid-duration',
  'policy-level-without-board',
] as const;

export type InputRuleId = (typeof INPUT_RULE_IDS)[number];
export type ActionRuleId = (typeof ACTION_RULE_IDS)[number] | InputRuleId;
export type PlanRuleId = (typeof PLAN_RULE_IDS)[number] | InputRuleId;
export type RuleId = ActionRuleId | PlanRuleId;

/** Every rule id, each once. */
export const RULE_IDS: readonly RuleId[] = [
  ...new Set<RuleId>([...INPUT_RULE_IDS, ...ACTION_RULE_IDS, ...PLAN_RULE_IDS]),
];
