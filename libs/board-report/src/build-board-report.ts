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
  evolveAction,
  initialActionState,
  instantToEpochMs,
  isActionEventType,
  isActionOverdue,
  isChased,
  isCreated,
  isRaised,
  isValidDate,
  latestScores,
  londonDateOf,
  planOverallScore,
  scoreDescription,
  type ActionEvent,
  type ActionState,
  type CreatedPlan,
  type DeliveryStatus,
  type QualityStatementCode,
  type RaisedAction,
} from '@asc/domain';
import {
  BoardReportInputError,
  type ActionHistory,
  type ActionHistoryEvent,
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
    .map((history) => foldHistory(history, asOfMs, previousMeetingDate))
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

interface DatedEvent {
  readonly event: ActionEvent;
  readonly recordedAt: string;
  /** London date of recordedAt. */
  readonly on: string;
}

interface FoldedAction {
  /** The state at asOf. */
  readonly state: RaisedAction;
  /** The state at the end of the previous meeting day (initial when there is none). */
  readonly before: ActionState;
  /** recordedAt of the latest ActionEscalated. */
  readonly escalatedAt: string | null;
  /** Each event after the previous meeting, with the state just before it. */
  readonly since: readonly { readonly dated: DatedEvent; readonly prior: ActionState }[];
  /** London date of the latest event that changed whether the action is chased or its due date. */
  readonly chaseChangedOn: string | null;
}

function foldHistory(
  history: ActionHistory,
  asOfMs: number,
  previousMeetingDate: string | null,
): FoldedAction | undefined {
  if (history === null || typeof history !== 'object' || !Array.isArray(history.events)) {
    throw new BoardReportInputError('actions', 'Each action history needs a list of events');
  }
  const dated = [...history.events]
    .sort((a, b) => compareNumbers(a.version, b.version))
    .filter((e) => isActionEventType(e.type))
    .map((e) => datedEvent(history.actionId, e))
    .filter((d) => (instantToEpochMs(d.recordedAt) as number) <= asOfMs);

  let state: ActionState = initialActionState;
  let before: ActionState = initialActionState;
  let escalatedAt: string | null = null;
  let chaseChangedOn: string | null = null;
  const since: { dated: DatedEvent; prior: ActionState }[] = [];
  for (const d of dated) {
    const prior = state;
    state = evolveAction(state, d.event);
    if (previousMeetingDate !== null && d.on <= previousMeetingDate) before = state;
    else since.push({ dated: d, prior });
    if (d.event.type === 'ActionEscalated') escalatedAt = d.recordedAt;
    if (chaseKey(prior) !== chaseKey(state)) chaseChangedOn = d.on;
  }
  if (!isRaised(state)) return undefined;
  return { state, before, escalatedAt, since, chaseChangedOn };
}

function datedEvent(actionId: string, e: ActionHistoryEvent): DatedEvent {
  if (instantToEpochMs(e.recordedAt) === undefined) {
    throw new BoardReportInputError(
      'actions',
      `Event ${e.version} of action ${actionId} has no valid recordedAt: ${e.recordedAt}`,
    );
  }
  return {
    // The type is known; the data is a stored fact the decider already checked.
    event: { type: e.type, data: e.data } as ActionEvent,
    recordedAt: e.recordedAt,
    on: londonDateOf(e.recordedAt),
  };
}

/** What decides overdue-ness besides the date: chased or not, and the due date. */
function chaseKey(state: ActionState): string {
  return isChased(state) ? state.dueDate : '';
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
    for (const { dated, prior } of f.since) {
      const { event, recordedAt, on } = dated;
      switch (event.type) {
        case 'ActionRaised':
          if (!isRaised(prior)) raised.push({ ...base(on, recordedAt), priority: s.priority });
          break;
        case 'CompletionVerified':
          closed.push({ ...base(on, recordedAt), note: event.data.note });
          break;
        case 'DueDateSet': {
          const { dueDate, previousDueDate, reason } = event.data;
          if (previousDueDate !== null && dueDate > previousDueDate) {
            slipped.push({
              ...base(on, recordedAt),
              kind: 'replanned',
              fromDueDate: previousDueDate,
              toDueDate: dueDate,
              days: daysBetween(previousDueDate, dueDate),
              reason,
            });
          }
          break;
        }
        case 'ActionEscalated':
          escalated.push({
            ...base(on, recordedAt),
            fromLevel: event.data.fromLevel,
            toLevel: event.data.toLevel,
            boardId: event.data.boardId,
            boardName: boardById(plan, event.data.boardId)?.name ?? null,
            reason: event.data.reason,
            daysOverdue: event.data.daysOverdue,
          });
          break;
        default:
          break;
      }
    }
    const overdueBefore =
      previousMeetingDate !== null && isActionOverdue(f.before, previousMeetingDate);
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

function epoch(instant: string): number {
  return instantToEpochMs(instant) ?? 0;
}

/** Natural order of refs ("QS7-2" before "QS7-10"), then by action id. */
function compareRefs(
  a: { ref: string; actionId: string },
  b: { ref: string; actionId: string },
): number {
  const pa = a.ref.match(/\d+|\D+/g) ?? [];
  const pb = b.ref.match(/\d+|\D+/g) ?? [];
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const x = pa[i] as string;
    const y = pb[i] as string;
    const bothNumbers = /^\d/.test(x) && /^\d/.test(y);
    const c = bothNumbers
      ? compareNumbers(Number(x), Number(y)) || compareStrings(x, y)
      : compareStrings(x, y);
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
