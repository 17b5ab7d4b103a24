/**
 * Unit tests of the EventStoreDB adapter's pure mapping functions. They use NO server: none can
 * run on the machines this project is built on. Errors are the client's own classes (or built by
 * the client's own converter from gRPC-shaped errors), so a change in the client shows here.
 * The contract run against a real server is esdb-event-store.int-spec.ts (needs EVENTSTORE_URL).
 */
import {
  ANY,
  AccessDeniedError,
  type AllStreamResolvedEvent,
  CancelledError,
  DeadlineExceededError,
  NO_STREAM,
  START,
  STREAM_EXISTS,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  WrongExpectedVersionError,
  convertToCommandError,
} from '@eventstore/db-client';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  type ExpectedVersion,
  GENESIS_HASH,
  InvalidEventError,
  type StoredEvent,
  canonicalEventJson,
  chainHash,
  eventHash,
} from '../src';
import {
  appendResultOf,
  exactRevision,
  expectationMet,
  fromExpectedRevision,
  isStreamNotFound,
  isUserEvent,
  isWrongExpectedVersion,
  matchRetry,
  refuseStoreMetadata,
  retryWindowStart,
  revisionToVersion,
  targetFromConnectionString,
  toConcurrencyError,
  toEsdbEvents,
  toExpectedRevision,
  toPosition,
  toReadPosition,
  toSafeNumber,
  toStoredEvent,
  toUnavailableError,
} from '../src/esdb/esdb.mapping';
import { newEvent } from './event-store.contract';

const MAX = BigInt(Number.MAX_SAFE_INTEGER);

/** A gRPC ServiceError as the client receives it, for its own converter. */
function serviceError(code: number, details: string, metadata: Record<string, string> = {}) {
  return Object.assign(new Error(`${code} ${details}`), {
    code,
    details,
    metadata: { getMap: () => metadata },
  });
}

function recorded(
  overrides: Record<string, unknown> = {},
  metadataOverrides: Record<string, unknown> = {},
): AllStreamResolvedEvent {
  return {
    event: {
      streamId: 'p-action-1',
      id: '3f1c1d2e-0000-4000-8000-000000000001',
      revision: 3n,
      type: 'ActionRaised',
      isJson: true,
      created: new Date('2025-01-06T09:00:01Z'),
      data: { title: 'Reduce waiting lists' },
      metadata: {
        actor: 'user-1',
        correlationId: 'corr',
        causationId: 'cause',
        commandId: 'cmd',
        idempotencyKey: 'k-1',
        recordedAt: '2025-01-06T09:00:00.000Z',
        schemaVersion: 2,
        hash: 'ab'.repeat(32),
        ...metadataOverrides,
      },
      position: { commit: 5000n, prepare: 4800n },
      ...overrides,
    } as AllStreamResolvedEvent['event'],
  };
}

describe('expected versions', () => {
  it.each<[ExpectedVersion, unknown]>([
    [0, 0n],
    [41, 41n],
    [-1, NO_STREAM],
    ['no_stream', NO_STREAM],
    ['stream_exists', STREAM_EXISTS],
    ['any', ANY],
  ])('%p → %p', (ours, theirs) => {
    expect(toExpectedRevision(ours)).toBe(theirs);
  });

  it.each<[unknown, ExpectedVersion]>([
    [0n, 0],
    [41n, 41],
    [NO_STREAM, 'no_stream'],
    [STREAM_EXISTS, 'stream_exists'],
    [ANY, 'any'],
  ])('back: %p → %p', (theirs, ours) => {
    expect(fromExpectedRevision(theirs as never)).toBe(ours);
  });

  it('round-trips every mode and number (-1 is no_stream on both sides)', () => {
    for (const v of [0, 1, 999, 'no_stream', 'stream_exists', 'any'] as ExpectedVersion[]) {
      expect(fromExpectedRevision(toExpectedRevision(v))).toBe(v);
    }
    expect(fromExpectedRevision(toExpectedRevision(-1))).toBe('no_stream');
  });

  it("reads the client's current revision as a version: 'no_stream' and negatives are -1", () => {
    expect(revisionToVersion(NO_STREAM)).toBe(-1);
    expect(revisionToVersion(-1n)).toBe(-1);
    expect(revisionToVersion(0n)).toBe(0);
    expect(revisionToVersion(MAX)).toBe(Number.MAX_SAFE_INTEGER);
    expect(() => revisionToVersion(MAX + 1n)).toThrow(/MAX_SAFE_INTEGER/);
  });

  it('appends at the exact revision read: -1 is no_stream', () => {
    expect(exactRevision(-1)).toBe(NO_STREAM);
    expect(exactRevision(0)).toBe(0n);
    expect(exactRevision(12)).toBe(12n);
  });

  it.each<[ExpectedVersion, number, boolean]>([
    ['any', -1, true],
    ['any', 7, true],
    ['no_stream', -1, true],
    ['no_stream', 0, false],
    ['stream_exists', -1, false],
    ['stream_exists', 0, true],
    [3, 3, true],
    [3, 4, false],
    [-1, -1, true],
    [-1, 0, false],
  ])('expectation %p against actual %p: %p', (expected, actual, met) => {
    expect(expectationMet(expected, actual)).toBe(met);
  });
});

describe('errors', () => {
  it('WrongExpectedVersionError on a stream that does not exist is ConcurrencyError with actual -1', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'p-action-1',
      current: NO_STREAM,
      expected: STREAM_EXISTS,
    });
    expect(isWrongExpectedVersion(error)).toBe(true);
    const ours = toConcurrencyError(error, 'action-1', 'stream_exists');
    expect(ours).toBeInstanceOf(ConcurrencyError);
    expect(ours).toMatchObject({ stream: 'action-1', expected: 'stream_exists', actual: -1 });
  });

  it('WrongExpectedVersionError with a current revision carries it as actual, with the caller’s expectation', () => {
    const error = new WrongExpectedVersionError(undefined, {
      streamName: 'action-1',
      current: 4n,
      expected: 2n,
    });
    expect(toConcurrencyError(error, 'action-1', 'any')).toMatchObject({
      stream: 'action-1',
      expected: 'any',
      actual: 4,
    });
    expect(toConcurrencyError(error, 'action-1', 2)).toMatchObject({ expected: 2, actual: 4 });
  });

  it("the client's conversion of a gRPC wrong-expected-version error: no actual-version means no stream", () => {
    const noStream = convertToCommandError(
      serviceError(9, 'wrong expected version', {
        exception: 'wrong-expected-version',
        'stream-name': 'a',
        'expected-version': '3',
      }),
    );
    expect(noStream).toBeInstanceOf(WrongExpectedVersionError);
    expect(toConcurrencyError(noStream, 'a', 3)).toMatchObject({ expected: 3, actual: -1 });
    const at7 = convertToCommandError(
      serviceError(9, 'wrong expected version', {
        exception: 'wrong-expected-version',
        'stream-name': 'a',
        'expected-version': '3',
        'actual-version': '7',
      }),
    );
    expect(toConcurrencyError(at7, 'a', 3)).toMatchObject({ expected: 3, actual: 7 });
  });

  it('a wrong-expected-version shaped object from another copy of the client is recognised', () => {
    const shaped = { type: 'wrong-expected-version', actualVersion: 9n };
    expect(isWrongExpectedVersion(shaped)).toBe(true);
    expect(toConcurrencyError(shaped, 's', 8)).toMatchObject({ actual: 9 });
    expect(toConcurrencyError({ type: 'wrong-expected-version' }, 's', 8)).toMatchObject({
      actual: -1,
    });
  });

  it('recognises a missing stream, and nothing else as one', () => {
    expect(isStreamNotFound(new StreamNotFoundError(undefined, 'action-1'))).toBe(true);
    expect(isStreamNotFound(new UnavailableError())).toBe(false);
    expect(isStreamNotFound(new Error('action-1 not found'))).toBe(false);
    expect(isWrongExpectedVersion(new StreamNotFoundError(undefined, 'action-1'))).toBe(false);
  });

  const unavailable: [string, unknown, RegExp][] = [
    [
      'UnavailableError',
      new UnavailableError(undefined, '14 UNAVAILABLE: No connection established'),
      /^server unreachable: 14 UNAVAILABLE/,
    ],
    [
      'DeadlineExceededError',
      new DeadlineExceededError(undefined, '4 DEADLINE_EXCEEDED: Deadline exceeded'),
      /deadline.*DEADLINE_EXCEEDED/,
    ],
    [
      'NotLeaderError (via the client converter)',
      convertToCommandError(
        serviceError(5, 'Leader info available', {
          exception: 'not-leader',
          'leader-endpoint-host': 'n2',
          'leader-endpoint-port': '2113',
        }),
      ),
      /not the leader/,
    ],
    ['TimeoutError', new TimeoutError(undefined, 'commit timeout'), /timed out: commit timeout/],
    [
      'CancelledError (by the server)',
      new CancelledError(undefined, '1 CANCELLED: Call cancelled'),
      /cancelled/,
    ],
    ['AccessDeniedError', new AccessDeniedError(undefined, 'Access denied'), /credentials/],
    [
      'a raw gRPC UNAVAILABLE the client did not convert',
      serviceError(14, 'UNAVAILABLE: connect ECONNREFUSED'),
      /^server unreachable: 14 UNAVAILABLE/,
    ],
    ['a raw gRPC DEADLINE_EXCEEDED', serviceError(4, 'DEADLINE_EXCEEDED'), /deadline/],
    [
      'a Node socket error',
      Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:2113'), { code: 'ECONNREFUSED' }),
      /^ECONNREFUSED/,
    ],
    [
      'failed cluster discovery',
      new Error('Failed to discover after 10 attempts.'),
      /discovery failed/,
    ],
  ];
  it.each(unavailable)(
    '%s → EventStoreUnavailableError naming store, target and reason',
    (_name, error, reason) => {
      const ours = toUnavailableError(error, 'db1:2113,db2:2113');
      expect(ours).toBeInstanceOf(EventStoreUnavailableError);
      expect(ours).toMatchObject({
        store: 'esdb',
        target: 'db1:2113,db2:2113',
        code: 'UNAVAILABLE',
      });
      expect(ours?.reason).toMatch(reason);
      expect(ours?.cause).toBe(error);
      expect(ours?.message).toContain('esdb event store at db1:2113,db2:2113 is unavailable');
    },
  );

  const notUnavailable: [string, unknown][] = [
    [
      'WrongExpectedVersionError',
      new WrongExpectedVersionError(undefined, { streamName: 'a', current: 1n, expected: 0n }),
    ],
    ['StreamNotFoundError', new StreamNotFoundError(undefined, 'a')],
    ['our ConcurrencyError', new ConcurrencyError('a', 0, 1)],
    ['our InvalidEventError', new InvalidEventError('stream', 'bad')],
    ['a cancellation we asked for', serviceError(1, 'Cancelled on client')],
    ['a plain Error', new Error('boom')],
    ['a string', 'boom'],
    ['undefined', undefined],
  ];
  it.each(notUnavailable)('%s is not an availability problem', (_name, error) => {
    expect(toUnavailableError(error, 'db:2113')).toBeUndefined();
  });

  it('passes an EventStoreUnavailableError through unchanged', () => {
    const error = new EventStoreUnavailableError('esdb', 'a:1', 'down');
    expect(toUnavailableError(error, 'b:2')).toBe(error);
  });
});

describe('connection string → target', () => {
  it.each([
    ['esdb://localhost:2113?tls=false', 'localhost:2113'],
    ['esdb://eventstoredb:2113?tls=false', 'eventstoredb:2113'],
    ['esdb://admin:changeit@localhost:2113?tls=false', 'localhost:2113'],
    ['esdb://localhost?tls=false', 'localhost:2113'],
    ['esdb://localhost:2113/', 'localhost:2113'],
    ['  esdb://localhost:1113  ', 'localhost:1113'],
    [
      'esdb+discover://admin:p%40ss@node1:2113,node2:2113,node3?tls=true&nodePreference=leader',
      'node1:2113,node2:2113,node3:2113',
    ],
    ['esdb://user:pa/ss?word@db.example:2113?tls=true', 'db.example:2113'],
  ])('%s → %s', (connectionString, target) => {
    expect(targetFromConnectionString(connectionString)).toBe(target);
  });

  it('never contains the credentials', () => {
    for (const cs of [
      'esdb://admin:SeCrEt@h:1',
      'esdb+discover://ops:SeCrEt@a,b:2',
      'esdb://x:SeCrEt/x@h',
    ]) {
      expect(targetFromConnectionString(cs)).not.toContain('SeCrEt');
    }
  });

  it.each([
    'http://localhost:2113',
    'postgres://u:SeCrEt@h/db',
    'esdb://',
    'esdb://?tls=false',
    '',
  ])('refuses %p without repeating it', (cs) => {
    const error = (() => {
      try {
        targetFromConnectionString(cs);
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error).toBeInstanceOf(Error);
    expect(error?.message).not.toContain('SeCrEt');
  });
});

describe('positions', () => {
  it('our position is the prepare position, a number', () => {
    expect(toPosition({ commit: 5000n, prepare: 4800n })).toBe(4800);
    expect(toPosition({ commit: MAX, prepare: MAX })).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('refuses a position beyond Number.MAX_SAFE_INTEGER instead of rounding it', () => {
    expect(() => toPosition({ commit: MAX + 1n, prepare: MAX + 1n })).toThrow(
      /beyond Number.MAX_SAFE_INTEGER/,
    );
    expect(() => toSafeNumber(MAX + 2n, 'log position')).toThrow(`log position ${MAX + 2n}`);
  });

  it('refuses an event without a position (servers before 22.6)', () => {
    expect(() => toPosition(undefined)).toThrow(/22\.6/);
  });

  it('resumes a forward read of $all at {commit: p, prepare: p}, or at the start for 0', () => {
    expect(toReadPosition(0)).toBe(START);
    expect(toReadPosition(123456)).toEqual({ commit: 123456n, prepare: 123456n });
  });
});

describe('events', () => {
  it('tells user events from system events and other prefixes', () => {
    expect(isUserEvent(recorded())).toBe(true);
    expect(isUserEvent(recorded(), 'p-')).toBe(true);
    expect(isUserEvent(recorded(), 'q-')).toBe(false);
    expect(isUserEvent(recorded({ type: '$metadata' }))).toBe(false);
    expect(isUserEvent(recorded({ streamId: '$stats-127.0.0.1:2113', type: 'Stats' }))).toBe(false);
    expect(isUserEvent({ commitPosition: 1n })).toBe(false);
  });

  it('refuses caller metadata named like what the store stamps', () => {
    const e = newEvent();
    expect(() => refuseStoreMetadata([newEvent(), e])).not.toThrow();
    e.metadata.hash = 'x';
    expect(() => refuseStoreMetadata([newEvent(), e])).toThrow(
      expect.objectContaining({
        field: 'events[1].metadata.hash',
        rule: 'is set by the store, not by the caller',
      }),
    );
    const f = newEvent();
    f.metadata.schemaVersion = 3;
    expect(() => refuseStoreMetadata([f])).toThrow(
      expect.objectContaining({ field: 'events[0].metadata.schemaVersion' }),
    );
  });

  describe('NewEvent → ESDB JSON event', () => {
    const recordedAt = '2025-01-06T09:00:00.000Z';
    const events = [
      newEvent('ActionRaised', { title: 'x' }),
      newEvent('DueDateSet', { due: '2025-02-01' }),
    ];
    events[0].metadata.idempotencyKey = 'k-1';
    const previous = 'f'.repeat(64);
    const written = toEsdbEvents(events, previous, recordedAt);

    it('keeps id, type and data, as JSON', () => {
      expect(written.map((w) => [w.id, w.type, w.contentType, w.data])).toEqual(
        events.map((e) => [e.eventId, e.type, 'application/json', e.data]),
      );
    });

    it('metadata: ours, the extras, recordedAt, schemaVersion and hash, nothing else', () => {
      const hash = (written[0].metadata as { hash: string }).hash;
      expect(written[0].metadata).toEqual({
        ...events[0].metadata,
        recordedAt,
        schemaVersion: 1,
        hash,
      });
      expect(Object.keys(written[1].metadata as object).sort()).toEqual(
        [
          'actor',
          'causationId',
          'commandId',
          'correlationId',
          'hash',
          'recordedAt',
          'schemaVersion',
        ].sort(),
      );
    });

    it('chains the hashes: sha256(previous + canonical JSON), starting from the stream’s last hash', () => {
      const [h0, h1] = written.map((w) => (w.metadata as { hash: string }).hash);
      expect(h0).toBe(
        chainHash(
          previous,
          canonicalEventJson({ ...events[0], metadata: { ...events[0].metadata, recordedAt } }),
        ),
      );
      expect(h1).toBe(
        chainHash(
          h0,
          canonicalEventJson({ ...events[1], metadata: { ...events[1].metadata, recordedAt } }),
        ),
      );
      expect(toEsdbEvents(events, GENESIS_HASH, recordedAt)[0].metadata).not.toEqual(
        written[0].metadata,
      );
    });

    it('round-trips through a recorded event to a StoredEvent whose hash verifies', () => {
      const back = toStoredEvent(
        recorded({
          streamId: 'p-a',
          revision: 0n,
          id: written[0].id,
          type: written[0].type,
          data: written[0].data,
          metadata: written[0].metadata,
        }),
        'p-',
      );
      expect(back).toMatchObject({
        stream: 'a',
        version: 0,
        eventId: events[0].eventId,
        schemaVersion: 1,
        data: events[0].data,
        recordedAt,
      });
      expect(back.metadata).toEqual({ ...events[0].metadata, recordedAt });
      expect(back.hash).toBe(eventHash(previous, back));
    });
  });

  describe('recorded event → StoredEvent', () => {
    it('maps stream (prefix removed), revision, prepare position, and splits the metadata', () => {
      const stored = toStoredEvent(recorded(), 'p-');
      expect(stored).toEqual({
        stream: 'action-1',
        version: 3,
        position: 4800,
        eventId: '3f1c1d2e-0000-4000-8000-000000000001',
        type: 'ActionRaised',
        schemaVersion: 2,
        data: { title: 'Reduce waiting lists' },
        metadata: {
          actor: 'user-1',
          correlationId: 'corr',
          causationId: 'cause',
          commandId: 'cmd',
          idempotencyKey: 'k-1',
          recordedAt: '2025-01-06T09:00:00.000Z',
        },
        recordedAt: '2025-01-06T09:00:00.000Z',
        hash: 'ab'.repeat(32),
      });
    });

    it('keeps the stream name whole without a prefix', () => {
      expect(toStoredEvent(recorded()).stream).toBe('p-action-1');
    });

    it.each<[string, AllStreamResolvedEvent, RegExp]>([
      [
        'binary data',
        recorded({ isJson: false, data: new Uint8Array([1]) }),
        /data is not a JSON object/,
      ],
      ['no metadata', recorded({ metadata: undefined }), /metadata is not a JSON object/],
      ['no hash', recorded({}, { hash: undefined }), /no hash/],
      ['no schemaVersion', recorded({}, { schemaVersion: undefined }), /no schemaVersion/],
      ['no recordedAt', recorded({}, { recordedAt: undefined }), /no recordedAt/],
      ['another prefix', recorded({ streamId: 'q-action-1' }), /not under "p-"/],
    ])('names an event the adapter did not write: %s', (_name, resolved, message) => {
      expect(() => toStoredEvent(resolved, 'p-')).toThrow(message);
      expect(() => toStoredEvent(resolved, 'p-')).toThrow(/p-action-1@3|q-action-1@3/);
    });

    it('refuses a link without its event, a revision or position beyond MAX_SAFE_INTEGER', () => {
      expect(() => toStoredEvent({ commitPosition: 1n })).toThrow(/link/);
      expect(() => toStoredEvent(recorded({ revision: MAX + 1n }))).toThrow(
        /stream revision \d+ is beyond/,
      );
      expect(() =>
        toStoredEvent(recorded({ position: { commit: MAX + 1n, prepare: MAX + 1n } })),
      ).toThrow(/log position/);
    });
  });
});

describe('idempotent retries', () => {
  const withId = (eventId: string) => ({ ...newEvent(), eventId });
  const stored = (eventId: string, version: number, position: number): StoredEvent => ({
    ...toStoredEvent(recorded()),
    stream: 's',
    eventId,
    version,
    position,
  });

  it.each<[ExpectedVersion, number, number, number | undefined]>([
    [-1, 1, 2, 0],
    ['no_stream', 1, 2, 0],
    ['no_stream', 0, 2, undefined],
    ['no_stream', -1, 1, undefined],
    [4, 6, 2, 5],
    [4, 5, 2, undefined],
    [4, 4, 1, undefined],
    ['any', 5, 2, 4],
    ['stream_exists', 5, 6, 0],
    ['any', 0, 2, undefined],
    ['any', -1, 1, undefined],
  ])(
    'expected %p, stream at %p, %p events: window starts at %p',
    (expected, actual, count, start) => {
      expect(retryWindowStart(expected, actual, count)).toBe(start);
    },
  );

  it('all ids in place: the original result', () => {
    const result = matchRetry(
      's',
      [stored('a', 4, 100), stored('b', 5, 180)],
      [withId('a'), withId('b')],
    );
    expect(result).toEqual({
      stream: 's',
      nextExpectedVersion: 5,
      firstPosition: 100,
      lastPosition: 180,
    });
  });

  it('some ids in place: an id reused elsewhere, named with where it is', () => {
    const result = matchRetry(
      's',
      [stored('a', 4, 100), stored('b', 5, 180)],
      [withId('x'), withId('a')],
    );
    expect(result).toBeInstanceOf(DuplicateEventIdError);
    expect(result).toMatchObject({
      eventId: 'a',
      stream: 's',
      existingStream: 's',
      existingVersion: 4,
    });
  });

  it('the same ids in another order are not a retry', () => {
    const result = matchRetry(
      's',
      [stored('a', 4, 100), stored('b', 5, 180)],
      [withId('b'), withId('a')],
    );
    expect(result).toBeInstanceOf(DuplicateEventIdError);
  });

  it('no id in place: not a retry', () => {
    expect(matchRetry('s', [stored('a', 4, 100)], [withId('z')])).toBeUndefined();
  });

  it('appendResultOf: last version, first and last positions', () => {
    expect(
      appendResultOf('s', [stored('a', 0, 10), stored('b', 1, 20), stored('c', 2, 30)]),
    ).toEqual({
      stream: 's',
      nextExpectedVersion: 2,
      firstPosition: 10,
      lastPosition: 30,
    });
  });
});
