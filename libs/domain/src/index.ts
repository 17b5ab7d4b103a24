/**
 * @asc/domain — pure TypeScript: the CQC catalogue, the action and plan deciders, the chasing
 * policy and calendar helpers. No Nest, no I/O, no clock: time arrives in commands.
 */

// CQC framework
export {
  QUALITY_STATEMENTS,
  QUALITY_STATEMENT_CODES,
  RATINGS,
  SCORES,
  SCORE_WORDS,
  THEMES,
  THEME_CODES,
  isQualityStatementCode,
  isScore,
  isThemeCode,
  overallScore,
  qualityStatement,
  ratingForPercentage,
  resolveQualityStatement,
  resolveScore,
  resolveTheme,
  scoreDescription,
  theme,
  themeOf,
  type OverallScore,
  type QualityStatement,
  type QualityStatementCode,
  type Rating,
  type Score,
  type Theme,
  type ThemeCode,
} from './cqc/cqc-catalogue';

// Shared
export { replay, type Decider } from './shared/decider';
export {
  bumpSchemaVersionForTests,
  currentSchemaVersion,
  registerUpcaster,
  UnreadableEventVersionError,
  upcastEvent,
  type Upcaster,
  type VersionedEvent,
} from './shared/upcasters';
export { dateInWords } from './shared/date-words';
export { DomainRuleViolation, isDomainRuleViolation } from './shared/domain-rule-violation';
export {
  ACTION_RULE_IDS,
  INPUT_RULE_IDS,
  PLAN_RULE_IDS,
  RULE_IDS,
  type ActionRuleId,
  type InputRuleId,
  type PlanRuleId,
  type RuleId,
} from './shared/rule-ids';
export {
  addDays,
  addMonths,
  compareDates,
  daysBetween,
  daysInMonth,
  daysOverdue,
  epochMsToInstant,
  instantToEpochMs,
  isOverdue,
  isValidDate,
  isValidInstant,
  londonDateOf,
  londonStartOfDay,
  londonUtcOffsetHours,
  londonWallClockOf,
  londonWallClockToEpochMs,
  type IsoDate,
  type IsoInstant,
} from './shared/london-calendar';
export {
  addIsoDurationToDate,
  addIsoDurationToEpochMs,
  addIsoDurationToInstant,
  formatIsoDuration,
  isDateOnlyDuration,
  isoDurationDatePart,
  isoDurationTimeMs,
  isValidIsoDuration,
  isZeroDuration,
  multiplyIsoDuration,
  parseIsoDuration,
  type IsoDuration,
} from './shared/iso-duration';

// Action aggregate
export * from './action/action.events';
export * from './action/action.commands';
export {
  ACTION_STATUSES,
  actionDaysOverdue,
  evolveAction,
  hasReminderBeenSent,
  initialActionState,
  isActionOverdue,
  isChased,
  isOverdueRecorded,
  isOwnedBy,
  isRaised,
  isTerminal,
  type ActionState,
  type ActionStatus,
  type BoardDecisionRecord,
  type DueDateChange,
  type EvidenceItem,
  type RaisedAction,
  type ReminderRecord,
  type UnraisedAction,
} from './action/action.state';
export {
  BOARD_EXTENSION_DEFAULT_REASON,
  actionDecider,
  decideAction,
} from './action/action.decider';
export { DELIVERY_STATUSES, deliveryStatus, type DeliveryStatus } from './action/delivery-status';

// Plan aggregate
export * from './plan/plan.events';
export * from './plan/plan.commands';
export { defaultBoards, type Board } from './plan/default-boards';
export {
  DEFAULT_CHASING_POLICY,
  validateChasingPolicy,
  type ChasingPolicy,
  type EscalationThreshold,
} from './plan/chasing-policy';
export {
  dueDateStarts,
  dueDateStartsMs,
  momentBeforeDue,
  momentBeforeDueMs,
  momentOverdueBy,
  momentOverdueByMs,
  overdueFrom,
  overdueFromMs,
} from './plan/chasing-moments';
export {
  boardById,
  boardForLevel,
  boardsOf,
  evolvePlan,
  initialPlanState,
  isCreated,
  latestScores,
  planOverallScore,
  type CreatedPlan,
  type Finding,
  type PlanState,
  type ScoreRecord,
  type UncreatedPlan,
} from './plan/plan.state';
export { decidePlan, planDecider } from './plan/plan.decider';

// Chasing
export {
  chaseWakeUp,
  decideChase,
  escalationKey,
  overdueKey,
  reminderKey,
  type ChaseDecision,
  type ChaseInput,
  type ChaseStep,
  type EscalationStep,
  type OverdueStep,
  type ReminderStep,
} from './chasing/chase-schedule.policy';
