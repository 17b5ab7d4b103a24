/**
 * The contract of ../shared/design/event-store.md, run against every adapter. An adapter that
 * cannot honour a clause names it in `unsupported` with the reason; the suite then registers a
 * test that states it, instead of quietly skipping.
 */
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  type AppendResult,
  CheckpointedSubscription,
  type CheckpointedConsumer,
  ConcurrencyError,
  DuplicateEventIdError,
  type EventStore,
  type ExpectedVersion,
  InvalidEventError,
  type NewEvent,
  type StoredEvent,
  eventHash,
  GENESIS_HASH,
} from '../src';

export type ContractClause =
  'duplicate-event-id-elsewhere' | 'out-of-order-commits' | 'tamper-detection';

export interface HeldAppend {
  /** Commits the held append. */
  release(): Promise<AppendResult>;
}

export interface ContractFixture {
  store: EventStore;
  /** Controls the clock the store stamps `recordedAt` with. */
  clock: TestClock;
  /** A new store instance on the same storage: a process restart. */
  reopen(): Promise<EventStore>;
  /** Changes a stored event's data behind the store's back (bypassing its guards). */
  tamper(position: number, data: Record<string, unknown>): Promise<void>;
  /**
   * Starts an append that takes its global position and then waits, uncommitted, until released.
   * Absent when the adapter serialises writers, so that commits cannot interleave.
   */
  holdAppend?(
    stream: string,
    events: NewEvent[],
    expectedVersion: ExpectedVersion,
  ): Promise<HeldAppend>;
  cleanup(): Promise<void>;
}

export interface ContractHarness {
  name: string;
  create(clock: TestClock): Promise<ContractFixture>;
  /** Clauses the adapter cannot honour, with the reason, stated as a test of its own. */
  unsupported?: Partial<Record<ContractClause, string>>;
  /** Why commits cannot interleave, when the adapter has no holdAppend. */
  serialisedWritesReason?: string;
}

export class TestClock {
  private current = new Date('2025-01-06T09:00:00.000Z');
  now = (): Date => new Date(this.current);
  set(iso: string): void {
    this.current = new Date(iso);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export function newEvent(
  type = 'ProgressReported',
  data: Record<string, unknown> = {},
  id = randomUUID(),
): NewEvent {
  return {
    eventId: id,
    type,
    schemaVersion: 1,
    data: { percentComplete: 10, ...data },
    metadata: {
      actor: 'user-1',
      correlationId: 'corr-1',
      causationId: 'cause-1',
      commandId: randomUUID(),
    },
  };
}

const stream = () => `action-${randomUUID()}`;

/** A consumer whose read model and checkpoint live in one SQLite transaction, as a projection's do. */
class RecordingConsumer implements CheckpointedConsumer {
  readonly name = 'contract-recorder';
  private readonly db = new Database(':memory:');
  failAtPosition?: number;

  constructor() {
    this.db.exec(`CREATE TABLE seen (position INTEGER PRIMARY KEY, event_id TEXT NOT NULL);
                  CREATE TABLE checkpoint (name TEXT PRIMARY KEY, position INTEGER NOT NULL);`);
  }

  async loadCheckpoint(): Promise<number> {
    const row = this.db.prepare('SELECT position FROM checkpoint WHERE name = ?').get(this.name) as
      { position: number } | undefined;
    return row?.position ?? 0;
  }

  async handle(events: readonly StoredEvent[]): Promise<void> {
    const insert = this.db.prepare('INSERT INTO seen (position, event_id) VALUES (?, ?)');
    const save = this.db.prepare(
      'INSERT INTO checkpoint (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = excluded.position',
    );
    this.db.transaction(() => {
      for (const e of events) {
        if (e.position === this.failAtPosition) {
          this.failAtPosition = undefined;
          throw new Error(`consumer crashed at ${e.position}`);
        }
        insert.run(e.position, e.eventId);
      }
      save.run(this.name, events[events.length - 1].position);
    })();
  }

  seen(): number[] {
    return (
      this.db.prepare('SELECT position FROM seen ORDER BY rowid').all() as { position: number }[]
    ).map((r) => r.position);
  }
}

async function readWholeLog(store: EventStore): Promise<StoredEvent[]> {
  const all: StoredEvent[] = [];
  for (let after = 0; ;) {
    const page = await store.readAll({ after, limit: 100 });
    if (page.length === 0) return all;
    all.push(...page);
    after = page[page.length - 1].position;
  }
}

async function eventually(
  check: () => Promise<boolean> | boolean,
  timeoutMs = 10_000,
): Promise<void> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > timeoutMs) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

export function describeEventStoreContract(harness: ContractHarness): void {
  describe(`event store contract: ${harness.name}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    let clock: TestClock;

    beforeEach(async () => {
      clock = new TestClock();
      fixture = await harness.create(clock);
      store = fixture.store;
    });

    afterEach(async () => {
      await fixture?.cleanup();
    });

    describe('expected versions', () => {
      it('starts an empty stream at -1 and numbers events from 0', async () => {
        const s = stream();
        expect(await store.streamVersion(s)).toBe(-1);
        expect(await store.readStream(s)).toEqual([]);
        const result = await store.appendToStream(s, [newEvent(), newEvent()], {
          expectedVersion: 'no_stream',
        });
        expect(result.nextExpectedVersion).toBe(1);
        expect(result.lastPosition).toBeGreaterThan(result.firstPosition);
        const events = await store.readStream(s);
        expect(events.map((e) => e.version)).toEqual([0, 1]);
        expect(await store.streamVersion(s)).toBe(1);
      });

      it('no_stream: refuses a stream that exists', async () => {
        const s = stream();
        await store.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' });
        const error = await store
          .appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' })
          .catch((e) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream: s, expected: 'no_stream', actual: 0 });
      });

      it('stream_exists: refuses a stream that does not exist, accepts one that does', async () => {
        const s = stream();
        const error = await store
          .appendToStream(s, [newEvent()], { expectedVersion: 'stream_exists' })
          .catch((e) => e);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream: s, expected: 'stream_exists', actual: -1 });
        expect(await store.streamVersion(s)).toBe(-1);
        await store.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' });
        const ok = await store.appendToStream(s, [newEvent()], {
          expectedVersion: 'stream_exists',
        });
        expect(ok.nextExpectedVersion).toBe(1);
      });

      it('a number: must equal the current version', async () => {
        const s = stream();
        await store.appendToStream(s, [newEvent()], { expectedVersion: -1 });
        await store.appendToStream(s, [newEvent()], { expectedVersion: 0 });
        for (const stale of [0, 5, -1]) {
          const error = await store
            .appendToStream(s, [newEvent()], { expectedVersion: stale })
            .catch((e) => e);
          expect(error).toBeInstanceOf(ConcurrencyError);
          expect(error).toMatchObject({ stream: s, expected: stale, actual: 1 });
        }
        expect(await store.streamVersion(s)).toBe(1);
      });

      it('any: appends whatever the version', async () => {
        const s = stream();
        await store.appendToStream(s, [newEvent()], { expectedVersion: 'any' });
        const result = await store.appendToStream(s, [newEvent()], { expectedVersion: 'any' });
        expect(result.nextExpectedVersion).toBe(1);
      });
    });

    describe('atomic appends', () => {
      it('appends all events of one call or none of them', async () => {
        const s = stream();
        await store.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' });
        const batch = [newEvent(), newEvent(), newEvent()];
        await expect(store.appendToStream(s, batch, { expectedVersion: 7 })).rejects.toBeInstanceOf(
          ConcurrencyError,
        );
        expect(await store.readStream(s)).toHaveLength(1);

        const invalid = [newEvent(), { ...newEvent(), type: 'not valid' }];
        const error = await store
          .appendToStream(s, invalid, { expectedVersion: 0 })
          .catch((e) => e);
        expect(error).toBeInstanceOf(InvalidEventError);
        expect(error.field).toBe('events[1].type');
        expect(await store.readStream(s)).toHaveLength(1);

        const result = await store.appendToStream(s, batch, { expectedVersion: 0 });
        expect(result.nextExpectedVersion).toBe(3);
        const events = await store.readStream(s);
        expect(events.map((e) => e.eventId)).toEqual([
          expect.any(String),
          ...batch.map((e) => e.eventId),
        ]);
        const positions = events.map((e) => e.position);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
      });

      it('a duplicate event id inside a batch refuses the whole batch', async () => {
        const s = stream();
        const e = newEvent();
        await expect(
          store.appendToStream(s, [e, { ...e }], { expectedVersion: 'any' }),
        ).rejects.toBeInstanceOf(InvalidEventError);
        expect(await store.streamVersion(s)).toBe(-1);
      });
    });

    it('50 concurrent writers racing on one stream: one winner per version, no gaps', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent('ActionRaised')], { expectedVersion: 'no_stream' });
      const writers = Array.from({ length: 50 }, (_, i) => i);
      let wins = 0;
      let conflicts = 0;
      // Each writer reads, then appends at the version it read, retrying on conflict, five times.
      await Promise.all(
        writers.map(async (w) => {
          for (let n = 0; n < 5;) {
            const version = await store.streamVersion(s);
            try {
              await store.appendToStream(s, [newEvent('ProgressReported', { writer: w, n })], {
                expectedVersion: version,
              });
              wins++;
              n++;
            } catch (error) {
              if (!(error instanceof ConcurrencyError)) throw error;
              expect(error.actual).toBeGreaterThan(version);
              conflicts++;
            }
          }
        }),
      );
      const events = await store.readStream(s);
      expect(wins).toBe(250);
      expect(events).toHaveLength(251);
      expect(events.map((e) => e.version)).toEqual(Array.from({ length: 251 }, (_, i) => i));
      expect(conflicts).toBeGreaterThan(0);
      for (let w = 0; w < 50; w++) {
        expect(events.filter((e) => e.data.writer === w).map((e) => e.data.n)).toEqual([
          0, 1, 2, 3, 4,
        ]);
      }
      const verified = await store.verify();
      expect(verified).toMatchObject({ ok: true, events: 251 });
    });

    describe('idempotent retries', () => {
      it('appending the same event ids at the same place again is a no-op with the same result', async () => {
        const s = stream();
        const batch = [newEvent(), newEvent()];
        const first = await store.appendToStream(s, batch, { expectedVersion: 'no_stream' });
        const retry = await store.appendToStream(s, batch, { expectedVersion: 'no_stream' });
        expect(retry).toEqual(first);
        expect(await store.readStream(s)).toHaveLength(2);
        const alsoAny = await store.appendToStream(s, batch, { expectedVersion: 'any' });
        expect(alsoAny).toEqual(first);
        expect(await store.headPosition()).toBe(first.lastPosition);
      });

      if (harness.unsupported?.['duplicate-event-id-elsewhere']) {
        it(`cannot refuse a reused event id in another place: ${harness.unsupported['duplicate-event-id-elsewhere']}`, () => {
          expect(harness.unsupported?.['duplicate-event-id-elsewhere']).toBeTruthy();
        });
      } else {
        it('refuses an event id that is already stored somewhere else', async () => {
          const s = stream();
          const other = stream();
          const e = newEvent();
          await store.appendToStream(s, [e], { expectedVersion: 'no_stream' });
          await expect(
            store.appendToStream(other, [e], { expectedVersion: 'any' }),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          await expect(
            store.appendToStream(s, [newEvent(), e], { expectedVersion: 0 }),
          ).rejects.toBeInstanceOf(DuplicateEventIdError);
          expect(await store.streamVersion(other)).toBe(-1);
          expect(await store.streamVersion(s)).toBe(0);
        });
      }
    });

    describe('reads', () => {
      it('until: returns the stream as it stood at a past moment', async () => {
        const s = stream();
        clock.set('2025-03-01T10:00:00.000Z');
        await store.appendToStream(s, [newEvent('ActionRaised')], { expectedVersion: 'no_stream' });
        clock.set('2025-03-03T10:00:00.000Z');
        await store.appendToStream(s, [newEvent('DueDateSet')], { expectedVersion: 0 });
        clock.set('2025-03-05T10:00:00.000Z');
        await store.appendToStream(s, [newEvent('ProgressReported')], { expectedVersion: 1 });

        const types = async (until: string) =>
          (await store.readStream(s, { until })).map((e) => e.type);
        expect(await types('2025-02-28T00:00:00Z')).toEqual([]);
        expect(await types('2025-03-01T10:00:00.000Z')).toEqual(['ActionRaised']);
        expect(await types('2025-03-04T00:00:00+01:00')).toEqual(['ActionRaised', 'DueDateSet']);
        expect(await types('2030-01-01T00:00:00Z')).toEqual([
          'ActionRaised',
          'DueDateSet',
          'ProgressReported',
        ]);
        const [first] = await store.readStream(s);
        expect(first.recordedAt).toBe('2025-03-01T10:00:00.000Z');
        expect(first.metadata.recordedAt).toBe('2025-03-01T10:00:00.000Z');
      });

      it('readStreamTails: many streams from a version each, as they stood at a moment, in the order asked', async () => {
        const [a, b, missing] = [stream(), stream(), stream()];
        clock.set('2025-03-01T10:00:00.000Z');
        await store.appendToStream(a, [newEvent('ActionRaised'), newEvent('DueDateSet')], {
          expectedVersion: 'no_stream',
        });
        await store.appendToStream(b, [newEvent('ActionRaised', { n: 1 })], {
          expectedVersion: 'no_stream',
        });
        clock.set('2025-03-05T10:00:00.000Z');
        await store.appendToStream(a, [newEvent('ProgressReported')], { expectedVersion: 1 });
        await store.appendToStream(b, [newEvent('ProgressReported')], { expectedVersion: 0 });

        const tails = await store.readStreamTails(
          [
            { stream: b, fromVersion: 0 },
            { stream: missing, fromVersion: 0 },
            { stream: a, fromVersion: 1 },
          ],
          '2025-03-04T00:00:00Z',
        );
        expect(tails.map((t) => t.map((e) => [e.stream, e.version, e.type]))).toEqual([
          [[b, 0, 'ActionRaised']],
          [],
          [[a, 1, 'DueDateSet']],
        ]);
        const [full] = await store.readStream(b);
        expect(tails[0][0]).toEqual({
          stream: b,
          version: 0,
          position: full.position,
          type: 'ActionRaised',
          schemaVersion: 1,
          data: full.data,
          recordedAt: '2025-03-01T10:00:00.000Z',
        });
        const later = await store.readStreamTails(
          [{ stream: a, fromVersion: 1 }],
          new Date('2030-01-01'),
        );
        expect(later[0].map((e) => e.type)).toEqual(['DueDateSet', 'ProgressReported']);
        expect(await store.readStreamTails([], '2030-01-01T00:00:00Z')).toEqual([]);
      });

      it('reads a range of versions', async () => {
        const s = stream();
        await store.appendToStream(s, [newEvent(), newEvent(), newEvent(), newEvent()], {
          expectedVersion: 'no_stream',
        });
        expect(
          (await store.readStream(s, { fromVersion: 1, toVersion: 2 })).map((e) => e.version),
        ).toEqual([1, 2]);
        expect((await store.readStream(s, { fromVersion: 3 })).map((e) => e.version)).toEqual([3]);
      });

      it('round-trips data and metadata exactly', async () => {
        const s = stream();
        const e = newEvent('EvidenceAdded', {
          title: 'Audit — “quoted” ✓ 🚀',
          nested: { list: [1, 2.5, -3, null, true, 'x'], empty: {} },
          big: 1e21,
          small: 0.1,
        });
        e.metadata.idempotencyKey = 'key-1';
        await store.appendToStream(s, [e], { expectedVersion: 'no_stream' });
        const [stored] = await store.readStream(s);
        expect(stored).toMatchObject({
          stream: s,
          version: 0,
          eventId: e.eventId,
          type: 'EvidenceAdded',
          schemaVersion: 1,
          data: e.data,
          metadata: { ...e.metadata, recordedAt: clock.now().toISOString() },
        });
        expect(stored.hash).toBe(eventHash(GENESIS_HASH, stored));
      });

      it('readAll pages through the whole log in position order', async () => {
        const streams = [stream(), stream(), stream()];
        for (let i = 0; i < 30; i++) {
          await store.appendToStream(streams[i % 3], [newEvent('ProgressReported', { i })], {
            expectedVersion: 'any',
          });
        }
        const all = await readWholeLog(store);
        expect(all.map((e) => e.data.i)).toEqual(Array.from({ length: 30 }, (_, i) => i));
        const positions = all.map((e) => e.position);
        expect(new Set(positions).size).toBe(30);
        expect([...positions].sort((a, b) => a - b)).toEqual(positions);
        expect(await store.headPosition()).toBe(positions[29]);
        const page = await store.readAll({ after: positions[9], limit: 5 });
        expect(page.map((e) => e.data.i)).toEqual([10, 11, 12, 13, 14]);
      });
    });

    describe('bad input', () => {
      const cases: [string, () => Promise<unknown>, string][] = [
        [
          'empty stream name',
          () => store.appendToStream('', [newEvent()], { expectedVersion: 'any' }),
          'stream',
        ],
        [
          'stream name with a space',
          () => store.appendToStream('action 1', [newEvent()], { expectedVersion: 'any' }),
          'stream',
        ],
        [
          'system stream name',
          () => store.appendToStream('$all', [newEvent()], { expectedVersion: 'any' }),
          'stream',
        ],
        [
          'no events',
          () => store.appendToStream(stream(), [], { expectedVersion: 'any' }),
          'events',
        ],
        [
          'lower-case type',
          () =>
            store.appendToStream(stream(), [newEvent('actionRaised')], { expectedVersion: 'any' }),
          'events[0].type',
        ],
        [
          'eventId not a UUID',
          () =>
            store.appendToStream(stream(), [{ ...newEvent(), eventId: 'x' }], {
              expectedVersion: 'any',
            }),
          'events[0].eventId',
        ],
        [
          'schemaVersion 0',
          () =>
            store.appendToStream(stream(), [{ ...newEvent(), schemaVersion: 0 }], {
              expectedVersion: 'any',
            }),
          'events[0].schemaVersion',
        ],
        [
          'data not an object',
          () =>
            store.appendToStream(stream(), [{ ...newEvent(), data: [] as never }], {
              expectedVersion: 'any',
            }),
          'events[0].data',
        ],
        [
          'NaN in data',
          () =>
            store.appendToStream(
              stream(),
              [newEvent('ProgressReported', { percentComplete: NaN })],
              { expectedVersion: 'any' },
            ),
          'events[0].data.percentComplete',
        ],
        [
          'a Date in data',
          () =>
            store.appendToStream(stream(), [newEvent('DueDateSet', { dueDate: new Date() })], {
              expectedVersion: 'any',
            }),
          'events[0].data.dueDate',
        ],
        [
          'NUL in a string',
          () =>
            store.appendToStream(stream(), [newEvent('ActionRaised', { title: 'a\u0000b' })], {
              expectedVersion: 'any',
            }),
          'events[0].data.title',
        ],
        [
          'missing actor',
          () =>
            store.appendToStream(
              stream(),
              [
                {
                  ...newEvent(),
                  metadata: { correlationId: 'c', causationId: 'c', commandId: 'c' } as never,
                },
              ],
              { expectedVersion: 'any' },
            ),
          'events[0].metadata.actor',
        ],
        [
          'recordedAt from the caller',
          () =>
            store.appendToStream(
              stream(),
              [
                {
                  ...newEvent(),
                  metadata: { ...newEvent().metadata, recordedAt: '2020-01-01T00:00:00Z' },
                },
              ],
              { expectedVersion: 'any' },
            ),
          'events[0].metadata.recordedAt',
        ],
        [
          'an event over the size limit',
          () =>
            store.appendToStream(
              stream(),
              [newEvent('ActionRaised', { text: 'x'.repeat(600_000) })],
              { expectedVersion: 'any' },
            ),
          'events[0]',
        ],
        [
          'expected version -2',
          () => store.appendToStream(stream(), [newEvent()], { expectedVersion: -2 }),
          'expectedVersion',
        ],
        [
          'expected version as text',
          () => store.appendToStream(stream(), [newEvent()], { expectedVersion: '3' as never }),
          'expectedVersion',
        ],
        ['until not a date', () => store.readStream(stream(), { until: 'yesterday' }), 'until'],
        [
          'tails with a bad stream name',
          () => store.readStreamTails([{ stream: ' bad', fromVersion: 0 }], new Date()),
          'tails[0].stream',
        ],
        [
          'tails from a negative version',
          () => store.readStreamTails([{ stream: stream(), fromVersion: -1 }], new Date()),
          'tails[0].fromVersion',
        ],
        ['tails until not a date', () => store.readStreamTails([], 'soon'), 'until'],
        ['readAll limit too large', () => store.readAll({ limit: 1_000_000 }), 'limit'],
      ];
      it.each(cases)(
        '%s: a typed error naming the field, nothing written',
        async (_name, call, field) => {
          const before = await store.headPosition();
          const error = (await call().catch((e: unknown) => e)) as InvalidEventError;
          expect(error).toBeInstanceOf(InvalidEventError);
          expect(error.field).toBe(field);
          expect(await store.headPosition()).toBe(before);
        },
      );
    });

    describe('checkpointed subscription', () => {
      it('delivers every event once, in order, and catches up from its checkpoint after a restart', async () => {
        const streams = [stream(), stream()];
        for (let i = 0; i < 20; i++) {
          await store.appendToStream(streams[i % 2], [newEvent('ProgressReported', { i })], {
            expectedVersion: 'any',
          });
        }
        const consumer = new RecordingConsumer();
        const first = new CheckpointedSubscription(store, consumer, {
          batchSize: 7,
          idleWaitMs: 50,
        });
        first.start();
        const head = await store.headPosition();
        await first.waitFor(head, 10_000);
        await first.stop();

        // The process restarts: a new store instance and a new subscription over the same consumer.
        const reopened = await fixture.reopen();
        for (let i = 20; i < 30; i++) {
          await reopened.appendToStream(streams[i % 2], [newEvent('ProgressReported', { i })], {
            expectedVersion: 'any',
          });
        }
        consumer.failAtPosition = (await readWholeLog(reopened))[24].position;
        const second = new CheckpointedSubscription(reopened, consumer, {
          batchSize: 4,
          idleWaitMs: 50,
          retryMinMs: 10,
          logger: { warn: () => undefined, error: () => undefined },
        });
        const errors: unknown[] = [];
        second.on('error', (e) => errors.push(e));
        second.start();
        await second.waitFor(await reopened.headPosition(), 10_000);
        await second.stop();

        const expected = (await readWholeLog(reopened)).map((e) => e.position);
        expect(expected).toHaveLength(30);
        expect(consumer.seen()).toEqual(expected);
        expect(errors).toHaveLength(1);
      });

      it('wakes up for an event appended while it is caught up', async () => {
        const consumer = new RecordingConsumer();
        const sub = new CheckpointedSubscription(store, consumer, { idleWaitMs: 5_000 });
        sub.start();
        await eventually(() => sub.isCaughtUp);
        const started = Date.now();
        const { lastPosition } = await store.appendToStream(stream(), [newEvent()], {
          expectedVersion: 'any',
        });
        await sub.waitFor(lastPosition, 4_000);
        expect(Date.now() - started).toBeLessThan(4_000);
        await sub.stop();
      });

      if (harness.unsupported?.['out-of-order-commits']) {
        it(`out-of-order commits: ${harness.unsupported['out-of-order-commits']}`, () => {
          expect(harness.unsupported?.['out-of-order-commits']).toBeTruthy();
        });
      } else if (harness.serialisedWritesReason) {
        it(`out-of-order commits cannot happen: ${harness.serialisedWritesReason}`, () => {
          expect(fixture.holdAppend).toBeUndefined();
        });
      } else {
        it('never skips an event when a later position commits first', async () => {
          if (!fixture.holdAppend)
            throw new Error(`${harness.name} must provide holdAppend or serialisedWritesReason`);
          const consumer = new RecordingConsumer();
          const sub = new CheckpointedSubscription(store, consumer, { idleWaitMs: 20 });
          await store.appendToStream(stream(), [newEvent()], { expectedVersion: 'any' });
          sub.start();
          await eventually(() => sub.isCaughtUp);

          // A takes position N and holds; B takes N+1 and commits first.
          const held = await fixture.holdAppend(
            stream(),
            [newEvent('ActionRaised', { who: 'A' })],
            'no_stream',
          );
          const b = await store.appendToStream(stream(), [newEvent('ActionRaised', { who: 'B' })], {
            expectedVersion: 'no_stream',
          });
          await new Promise((r) => setTimeout(r, 300));
          expect(consumer.seen()).not.toContain(b.lastPosition);
          expect(await store.readAll({ after: b.lastPosition - 2, limit: 10 })).toEqual([]);

          const a = await held.release();
          expect(a.lastPosition).toBeLessThan(b.lastPosition);
          await sub.waitFor(b.lastPosition, 10_000);
          await sub.stop();
          const seen = consumer.seen();
          expect(seen.slice(-2)).toEqual([a.lastPosition, b.lastPosition]);
        });
      }
    });

    describe('integrity', () => {
      it('verify recomputes every chain', async () => {
        const s1 = stream();
        const s2 = stream();
        await store.appendToStream(s1, [newEvent(), newEvent()], { expectedVersion: 'no_stream' });
        await store.appendToStream(s2, [newEvent()], { expectedVersion: 'no_stream' });
        await store.appendToStream(s1, [newEvent()], { expectedVersion: 1 });
        expect(await store.verify()).toEqual({ ok: true, streams: 2, events: 4 });
        const events = await store.readStream(s1);
        expect(events[1].hash).toBe(eventHash(events[0].hash, events[1]));
      });

      if (harness.unsupported?.['tamper-detection']) {
        it(`tamper detection: ${harness.unsupported['tamper-detection']}`, () => {
          expect(harness.unsupported?.['tamper-detection']).toBeTruthy();
        });
      } else {
        it('verify names the first event edited behind the store’s back', async () => {
          const s = stream();
          await store.appendToStream(s, [newEvent(), newEvent(), newEvent()], {
            expectedVersion: 'no_stream',
          });
          await store.appendToStream(stream(), [newEvent()], { expectedVersion: 'no_stream' });
          const target = (await store.readStream(s))[1];
          await fixture.tamper(target.position, { percentComplete: 100 });
          const report = await store.verify();
          expect(report.ok).toBe(false);
          expect(report.firstBroken).toMatchObject({
            stream: s,
            version: 1,
            position: target.position,
            eventId: target.eventId,
            reason: 'hash-mismatch',
            storedHash: target.hash,
          });
        });
      }
    });
  });
}
