import {
  DELIVERY_STATUSES,
  deliveryStatus,
  initialActionState,
  replay,
  actionDecider,
  type ActionEvent,
} from '@asc/domain';
import {
  DUE,
  alice,
  cancelledAction,
  closedAction,
  completedAction,
  dueDateSet,
  openAction,
  ownerAssigned,
  progress,
  raised,
} from './action-fixtures';

const status = (events: ActionEvent[], today: string) =>
  deliveryStatus(replay(actionDecider, events), today);

describe('delivery status', () => {
  it('has the eight words of domain.md', () => {
    expect(DELIVERY_STATUSES).toEqual([
      'not started',
      'on track',
      'at risk',
      'off track',
      'overdue',
      'completed',
      'closed',
      'cancelled',
    ]);
  });

  it('not started: raised, or open with no progress report', () => {
    expect(status([raised], '2025-03-10')).toBe('not started');
    expect(status([raised, ownerAssigned(alice)], '2025-03-10')).toBe('not started');
    expect(status(openAction, '2025-03-10')).toBe('not started');
  });

  it('the latest confidence while open and in time', () => {
    expect(status([...openAction, progress(10, 'on-track')], '2025-03-10')).toBe('on track');
    expect(
      status([...openAction, progress(10, 'on-track'), progress(20, 'at-risk')], '2025-03-10'),
    ).toBe('at risk');
    expect(status([...openAction, progress(10, 'off-track')], '2025-03-31')).toBe('off track');
  });

  it('overdue after the due date, open or raised with a date', () => {
    expect(status([...openAction, progress(90, 'on-track')], '2025-04-01')).toBe('overdue');
    expect(status([raised, dueDateSet(DUE)], '2025-04-01')).toBe('overdue');
    expect(status([raised, dueDateSet(DUE)], DUE)).toBe('not started');
  });

  it('completed, closed and cancelled come from the lifecycle, even past the due date', () => {
    expect(status(completedAction, '2025-05-01')).toBe('completed');
    expect(status(closedAction, '2025-05-01')).toBe('closed');
    expect(status(cancelledAction, '2025-05-01')).toBe('cancelled');
  });

  it('throws for an action not raised or an invalid date', () => {
    expect(() => deliveryStatus(initialActionState, '2025-03-10')).toThrow(RangeError);
    expect(() => deliveryStatus(replay(actionDecider, openAction), '2025-02-30')).toThrow(
      RangeError,
    );
  });
});
