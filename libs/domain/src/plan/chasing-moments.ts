import {
  addIsoDurationToEpochMs,
  parseIsoDuration,
  type IsoDuration,
} from '../shared/iso-duration';
import {
  addDays,
  epochMsToInstant,
  londonWallClockToEpochMs,
  type IsoDate,
  type IsoInstant,
} from '../shared/london-calendar';

/**
 * When a chasing step falls due, from an action's due date (a Europe/London calendar date) and
 * a policy duration. Pure; the chaser schedules its jobs at these instants.
 *
 * - **Before the due date** (`reminderLeadTimes`): back from the start of the due date, London
 *   midnight. `P7D` is midnight seven London days before; `P1D` midnight the day before;
 *   `PT30S` 23:59:30 the evening before. The due-date reminder itself is dueDateStarts().
 * - **Overdue** (`overdueBy`, `overdueReminderInterval`): an action is overdue from the start of
 *   the London day after its due date (overdueFrom()). A duration counts from the start of the
 *   due date, as daysOverdue() counts days: `P14D` is the start of the day on which the action is
 *   14 days overdue (dueDate + 14), domain.md's "escalate at 14 days overdue", and ActionEscalated
 *   then says `daysOverdue: 14`. A duration that would land before the action is overdue (shorter
 *   than a day: a demo's `PT30S`) counts from overdueFrom() instead, so `PT30S` fires 30 seconds
 *   after the action became overdue. A repeating interval decides this once, by its own length,
 *   so that the series stays regular (pass it as `step`).
 * - Date parts move in London calendar days, so a clock change never moves a reminder off
 *   midnight; time parts are elapsed time, so `PT24H` across a clock change ends at 23:00 or
 *   01:00 London time.
 */

function parsed(duration: IsoDuration | string): IsoDuration {
  const d = typeof duration === 'string' ? parseIsoDuration(duration) : duration;
  if (d === undefined) throw new RangeError(`Not an ISO 8601 duration: ${String(duration)}`);
  return d;
}

/** Epoch ms of London midnight at the start of the due date. */
export function dueDateStartsMs(dueDate: IsoDate): number {
  return londonWallClockToEpochMs(dueDate, 0);
}

/** The instant the due date begins in London: when the `due` reminder fires. */
export function dueDateStarts(dueDate: IsoDate): IsoInstant {
  return epochMsToInstant(dueDateStartsMs(dueDate));
}

/** Epoch ms of the next London midnight after the due date: from then on it is overdue. */
export function overdueFromMs(dueDate: IsoDate): number {
  return londonWallClockToEpochMs(addDays(dueDate, 1), 0);
}

/** The instant an action with this due date becomes overdue (if still open). */
export function overdueFrom(dueDate: IsoDate): IsoInstant {
  return epochMsToInstant(overdueFromMs(dueDate));
}

/** Epoch ms `leadTime` before the due date starts. */
export function momentBeforeDueMs(dueDate: IsoDate, leadTime: IsoDuration | string): number {
  return addIsoDurationToEpochMs(dueDateStartsMs(dueDate), parsed(leadTime), -1);
}

/** When a reminder `leadTime` ahead of the due date fires (`P7D` → midnight a week before). */
export function momentBeforeDue(dueDate: IsoDate, leadTime: IsoDuration | string): IsoInstant {
  return epochMsToInstant(momentBeforeDueMs(dueDate, leadTime));
}

/**
 * Epoch ms at which an action is `overdueBy` overdue (see the rules above). For the n-th repeat
 * of an interval pass `multiplyIsoDuration(interval, n)` and the interval itself as `step`: the
 * interval's length, not the multiple's, decides where the series counts from.
 */
export function momentOverdueByMs(
  dueDate: IsoDate,
  overdueBy: IsoDuration | string,
  step: IsoDuration | string = overdueBy,
): number {
  const from = overdueFromMs(dueDate);
  const dueStart = dueDateStartsMs(dueDate);
  const anchor = addIsoDurationToEpochMs(dueStart, parsed(step), 1) >= from ? dueStart : from;
  return addIsoDurationToEpochMs(anchor, parsed(overdueBy), 1);
}

/** When an action is `overdueBy` overdue: `P14D` → the start of dueDate + 14 in London. */
export function momentOverdueBy(
  dueDate: IsoDate,
  overdueBy: IsoDuration | string,
  step: IsoDuration | string = overdueBy,
): IsoInstant {
  return epochMsToInstant(momentOverdueByMs(dueDate, overdueBy, step));
}
