import { refuse } from '../shared/domain-rule-violation';
import { isZeroDuration, parseIsoDuration, type IsoDuration } from '../shared/iso-duration';
import { momentBeforeDueMs, momentOverdueByMs } from './chasing-moments';

/**
 * How a plan chases its actions. Durations are ISO 8601 (`P7D`, `P2W`, `P1M`, and for demos and
 * tests time parts too: `PT30S`, `PT2H`). chasing-moments.ts says which instant each one means.
 */
export interface EscalationThreshold {
  /** The board level to escalate to (1, 2, 3 …). */
  readonly level: number;
  /** How long past the due date before escalating to that level, e.g. `P14D`. */
  readonly overdueBy: string;
}

export interface ChasingPolicy {
  /** Reminders to the owner this long before the due date (`P7D`, `P1D`). */
  readonly reminderLeadTimes: readonly string[];
  /** A reminder on the due date itself. */
  readonly remindOnDueDate: boolean;
  /** While overdue, a reminder this often (`P7D`); null for none. */
  readonly overdueReminderInterval: string | null;
  /** Escalation steps while overdue, levels and durations both strictly increasing. */
  readonly escalationThresholds: readonly EscalationThreshold[];
  /** `high` priority actions reach each level this many steps sooner (domain default 1). */
  readonly highPriorityLevelsSooner: number;
  /** This many off-track reports in a row escalate at once (default 2); null to turn off. */
  readonly consecutiveOffTrackToEscalate: number | null;
  /** The level an off-track run escalates to (default 1). */
  readonly offTrackEscalationLevel: number;
}

/** domain.md's default chasing policy. */
export const DEFAULT_CHASING_POLICY: ChasingPolicy = Object.freeze({
  reminderLeadTimes: Object.freeze(['P7D', 'P1D']),
  remindOnDueDate: true,
  overdueReminderInterval: 'P7D',
  escalationThresholds: Object.freeze([
    Object.freeze({ level: 1, overdueBy: 'P14D' }),
    Object.freeze({ level: 2, overdueBy: 'P28D' }),
    Object.freeze({ level: 3, overdueBy: 'P56D' }),
  ]),
  highPriorityLevelsSooner: 1,
  consecutiveOffTrackToEscalate: 2,
  offTrackEscalationLevel: 1,
});

/**
 * Durations are compared by applying them to this due date (a winter date, far from a clock
 * change). Only policies mixing months and days near a boundary (P1M against P30D) could compare
 * differently from another date.
 */
const REFERENCE_DATE = '2001-01-01';

/** Nothing in a chasing policy needs to reach further than this (and dates must stay valid). */
const LONGEST = parseIsoDuration('P10Y') as IsoDuration;
const LONGEST_MS = momentOverdueByMs(REFERENCE_DATE, LONGEST);

/** A rough size in days, to refuse absurd values before any calendar arithmetic. */
function roughDays(d: IsoDuration): number {
  return (
    d.years * 366 +
    d.months * 31 +
    d.weeks * 7 +
    d.days +
    d.hours / 24 +
    d.minutes / 1440 +
    d.seconds / 86_400
  );
}

function positiveDuration(value: unknown, field: string): string {
  const parsed = parseIsoDuration(value);
  if (parsed === undefined) {
    refuse(
      'invalid-duration',
      `${field} must be an ISO 8601 duration such as P7D, P2W, P1M or PT30S.`,
      field,
    );
  }
  if (isZeroDuration(parsed))
    refuse('invalid-duration', `${field} must be longer than zero.`, field);
  if (roughDays(parsed) > 4_000 || momentOverdueByMs(REFERENCE_DATE, parsed) > LONGEST_MS) {
    refuse('invalid-duration', `${field} must be at most 10 years (P10Y).`, field);
  }
  return value as string;
}

function wholeNumber(value: unknown, min: number, field: string, what: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    refuse('invalid-chasing-policy', `${field} must be ${what}.`, field);
  }
  return value;
}

/**
 * A validated copy of `input`, or a thrown DomainRuleViolation (`invalid-duration` for a bad
 * duration, `invalid-chasing-policy` otherwise) naming the field. Pure: no libraries.
 */
export function validateChasingPolicy(input: unknown): ChasingPolicy {
  if (typeof input !== 'object' || input === null) {
    refuse('invalid-chasing-policy', 'A chasing policy is an object.', 'policy');
  }
  const p = input as Partial<Record<keyof ChasingPolicy, unknown>>;

  if (!Array.isArray(p.reminderLeadTimes)) {
    refuse(
      'invalid-chasing-policy',
      'reminderLeadTimes must be a list of durations.',
      'reminderLeadTimes',
    );
  }
  const reminderLeadTimes = p.reminderLeadTimes.map((d, i) =>
    positiveDuration(d, `reminderLeadTimes[${i}]`),
  );
  const leadMoments = reminderLeadTimes.map((d) => momentBeforeDueMs(REFERENCE_DATE, d));
  if (new Set(leadMoments).size !== leadMoments.length) {
    refuse(
      'invalid-chasing-policy',
      'reminderLeadTimes lists the same moment twice.',
      'reminderLeadTimes',
    );
  }

  if (typeof p.remindOnDueDate !== 'boolean') {
    refuse('invalid-chasing-policy', 'remindOnDueDate must be true or false.', 'remindOnDueDate');
  }

  const overdueReminderInterval =
    p.overdueReminderInterval === null
      ? null
      : positiveDuration(p.overdueReminderInterval, 'overdueReminderInterval');

  if (!Array.isArray(p.escalationThresholds)) {
    refuse(
      'invalid-chasing-policy',
      'escalationThresholds must be a list of { level, overdueBy }.',
      'escalationThresholds',
    );
  }
  const escalationThresholds = p.escalationThresholds.map((t: unknown, i: number) => {
    const field = `escalationThresholds[${i}]`;
    const step = (typeof t === 'object' && t !== null ? t : {}) as Partial<EscalationThreshold>;
    return {
      level: wholeNumber(step.level, 1, `${field}.level`, 'a whole number, 1 or more'),
      overdueBy: positiveDuration(step.overdueBy, `${field}.overdueBy`),
    };
  });
  for (let i = 1; i < escalationThresholds.length; i++) {
    const before = escalationThresholds[i - 1] as EscalationThreshold;
    const step = escalationThresholds[i] as EscalationThreshold;
    const field = `escalationThresholds[${i}]`;
    if (step.level <= before.level) {
      refuse(
        'invalid-chasing-policy',
        `${field}.level must be higher than the step before.`,
        `${field}.level`,
      );
    }
    if (
      momentOverdueByMs(REFERENCE_DATE, step.overdueBy) <=
      momentOverdueByMs(REFERENCE_DATE, before.overdueBy)
    ) {
      refuse(
        'invalid-chasing-policy',
        `${field}.overdueBy must come later than the step before (${before.overdueBy}).`,
        `${field}.overdueBy`,
      );
    }
  }

  const highPriorityLevelsSooner = wholeNumber(
    p.highPriorityLevelsSooner,
    0,
    'highPriorityLevelsSooner',
    'a whole number, 0 or more',
  );
  if (highPriorityLevelsSooner > escalationThresholds.length) {
    refuse(
      'invalid-chasing-policy',
      'highPriorityLevelsSooner cannot exceed the number of escalation steps.',
      'highPriorityLevelsSooner',
    );
  }
  const consecutiveOffTrackToEscalate =
    p.consecutiveOffTrackToEscalate === null
      ? null
      : wholeNumber(
          p.consecutiveOffTrackToEscalate,
          1,
          'consecutiveOffTrackToEscalate',
          'a whole number, 1 or more, or null',
        );
  const offTrackEscalationLevel = wholeNumber(
    p.offTrackEscalationLevel,
    1,
    'offTrackEscalationLevel',
    'a whole number, 1 or more',
  );

  return {
    reminderLeadTimes,
    remindOnDueDate: p.remindOnDueDate,
    overdueReminderInterval,
    escalationThresholds,
    highPriorityLevelsSooner,
    consecutiveOffTrackToEscalate,
    offTrackEscalationLevel,
  };
}
