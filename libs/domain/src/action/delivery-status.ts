import { isOverdue, isValidDate } from '../shared/london-calendar';
import { isChased, type ActionState } from './action.state';

/** The delivery status shown to people: always as a word, never as a colour alone. */
export const DELIVERY_STATUSES = [
  'not started',
  'on track',
  'at risk',
  'off track',
  'overdue',
  'completed',
  'closed',
  'cancelled',
] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * The delivery status of an action on `today` (a Europe/London date, `YYYY-MM-DD`; derive it
 * from an instant with londonDateOf). In order of precedence:
 * cancelled, closed, completed (from the lifecycle state); overdue (open, or raised with a due
 * date, and today is after the due date); not started (raised, or open with no progress report
 * yet); otherwise the confidence of the latest progress report: on track, at risk, off track.
 * Throws RangeError for an action that has not been raised or an invalid `today`.
 */
export function deliveryStatus(state: ActionState, today: string): DeliveryStatus {
  if (!isValidDate(today)) throw new RangeError(`today must be a YYYY-MM-DD date: ${today}`);
  switch (state.status) {
    case 'none':
      throw new RangeError('An action that has not been raised has no delivery status');
    case 'cancelled':
      return 'cancelled';
    case 'closed':
      return 'closed';
    case 'completed':
      return 'completed';
    case 'raised':
    case 'open':
      if (isChased(state) && isOverdue(state.dueDate, today)) return 'overdue';
      if (state.status === 'raised' || state.confidence === null) return 'not started';
      return state.confidence === 'on-track'
        ? 'on track'
        : state.confidence === 'at-risk'
          ? 'at risk'
          : 'off track';
  }
}
