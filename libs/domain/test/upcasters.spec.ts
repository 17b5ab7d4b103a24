import {
  ACTION_EVENT_SCHEMA_VERSIONS,
  PLAN_EVENT_SCHEMA_VERSIONS,
  UnreadableEventVersionError,
  currentSchemaVersion,
  evolveAction,
  initialActionState,
  bumpSchemaVersionForTests,
  registerUpcaster,
  upcastEvent,
} from '@asc/domain';
import { openAction } from './action-fixtures';
import {
  PROGRESS_REPORTED_V1_UPCASTER,
  bumpProgressReportedToV2,
  progressReportedV1,
} from './upcaster-fixtures';

describe('upcastEvent', () => {
  it('given a current event, when read, then it is the same object (no copy on the hot path)', () => {
    const event = { type: 'DueDateSet', schemaVersion: 1, data: { dueDate: '2025-01-31' } };
    expect(upcastEvent(event)).toBe(event);
  });

  it('given a type that is not ours, when read, then it is left alone', () => {
    const event = { type: 'SomethingElse', schemaVersion: 7, data: {} };
    expect(upcastEvent(event)).toBe(event);
    expect(currentSchemaVersion('SomethingElse')).toBeUndefined();
  });

  it('knows the current version of every action and plan event type', () => {
    for (const [type, version] of Object.entries({
      ...ACTION_EVENT_SCHEMA_VERSIONS,
      ...PLAN_EVENT_SCHEMA_VERSIONS,
    })) {
      expect(currentSchemaVersion(type)).toBe(version);
    }
  });

  describe('given a release that bumped ProgressReported to v2 (test fixture)', () => {
    let undo: () => void;
    beforeAll(() => {
      undo = bumpProgressReportedToV2();
    });
    afterAll(() => undo());

    it('then new events are written as v2', () => {
      expect(currentSchemaVersion('ProgressReported')).toBe(2);
    });

    it('when a v1 event is read, then it has the v2 shape and version, and the stored one is untouched', () => {
      const stored = { type: 'ProgressReported', schemaVersion: 1, data: progressReportedV1(40) };
      const read = upcastEvent(stored);
      expect(read).toEqual({
        type: 'ProgressReported',
        schemaVersion: 2,
        data: { percentComplete: 40, confidence: 'on-track', note: 'half the team recruited' },
      });
      expect(stored.data).toEqual({ percent: 40, note: 'half the team recruited' });
    });

    it('when evolve folds the upcast event, then the state has the percentage', () => {
      const stored = { type: 'ProgressReported', schemaVersion: 1, data: progressReportedV1(40) };
      const { type, data } = upcastEvent(stored);
      const open = openAction.reduce(evolveAction, initialActionState);
      const state = evolveAction(open, { type, data } as never);
      expect(state).toMatchObject({ percentComplete: 40, confidence: 'on-track' });
    });

    it('when the same step is registered twice, then it is refused', () => {
      expect(() =>
        registerUpcaster({ type: 'ProgressReported', fromVersion: 1, upcast: (d) => d }),
      ).toThrow(/already has an upcaster/);
    });
  });

  it('given no upcaster for an old version, when such an event is read, then it is refused by name', () => {
    const stored = { type: 'ProgressReported', schemaVersion: 0, data: progressReportedV1(40) };
    expect(() => upcastEvent(stored)).toThrow(UnreadableEventVersionError);
    expect(() => upcastEvent(stored)).toThrow(/ProgressReported v0 has no upcaster/);
  });

  it('undoing a test bump restores the version and removes the step', () => {
    const undo = bumpSchemaVersionForTests({ ...PROGRESS_REPORTED_V1_UPCASTER });
    expect(currentSchemaVersion('ProgressReported')).toBe(2);
    undo();
    expect(currentSchemaVersion('ProgressReported')).toBe(1);
    const stored = { type: 'ProgressReported', schemaVersion: 1, data: progressReportedV1(40) };
    expect(upcastEvent(stored)).toBe(stored);
  });

  it('given an event newer than this release, when read, then it is refused', () => {
    expect(() => upcastEvent({ type: 'DueDateSet', schemaVersion: 2, data: {} })).toThrow(
      /newer than this release/,
    );
  });

  it('refuses a step that does not lead towards the current version, or an unknown type', () => {
    expect(() =>
      registerUpcaster({ type: 'DueDateSet', fromVersion: 1, upcast: (d) => d }),
    ).toThrow(/must start from 1 up to below/);
    expect(() => registerUpcaster({ type: 'Nope', fromVersion: 0, upcast: (d) => d })).toThrow(
      /no event type/,
    );
  });
});
