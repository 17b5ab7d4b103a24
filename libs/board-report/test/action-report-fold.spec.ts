import { createHash } from 'node:crypto';
import {
  ACTION_REPORT_FOLD_VERSION,
  buildBoardReport,
  foldActionReportEvent,
  initialActionReportFold,
} from '@asc/board-report';
import {
  QAPI,
  bob,
  completed,
  decided,
  due,
  escalated,
  history,
  input,
  openAction,
  owner,
  progress,
  verified,
} from './board-report-fixtures';

const ID = '5f7a1c2e-0d3b-4e8f-9a6b-7c8d9e0f1a2b';

/** A history touching every part of the fold: re-plans, escalation, decision, completion. */
const LIFE = history(
  ID,
  ...openAction(ID, 'QS7-1', '2025-02-28', '2025-01-10T10:00:00Z'),
  ['2025-02-03T09:00:00Z', progress('on-track')],
  ['2025-02-20T09:00:00Z', due('2025-03-31', '2025-02-28')],
  ['2025-04-15T09:00:00Z', escalated(QAPI, 2, 0)],
  ['2025-04-20T09:00:00Z', decided(QAPI, '2025-04-20', 'extend')],
  ['2025-04-20T09:00:00Z', due('2025-05-31', '2025-03-31', 'Board extended')],
  ['2025-05-02T09:00:00Z', owner(bob)],
  ['2025-05-20T09:00:00Z', progress('off-track')],
  ['2025-05-25T09:00:00Z', completed],
  ['2025-05-28T09:00:00Z', verified],
);

describe('foldActionReportEvent', () => {
  it('given a history, when folded from a snapshot at every version, then the report is the one from the whole history', () => {
    const moments = ['2025-02-25T12:00:00Z', '2025-04-16T12:00:00Z', '2025-06-01T12:00:00Z'];
    for (const asOf of moments) {
      for (const previousMeetingDate of [null, '2025-02-01', '2025-04-18']) {
        if (previousMeetingDate !== null && previousMeetingDate > asOf.slice(0, 10)) continue;
        const whole = buildBoardReport(input({ asOf, previousMeetingDate, actions: [LIFE] }));
        let base = initialActionReportFold;
        for (const event of LIFE.events) {
          if (event.recordedAt > asOf) break;
          base = foldActionReportEvent(base, event);
          const fromSnapshot = buildBoardReport(
            input({ asOf, previousMeetingDate, actions: [{ ...LIFE, base }] }),
          );
          expect(fromSnapshot).toEqual(whole);
        }
      }
    }
  });

  it('pins what the fold holds to ACTION_REPORT_FOLD_VERSION: a change to evolveAction or the fold must bump it (old snapshots are then ignored)', () => {
    const fold = LIFE.events.reduce(foldActionReportEvent, initialActionReportFold);
    const fingerprint = createHash('sha256').update(JSON.stringify(fold)).digest('hex');
    // When this fails on purpose: bump ACTION_REPORT_FOLD_VERSION and record the new fingerprint.
    const FINGERPRINTS: Record<number, string> = {
      1: '3b8fb89eec19744bf7009e2a92dd24c8469d9d40440f83aed4afd0c5d761815b',
    };
    expect({ version: ACTION_REPORT_FOLD_VERSION, fingerprint }).toEqual({
      version: ACTION_REPORT_FOLD_VERSION,
      fingerprint: FINGERPRINTS[ACTION_REPORT_FOLD_VERSION],
    });
  });
});
