import {
  DELIVERY_STATUSES,
  QUALITY_STATEMENTS,
  SCORE_WORDS,
  THEMES,
  actionDaysOverdue,
  addDays,
  boardById,
  daysBetween,
  deliveryStatus,
  instantToEpochMs,
  isActionOverdue,
  isChased,
  isOverdue,
  isCreated,
  isRaised,
  isValidDate,
  latestScores,
  londonDateOf,
  planOverallScore,
  scoreDescription,
  type CreatedPlan,
  type DeliveryStatus,
  type QualityStatementCode,
  type RaisedAction,
} from '@asc/domain';
import {
  BoardReportInputError,
  type ActionHistory,
  type ActionReportFold,
  type ActionRow,
  type BoardReport,
  type BoardReportInput,
  type ChangesSection,
  type ClosedChange,
  type DriftRow,
  type EscalatedChange,
  type EscalatedRow,
  type OverdueRow,
  type QualityStatementSection,
  type RaisedChange,
  type SlippedChange,
  type StatusCounts,
  type ThemeSection,
} from './board-report.types';
import {
  chasedDueDateOn,
  foldActionReportEvent,
  initialActionReportFold,
} from './action-report-fold';

/**
 * What a board reads (domain.md, "The board report"), computed from the plan's state and the
 * action histories handed in. Pure: the only time is `asOf`.
 */
export function buildBoardReport(input: BoardReportInput): BoardReport {
  const { plan, boardId, asOf, actions } = input;
  const previousMeetingDate = input.previousMeetingDate ?? null;
  if (plan === null || typeof plan !== 'object' || !isCreated(plan)) {
    throw new BoardReportInputError('plan', 'The plan has not been created');
  }
  const asOfMs = instantToEpochMs(asOf);
  if (asOfMs === undefined) {
    throw new BoardReportInputError(
      'asOf',
      `asOf must be an ISO 8601 instant with offset: ${asOf}`,
    );
  }
  const today = londonDateOf(asOf);
  if (previousMeetingDate !== null) {
    if (!isValidDate(previousMeetingDate)) {
      throw new BoardReportInputError(
        'previousMeetingDate',
        `previousMeetingDate must be a YYYY-MM-DD date: ${previousMeetingDate}`,
      );
    }
    if (previousMeetingDate > today) {
      throw new BoardReportInputError(
        'previousMeetingDate',
        `previousMeetingDate ${previousMeetingDate} is after the report date ${today}`,
      );
    }
  }
  const board = boardById(plan, boardId);
  if (board === undefined) {
    throw new BoardReportInputError('boardId', `The plan has no board ${boardId}`);
  }
  if (!Array.isArray(actions)) {
    throw new BoardReportInputError('actions', 'actions must be a list of action histories');
  }

  const folded = actions
    .map((history) => foldHistory(history, asOfMs))
    .filter((f): f is FoldedAction => f !== undefined && f.state.planId === plan.planId)
    .sort((a, b) => compareRefs(a.state, b.state));

  const rows = folded.map((f) => ({ f, status: deliveryStatus(f.state, today) }));

  return {
    board: { boardId: board.boardId, name: board.name, chair: board.chair, level: board.level },
    plan: { planId: plan.planId, authority: plan.authority, title: plan.title },
    asOf,
    today,
    previousMeetingDate,
    overall: overallOf(plan),
    counts: countStatuses(rows.map((r) => r.status)),
    actionCount: rows.length,
    themes: themesOf(
      plan,
      rows.map((r) => ({ qs: r.f.state.qualityStatement, status: r.status })),
    ),
    escalatedAwaitingDecision: rows
      .filter(
        ({ f }) =>
          f.state.awaitingBoardDecision &&
          f.state.escalatedToBoardId === board.boardId &&
          f.state.status !== 'closed' &&
          f.state.status !== 'cancelled' &&
          f.escalatedAt !== null,
      )
      .map(({ f, status }): EscalatedRow => {
        const escalatedAt = f.escalatedAt as string;
        return {
          ...actionRow(f.state, status),
          daysOverdue: actionDaysOverdue(f.state, today),
          escalationReason: f.state.escalationReason,
          escalatedAt,
          daysWaiting: Math.max(0, daysBetween(londonDateOf(escalatedAt), today)),
        };
      })
      .sort(
        (a, b) => compareNumbers(epoch(a.escalatedAt), epoch(b.escalatedAt)) || compareRefs(a, b),
      ),
    overdue: rows
      .filter(({ f }) => isActionOverdue(f.state, today))
      .map(({ f, status }): OverdueRow => ({
        ...actionRow(f.state, status),
        daysOverdue: actionDaysOverdue(f.state, today),
        escalatedTo:
          f.state.escalatedToBoardId === null
            ? null
            : (boardById(plan, f.state.escalatedToBoardId)?.name ?? f.state.escalatedToBoardId),
        awaitingBoardDecision: f.state.awaitingBoardDecision,
      }))
      .sort((a, b) => compareNumbers(b.daysOverdue, a.daysOverdue) || compareRefs(a, b)),
    drift: rows
      .filter(({ f }) => f.state.dueDateChangeCount > 0)
      .map(({ f, status }): DriftRow => {
        const s = f.state;
        const last = s.dueDateHistory[s.dueDateHistory.length - 1];
        return {
          ...actionRow(s, status),
          count: s.dueDateChangeCount,
          totalDaysMoved: s.totalDaysMoved,
          netDaysMoved: s.netDaysMoved,
          originalDueDate: s.originalDueDate as string,
          currentDueDate: s.dueDate as string,
          lastReason: last?.reason ?? null,
        };
      })
      .sort(
        (a, b) =>
          compareNumbers(b.totalDaysMoved, a.totalDaysMoved) ||
          compareNumbers(b.count, a.count) ||
          compareRefs(a, b),
      ),
    changesSincePreviousMeeting: changesOf(plan, folded, today, previousMeetingDate),
  };
}

// ---------------------------------------------------------------------------------------------
// Folding one action's history

interface FoldedAction extends ActionReportFold {
  /** The state at asOf. */
  readonly state: RaisedAction;
}

/**
 * The history folded up to asOf, from its `base` fold (a snapshot) when it has one: only events
 * after the base's version are folded, so a snapshot and its tail give the same fold as the
 * whole history.
 */
function foldHistory(history: ActionHistory, asOfMs: number): FoldedAction | undefined {
  if (history === null || typeof history !== 'object' || !Array.isArray(history.events)) {
    throw new BoardReportInputError('actions', 'Each action history needs a list of events');
  }
  const base = history.base ?? initialActionReportFold;
  let fold = base;
  // Events appended together share their recordedAt: parse each distinct one once.
  let lastRecordedAt: string | undefined;
  let lastMs: number | undefined;
  for (const e of inVersionOrder(history.events)) {
    if (e.version <= base.version) continue;
    if (e.recordedAt !== lastRecordedAt) {
      lastRecordedAt = e.recordedAt;
      lastMs = instantToEpochMs(e.recordedAt);
    }
    const ms = lastMs;
    if (ms === undefined) {
      throw new BoardReportInputError(
        'actions',
        `Event ${e.version} of action ${history.actionId} has no valid recordedAt: ${e.recordedAt}`,
      );
    }
    if (ms <= asOfMs) fold = foldActionReportEvent(fold, e);
  }
  const { state } = fold;
  return isRaised(state) ? { ...fold, state } : undefined;
}

/** The events by version: as given when they already are (as the store reads them), else sorted. */
function inVersionOrder(events: readonly ActionHistory['events'][number][]) {
  for (let i = 1; i < events.length; i++) {
    if (events[i].version < events[i - 1].version) {
      return [...events].sort((a, b) => compareNumbers(a.version, b.version));
    }
  }
  return events;
}

// ---------------------------------------------------------------------------------------------
// Sections

function overallOf(plan: CreatedPlan): BoardReport['overall'] {
  const overall = planOverallScore(plan);
  return overall === undefined
    ? { percentage: null, rating: null, assessed: 0, complete: false }
    : {
        percentage: overall.percentage,
        rating: overall.rating,
        assessed: overall.assessed,
        complete: overall.complete,
      };
}

function emptyCounts(): Record<DeliveryStatus, number> {
  const counts = {} as Record<DeliveryStatus, number>;
  for (const status of DELIVERY_STATUSES) counts[status] = 0;
  return counts;
}

function countStatuses(statuses: readonly DeliveryStatus[]): StatusCounts {
  const counts = emptyCounts();
  for (const status of statuses) counts[status] += 1;
  return counts;
}

function themesOf(
  plan: CreatedPlan,
  actions: readonly { qs: QualityStatementCode; status: DeliveryStatus }[],
): ThemeSection[] {
  const scores = latestScores(plan);
  return THEMES.map((theme): ThemeSection => {
    const statements = theme.qualityStatements.map((code): QualityStatementSection => {
      const qs = QUALITY_STATEMENTS.find((q) => q.code === code);
      const mine = actions.filter((a) => a.qs === code).map((a) => a.status);
      const score = scores[code];
      return {
        code,
        number: qs?.number ?? 0,
        name: qs?.name ?? code,
        latestScore:
          score === undefined
            ? null
            : {
                value: score.score,
                words: SCORE_WORDS[score.score],
                description: scoreDescription(score.score),
                source: score.source,
                assessedAt: score.assessedAt,
              },
        counts: countStatuses(mine),
        actionCount: mine.length,
      };
    });
    const counts = emptyCounts();
    for (const qs of statements) {
      for (const status of DELIVERY_STATUSES) counts[status] += qs.counts[status];
    }
    return {
      code: theme.code,
      number: theme.number,
      name: theme.name,
      qualityStatements: statements,
      counts,
      actionCount: statements.reduce((n, qs) => n + qs.actionCount, 0),
    };
  });
}

function actionRow(state: RaisedAction, status: DeliveryStatus): ActionRow {
  return {
    actionId: state.actionId,
    ref: state.ref,
    title: state.title,
    qualityStatement: state.qualityStatement,
    priority: state.priority,
    owner: state.owner?.name ?? null,
    dueDate: state.dueDate,
    deliveryStatus: status,
    escalationLevel: state.escalationLevel,
  };
}

function changesOf(
  plan: CreatedPlan,
  folded: readonly FoldedAction[],
  today: string,
  previousMeetingDate: string | null,
): ChangesSection {
  const raised: RaisedChange[] = [];
  const closed: ClosedChange[] = [];
  const slipped: SlippedChange[] = [];
  const escalated: EscalatedChange[] = [];
  for (const f of folded) {
    const s = f.state;
    const base = (on: string, at: string | null) => ({
      actionId: s.actionId,
      ref: s.ref,
      title: s.title,
      qualityStatement: s.qualityStatement,
      on,
      at,
    });
    for (const change of f.changes) {
      // Changes on the previous meeting day were reported at that meeting.
      if (previousMeetingDate !== null && change.on <= previousMeetingDate) continue;
      const { on, at } = change;
      switch (change.kind) {
        case 'raised':
          raised.push({ ...base(on, at), priority: s.priority });
          break;
        case 'closed':
          closed.push({ ...base(on, at), note: change.note });
          break;
        case 'replanned':
          slipped.push({
            ...base(on, at),
            kind: 'replanned',
            fromDueDate: change.fromDueDate,
            toDueDate: change.toDueDate,
            days: change.days,
            reason: change.reason,
          });
          break;
        case 'escalated':
          escalated.push({
            ...base(on, at),
            fromLevel: change.fromLevel,
            toLevel: change.toLevel,
            boardId: change.boardId,
            boardName: boardById(plan, change.boardId)?.name ?? null,
            reason: change.reason,
            daysOverdue: change.daysOverdue,
          });
          break;
      }
    }
    const chasedBefore =
      previousMeetingDate === null ? null : chasedDueDateOn(f, previousMeetingDate);
    const overdueBefore =
      chasedBefore !== null && isOverdue(chasedBefore, previousMeetingDate as string);
    if (isChased(s) && isActionOverdue(s, today) && !overdueBefore) {
      // The first day of the current overdue spell: the day after the due date, or the day the
      // action last became chased with this date (raised, re-planned, re-opened), if later.
      const dayAfterDue = addDays(s.dueDate, 1);
      const on =
        f.chaseChangedOn !== null && f.chaseChangedOn > dayAfterDue
          ? f.chaseChangedOn
          : dayAfterDue;
      slipped.push({
        ...base(on, null),
        kind: 'became-overdue',
        fromDueDate: s.dueDate,
        toDueDate: s.dueDate,
        days: actionDaysOverdue(s, today),
        reason: null,
      });
    }
  }
  return {
    since: previousMeetingDate,
    raised: raised.sort(compareChanges),
    closed: closed.sort(compareChanges),
    slipped: slipped.sort(compareChanges),
    escalated: escalated.sort(compareChanges),
  };
}

// ---------------------------------------------------------------------------------------------
// Ordering: stable and locale-independent

function compareNumbers(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorting a plan's rows and changes compares the same instants and refs many times (10,000
 * actions: about 140,000 comparisons): parse each string once. Pure functions of the string, so
 * the caches are shared between reports, and emptied when they grow large.
 */
const CACHE_LIMIT = 200_000;
const epochs = new Map<string, number>();
const refParts = new Map<string, readonly { text: string; number?: number }[]>();

function epoch(instant: string): number {
  let ms = epochs.get(instant);
  if (ms === undefined) {
    if (epochs.size >= CACHE_LIMIT) epochs.clear();
    ms = instantToEpochMs(instant) ?? 0;
    epochs.set(instant, ms);
  }
  return ms;
}

/** A ref split into runs of digits (with their value) and of other characters. */
function partsOf(ref: string): readonly { text: string; number?: number }[] {
  let parts = refParts.get(ref);
  if (parts === undefined) {
    if (refParts.size >= CACHE_LIMIT) refParts.clear();
    parts = (ref.match(/\d+|\D+/g) ?? []).map((text) =>
      /^\d/.test(text) ? { text, number: Number(text) } : { text },
    );
    refParts.set(ref, parts);
  }
  return parts;
}

/** Natural order of refs ("QS7-2" before "QS7-10"), then by action id. */
function compareRefs(
  a: { ref: string; actionId: string },
  b: { ref: string; actionId: string },
): number {
  const pa = partsOf(a.ref);
  const pb = partsOf(b.ref);
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    const c =
      x.number !== undefined && y.number !== undefined
        ? compareNumbers(x.number, y.number) || compareStrings(x.text, y.text)
        : compareStrings(x.text, y.text);
    if (c !== 0) return c;
  }
  return compareNumbers(pa.length, pb.length) || compareStrings(a.actionId, b.actionId);
}

function compareChanges(
  a: { on: string; at: string | null; ref: string; actionId: string },
  b: { on: string; at: string | null; ref: string; actionId: string },
): number {
  return (
    compareStrings(a.on, b.on) ||
    compareNumbers(
      a.at === null ? -Infinity : epoch(a.at),
      b.at === null ? -Infinity : epoch(b.at),
    ) ||
    compareRefs(a, b)
  );
}
