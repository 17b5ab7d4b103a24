import { type ReminderKind } from '../action/action.events';
import {
  type ActionState,
  hasReminderBeenSent,
  isChased,
  isOverdueRecorded,
  type RaisedAction,
} from '../action/action.state';
import {
  dueDateStartsMs,
  momentBeforeDueMs,
  momentOverdueByMs,
  overdueFromMs,
} from '../plan/chasing-moments';
import { type ChasingPolicy } from '../plan/chasing-policy';
import { type Board } from '../plan/default-boards';
import { type IsoDuration, multiplyIsoDuration, parseIsoDuration } from '../shared/iso-duration';
import { instantToEpochMs, type IsoDate, type IsoInstant } from '../shared/london-calendar';

/**
 * The chase of one action (domain.md, "The default chasing policy"), as a pure function of the
 * action's state, its plan's policy and boards, and `now`: which steps are due now and which one
 * comes next. The chaser's worker carries out `due` and schedules `next`; it never needs to know
 * which job woke it up, so a job that fires late, early, twice or for a superseded due date does
 * the right thing.
 *
 * Moments come from plan/chasing-moments.ts, the one place that says when a step falls: reminders
 * `lead` before the start of the due date, on it, and every `overdueReminderInterval` counted from
 * it (7, 14, 21 … days overdue); overdue at the start of the day after the due date; `overdueBy`
 * P14D at the start of the 14th day overdue; durations shorter than a day count from the moment
 * the action became overdue.
 *
 * Catch-up: of the reminders whose moment has passed only the latest can be due, and the
 * escalation goes straight to the highest level reached: a missed step is never replayed.
 */

export interface ReminderStep {
  readonly type: 'reminder';
  /** Deterministic, unique per action, kind, due date and sequence; safe as a BullMQ job id. */
  readonly key: string;
  readonly at: IsoInstant;
  readonly kind: ReminderKind;
  readonly dueDate: IsoDate;
  /** 1, 2 … in order of the moments within (kind, due date): the n-th weekly overdue reminder. */
  readonly sequence: number;
}

export interface OverdueStep {
  readonly type: 'overdue';
  readonly key: string;
  readonly at: IsoInstant;
  readonly dueDate: IsoDate;
}

export interface EscalationStep {
  readonly type: 'escalation';
  readonly key: string;
  readonly at: IsoInstant;
  readonly dueDate: IsoDate;
  readonly toLevel: number;
  readonly boardId: string;
  readonly reason: 'overdue' | 'off-track';
}

export type ChaseStep = ReminderStep | OverdueStep | EscalationStep;

export interface ChaseInput {
  readonly state: ActionState;
  readonly policy: ChasingPolicy;
  /** The plan's boards (boardsOf): the escalation of level n goes to the board of level n. */
  readonly boards: readonly Board[];
  readonly now: IsoInstant;
}

export interface ChaseDecision {
  /**
   * Steps whose moment has come and that the log does not record yet, in the order to carry
   * them out: becoming overdue, then the escalation, then the reminder. At most one of each.
   */
  readonly due: readonly ChaseStep[];
  /** The earliest step still to come; null when nothing more will happen until the action changes. */
  readonly next: ChaseStep | null;
}

const NOTHING: ChaseDecision = Object.freeze({ due: Object.freeze([]), next: null });
const MS_PER_DAY = 86_400_000;

/** The chase of `state` at `now`. Pure: no clock, no I/O. */
export function decideChase(input: ChaseInput): ChaseDecision {
  const { state, policy, boards } = input;
  if (!isChased(state)) return NOTHING;
  const now = instantToEpochMs(input.now);
  if (now === undefined) throw new RangeError(`now is not an ISO 8601 instant: ${input.now}`);

  const schedule = scheduleOf(state, policy, boards);
  const due: ChaseStep[] = [];
  const upcoming: ChaseStep[] = [];

  // Becoming overdue: once per due date.
  const overdue = schedule.overdue;
  if (epoch(overdue) <= now) {
    if (!isOverdueRecorded(state)) due.push(overdue);
  } else upcoming.push(overdue);

  // Escalation: straight to the highest level reached, only ever up.
  const reached = schedule.escalations.filter((s) => epoch(s) <= now);
  let escalation: EscalationStep | undefined = reached[reached.length - 1];
  const offTrack = offTrackEscalation(state, policy, boards, input.now);
  if (offTrack && (!escalation || offTrack.toLevel > escalation.toLevel)) escalation = offTrack;
  if (escalation && escalation.toLevel > state.escalationLevel) due.push(escalation);
  const nextEscalation = schedule.escalations.find(
    (s) => epoch(s) > now && s.toLevel > Math.max(state.escalationLevel, escalation?.toLevel ?? 0),
  );
  if (nextEscalation) upcoming.push(nextEscalation);

  // Reminders go to an owner: none without one (OwnerAssigned schedules them again).
  if (state.owner !== null) {
    const passed = schedule.reminders.filter((r) => epoch(r) <= now);
    const overdueReminders = schedule.overdueReminders;
    const lastOverdue = overdueReminders?.lastAtOrBefore(now);
    if (lastOverdue) passed.push(lastOverdue);
    const latest = passed[passed.length - 1];
    if (latest && !hasReminderBeenSent(state, latest)) due.push(latest);
    const nextReminder =
      schedule.reminders.find((r) => epoch(r) > now) ?? overdueReminders?.firstAfter(now);
    if (nextReminder) upcoming.push(nextReminder);
  }

  const next = upcoming.reduce<ChaseStep | null>(
    (earliest, step) => (earliest === null || epoch(step) < epoch(earliest) ? step : earliest),
    null,
  );
  return { due, next };
}

/** The job key of the chase's next wake-up: the first due step, or else the next step. */
export function chaseWakeUp(
  decision: ChaseDecision,
): { key: string; at: IsoInstant; dueNow: boolean } | null {
  const first = decision.due[0];
  if (first) return { key: first.key, at: first.at, dueNow: true };
  if (decision.next) return { key: decision.next.key, at: decision.next.at, dueNow: false };
  return null;
}

/** The key of a reminder: deterministic, with no ':' (BullMQ refuses it in job ids). */
export function reminderKey(
  actionId: string,
  kind: ReminderKind,
  dueDate: IsoDate,
  sequence: number,
): string {
  return `reminder-${actionId}-${kind}-${dueDate}-${sequence}`;
}

export function overdueKey(actionId: string, dueDate: IsoDate): string {
  return `overdue-${actionId}-${dueDate}`;
}

/** Levels only rise, but a re-planned action can reach a level again for its new date. */
export function escalationKey(actionId: string, dueDate: IsoDate, level: number): string {
  return `escalation-${actionId}-${dueDate}-${level}`;
}

// ---------------------------------------------------------------------------------------------

interface Schedule {
  /** Due-soon and due reminders in time order. */
  reminders: ReminderStep[];
  overdueReminders: OverdueReminders | null;
  overdue: OverdueStep;
  /** In time order; levels rising. */
  escalations: EscalationStep[];
}

interface OverdueReminders {
  lastAtOrBefore(now: number): ReminderStep | undefined;
  firstAfter(now: number): ReminderStep | undefined;
}

type Chased = RaisedAction & { dueDate: string };

/**
 * The moments of one due date under one policy, with their instants as text: the same for every
 * action due that day, and costly to compute (London calendar arithmetic), so kept (below). A
 * reactor catching up or a worker firing a burst decides thousands of actions sharing due dates.
 */
interface Moments {
  readonly reminders: readonly { kind: ReminderKind; sequence: number; at: number }[];
  readonly dueStart: number;
  readonly overdueStart: number;
  /** momentOverdueByMs of each escalation threshold, in the policy's order. */
  readonly thresholdAt: readonly number[];
  /** The n-th overdue reminder's moment (n ≥ 1); null without an interval. */
  readonly overdueAt: ((n: number) => number) | null;
  readonly overdueOrigin: number;
  readonly overdueApproxMs: number;
}

/** Due dates kept per policy; a policy object is shared by every action of its plan. */
const MOMENTS_KEPT = 4096;
const momentsByPolicy = new WeakMap<ChasingPolicy, Map<IsoDate, Moments>>();
/** Instants as text, by epoch ms: a few hundred distinct moments serve every action. */
const isoTexts = new Map<number, IsoInstant>();
/** Each step's moment in epoch ms (steps carry it as text; comparisons need numbers). */
const stepMs = new WeakMap<ChaseStep, number>();

function momentsOf(dueDate: IsoDate, policy: ChasingPolicy): Moments {
  let byDate = momentsByPolicy.get(policy);
  if (!byDate) momentsByPolicy.set(policy, (byDate = new Map()));
  let moments = byDate.get(dueDate);
  if (moments) return moments;
  if (byDate.size >= MOMENTS_KEPT) byDate.clear();
  const dueStart = dueDateStartsMs(dueDate);
  const reminders = policy.reminderLeadTimes
    .map((lead) => momentBeforeDueMs(dueDate, lead))
    .sort((a, b) => a - b)
    .map((at, i) => ({ kind: 'due-soon' as ReminderKind, sequence: i + 1, at }));
  if (policy.remindOnDueDate) reminders.push({ kind: 'due', sequence: 1, at: dueStart });
  let overdueAt: ((n: number) => number) | null = null;
  let overdueOrigin = 0;
  let overdueApproxMs = 1000;
  if (policy.overdueReminderInterval !== null) {
    const interval = duration(policy.overdueReminderInterval);
    const nth = new Map<number, number>();
    // The interval itself, not its multiple, decides where the series counts from.
    overdueAt = (n: number): number => {
      let at = nth.get(n);
      if (at === undefined) {
        at = momentOverdueByMs(dueDate, multiplyIsoDuration(interval, n), interval);
        if (nth.size < 256) nth.set(n, at);
      }
      return at;
    };
    overdueApproxMs = approximateMs(interval);
    overdueOrigin = overdueAt(1) - overdueApproxMs;
  }
  moments = {
    reminders,
    dueStart,
    overdueStart: overdueFromMs(dueDate),
    thresholdAt: policy.escalationThresholds.map((t) => momentOverdueByMs(dueDate, t.overdueBy)),
    overdueAt,
    overdueOrigin,
    overdueApproxMs,
  };
  byDate.set(dueDate, moments);
  return moments;
}

function scheduleOf(state: Chased, policy: ChasingPolicy, boards: readonly Board[]): Schedule {
  const { actionId, dueDate } = state;
  const m = momentsOf(dueDate, policy);

  const reminders: ReminderStep[] = m.reminders.map((r) =>
    reminder(actionId, r.kind, dueDate, r.sequence, r.at),
  );

  let overdueReminders: OverdueReminders | null = null;
  const at = m.overdueAt;
  if (at) {
    const firstAfter = (now: number): number => {
      // Start near the answer and walk: months have no fixed length.
      let n = Math.max(1, Math.floor((now - m.overdueOrigin) / m.overdueApproxMs) - 1);
      while (n > 1 && at(n - 1) > now) n--;
      while (at(n) <= now) n++;
      return n;
    };
    overdueReminders = {
      lastAtOrBefore: (now) => {
        const n = firstAfter(now) - 1;
        return n >= 1 ? reminder(actionId, 'overdue', dueDate, n, at(n)) : undefined;
      },
      firstAfter: (now) => {
        const n = firstAfter(now);
        return reminder(actionId, 'overdue', dueDate, n, at(n));
      },
    };
  }

  // High priority reaches each level `highPriorityLevelsSooner` steps sooner: at the moment of the
  // step that many places before it, or as soon as it is overdue when there is none.
  const sooner = state.priority === 'high' ? policy.highPriorityLevelsSooner : 0;
  const thresholds = policy.escalationThresholds;
  const escalations: EscalationStep[] = [];
  thresholds.forEach((threshold, i) => {
    const earlier = m.thresholdAt[i - sooner];
    const at = earlier ?? m.overdueStart;
    const board = boardFor(boards, threshold.level);
    if (!board) return;
    const last = escalations[escalations.length - 1];
    if (last && last.toLevel >= board.level) return;
    escalations.push(
      withMs(
        {
          type: 'escalation',
          key: escalationKey(actionId, dueDate, board.level),
          at: iso(at),
          dueDate,
          toLevel: board.level,
          boardId: board.boardId,
          reason: 'overdue',
        },
        at,
      ),
    );
  });

  return {
    reminders,
    overdueReminders,
    overdue: withMs(
      {
        type: 'overdue',
        key: overdueKey(actionId, dueDate),
        at: iso(m.overdueStart),
        dueDate,
      },
      m.overdueStart,
    ),
    escalations,
  };
}

function offTrackEscalation(
  state: Chased,
  policy: ChasingPolicy,
  boards: readonly Board[],
  now: IsoInstant,
): EscalationStep | undefined {
  const needed = policy.consecutiveOffTrackToEscalate;
  if (needed === null || state.confidence !== 'off-track' || state.consecutiveOffTrack < needed) {
    return undefined;
  }
  const board = boardFor(boards, policy.offTrackEscalationLevel);
  if (!board) return undefined;
  return {
    type: 'escalation',
    key: escalationKey(state.actionId, state.dueDate, board.level),
    at: now,
    dueDate: state.dueDate,
    toLevel: board.level,
    boardId: board.boardId,
    reason: 'off-track',
  };
}

/** The board of that level; failing one, the highest board below it (a plan with fewer boards). */
function boardFor(boards: readonly Board[], level: number): Board | undefined {
  const exact = boards.find((b) => b.level === level);
  if (exact) return exact;
  return [...boards].filter((b) => b.level < level).sort((a, b) => b.level - a.level)[0];
}

function reminder(
  actionId: string,
  kind: ReminderKind,
  dueDate: IsoDate,
  sequence: number,
  at: number,
): ReminderStep {
  return withMs(
    {
      type: 'reminder',
      key: reminderKey(actionId, kind, dueDate, sequence),
      at: iso(at),
      kind,
      dueDate,
      sequence,
    },
    at,
  );
}

function withMs<T extends ChaseStep>(step: T, ms: number): T {
  stepMs.set(step, ms);
  return step;
}

function duration(text: string): IsoDuration {
  const d = parseIsoDuration(text);
  if (d === undefined) throw new RangeError(`Not an ISO 8601 duration: ${text}`);
  return d;
}

function approximateMs(d: IsoDuration): number {
  const days = d.years * 365.25 + d.months * 30.44 + d.weeks * 7 + d.days;
  const ms = days * MS_PER_DAY + ((d.hours * 60 + d.minutes) * 60 + d.seconds) * 1000;
  return Math.max(ms, 1000);
}

/** A step's moment in epoch ms: kept when the step was made, parsed otherwise. */
function epoch(step: ChaseStep): number {
  return stepMs.get(step) ?? (instantToEpochMs(step.at) as number);
}

function iso(ms: number): IsoInstant {
  let text = isoTexts.get(ms);
  if (text === undefined) {
    if (isoTexts.size >= MOMENTS_KEPT * 4) isoTexts.clear();
    text = new Date(ms).toISOString();
    isoTexts.set(ms, text);
  }
  return text;
}
