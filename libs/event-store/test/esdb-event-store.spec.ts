/**
 * The EventStoreDB adapter WITHOUT a server: no EventStoreDB can run on the machines this project
 * is built on, so its logic (expected versions, retries, hash chains, paging past system events,
 * the wake-up subscription, error mapping) is run here against FakeEsdbClient, an in-memory
 * stand-in for @eventstore/db-client, including the whole shared contract suite. The real server
 * run is esdb-event-store.int-spec.ts, with EVENTSTORE_URL set.
 * The last block uses the real client against a closed local port: what "the server is down" does.
 */
import { randomUUID } from 'node:crypto';
import { UnavailableError, jsonEvent } from '@eventstore/db-client';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  GENESIS_HASH,
  InvalidEventError,
  eventHash,
} from '../src';
import { EsdbEventStore } from '../src/esdb/esdb-event-store';
import { toEsdbEvents } from '../src/esdb/esdb.mapping';
import { ESDB_CONTRACT_NOTES } from './esdb-contract-harness';
import { FakeEsdbClient } from './esdb-fake-client';
import { TestClock, describeEventStoreContract, newEvent } from './event-store.contract';

const TARGET = 'fake-esdb:2113';

// One log shared by every test, each under its own stream prefix, as on a real shared server:
// the other tests' events and the system events are there to be skipped.
const shared = new FakeEsdbClient();

describeEventStoreContract({
  name: 'EventStoreDB adapter over an in-memory fake client (no server)',
  ...ESDB_CONTRACT_NOTES,
  async create(clock) {
    const streamPrefix = `t${randomUUID().slice(0, 8)}-`;
    shared.rawAppend(`other-tenant-${randomUUID()}`, [
      jsonEvent({ type: 'Foreign', data: { x: 1 } }),
    ]);
    const open = () =>
      new EsdbEventStore(shared.asClient(), TARGET, { clock: clock.now, streamPrefix });
    return {
      store: open(),
      clock,
      reopen: async () => open(),
      tamper: async (position, data) => shared.tamper(position, data),
      cleanup: async () => undefined,
    };
  },
});

describe('EventStoreDB adapter: behaviour particular to it (fake client)', () => {
  let fake: FakeEsdbClient;
  let clock: TestClock;
  let store: EsdbEventStore;
  const s = () => `action-${randomUUID()}`;

  beforeEach(() => {
    fake = new FakeEsdbClient();
    clock = new TestClock();
    store = new EsdbEventStore(fake.asClient(), TARGET, { clock: clock.now, deadlineMs: 1234 });
  });

  const appendCalls = () => fake.calls.filter((c) => c.method === 'appendToStream');

  it('appends at the exact revision it read, chaining the hash from the last event', async () => {
    const stream = s();
    await store.appendToStream(stream, [newEvent()], { expectedVersion: 'any' });
    await store.appendToStream(stream, [newEvent(), newEvent()], {
      expectedVersion: 'stream_exists',
    });
    expect(
      appendCalls().map((c) => (c.options as { expectedRevision: unknown }).expectedRevision),
    ).toEqual(['no_stream', 0n]);
    const events = await store.readStream(stream);
    expect(events[0].hash).toBe(eventHash(GENESIS_HASH, events[0]));
    expect(events[1].hash).toBe(eventHash(events[0].hash, events[1]));
    expect(events[2].hash).toBe(eventHash(events[1].hash, events[2]));
  });

  it('gives every call to the server a deadline', async () => {
    const stream = s();
    await store.appendToStream(stream, [newEvent(), newEvent()], { expectedVersion: 'no_stream' });
    await store.readStream(stream);
    await store.readAll();
    await store.headPosition();
    await store.ping();
    const unbounded = fake.calls.filter(
      (c) => (c.options as { deadline?: number }).deadline !== 1234,
    );
    expect(unbounded).toEqual([]);
    expect(fake.calls.length).toBeGreaterThan(6);
  });

  const rivalHashes = new Map<string, string>();
  /** Lets a rival writer in between the adapter's read and its append, `times` times. */
  function rivalBeforeAppend(stream: string, times: number): void {
    let left = times;
    fake.beforeAppend = (name) => {
      if (name !== stream || left-- <= 0) return;
      const previous = rivalHashes.get(stream) ?? '';
      const [event] = toEsdbEvents([newEvent('ActionRaised')], previous, clock.now().toISOString());
      rivalHashes.set(stream, (event.metadata as { hash: string }).hash);
      fake.rawAppend(stream, [event]);
    };
  }

  it("'any' that loses the race to a rival writer reads again and appends after it", async () => {
    const stream = s();
    const first = await store.appendToStream(stream, [newEvent()], {
      expectedVersion: 'no_stream',
    });
    rivalHashes.set(stream, (await store.readStream(stream))[0].hash);
    rivalBeforeAppend(stream, 1);
    const before = appendCalls().length;
    const result = await store.appendToStream(stream, [newEvent('DueDateSet')], {
      expectedVersion: 'any',
    });
    expect(result.nextExpectedVersion).toBe(2);
    expect(result.firstPosition).toBeGreaterThan(first.lastPosition);
    expect(appendCalls().length - before).toBe(2);
    expect((await store.readStream(stream)).map((e) => e.type)).toEqual([
      'ProgressReported',
      'ActionRaised',
      'DueDateSet',
    ]);
    expect(await store.verify()).toMatchObject({ ok: true, events: 3 });
  });

  it('an exact expectation that loses the race is a ConcurrencyError naming the winner’s version, written once', async () => {
    const stream = s();
    await store.appendToStream(stream, [newEvent()], { expectedVersion: 'no_stream' });
    rivalBeforeAppend(stream, 1);
    const before = appendCalls().length;
    const error = await store
      .appendToStream(stream, [newEvent()], { expectedVersion: 0 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ stream, expected: 0, actual: 1 });
    expect(appendCalls().length - before).toBe(1);
  });

  it("'any' under endless contention gives up after a bounded number of attempts", async () => {
    const stream = s();
    await store.appendToStream(stream, [newEvent()], { expectedVersion: 'no_stream' });
    rivalBeforeAppend(stream, 1000);
    const before = appendCalls().length;
    const error = await store
      .appendToStream(stream, [newEvent()], { expectedVersion: 'any' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ConcurrencyError);
    expect(error).toMatchObject({ stream, expected: 'any', actual: 5 });
    expect(appendCalls().length - before).toBe(5);
  });

  it('refuses a batch that reuses some ids of the one stored where it would go', async () => {
    const stream = s();
    const [a, b] = [newEvent(), newEvent()];
    await store.appendToStream(stream, [a, b], { expectedVersion: 'no_stream' });
    const error = await store
      .appendToStream(stream, [a, newEvent()], { expectedVersion: 'no_stream' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(DuplicateEventIdError);
    expect(error).toMatchObject({
      eventId: a.eventId,
      stream,
      existingStream: stream,
      existingVersion: 0,
    });
  });

  it('recognises a retry of an append that a later one has since followed (exact expectation)', async () => {
    const stream = s();
    const batch = [newEvent(), newEvent()];
    const first = await store.appendToStream(stream, batch, { expectedVersion: 'no_stream' });
    await store.appendToStream(stream, [newEvent()], { expectedVersion: 1 });
    expect(await store.appendToStream(stream, batch, { expectedVersion: 'no_stream' })).toEqual(
      first,
    );
    expect(await store.streamVersion(stream)).toBe(2);
  });

  it('refuses metadata keys the store sets itself, before writing anything', async () => {
    for (const key of ['hash', 'schemaVersion']) {
      const event = newEvent();
      event.metadata[key] = 'mine';
      const error = await store
        .appendToStream(s(), [newEvent(), event], { expectedVersion: 'any' })
        .catch((e) => e);
      expect(error).toBeInstanceOf(InvalidEventError);
      expect(error.field).toBe(`events[1].metadata.${key}`);
    }
    expect(fake.calls).toEqual([]);
  });

  it('pages readAll and headPosition past long runs of events that are not ours', async () => {
    const prefixed = new EsdbEventStore(fake.asClient(), TARGET, {
      clock: clock.now,
      streamPrefix: 'mine-',
    });
    const first = await prefixed.appendToStream('a', [newEvent()], {
      expectedVersion: 'no_stream',
    });
    for (let i = 0; i < 1200; i++)
      fake.rawAppend(`theirs-${i % 7}`, [jsonEvent({ type: 'Foreign', data: { i } })]);
    const second = await prefixed.appendToStream('b', [newEvent()], {
      expectedVersion: 'no_stream',
    });
    for (let i = 0; i < 1200; i++)
      fake.rawAppend(`theirs-${i % 7}`, [jsonEvent({ type: 'Foreign', data: { i } })]);

    const all = await prefixed.readAll({ limit: 10 });
    expect(all.map((e) => [e.stream, e.position])).toEqual([
      ['a', first.lastPosition],
      ['b', second.lastPosition],
    ]);
    expect(await prefixed.readAll({ after: first.lastPosition })).toHaveLength(1);
    expect(await prefixed.readAll({ after: second.lastPosition })).toEqual([]);
    expect(await prefixed.headPosition()).toBe(second.lastPosition);
    expect(
      await new EsdbEventStore(fake.asClient(), TARGET, { streamPrefix: 'nobody-' }).headPosition(),
    ).toBe(0);
  });

  it('names an event in its streams that it did not write, instead of misreading it', async () => {
    const stream = s();
    fake.rawAppend(stream, [
      jsonEvent({ type: 'Foreign', data: { x: 1 }, metadata: { actor: 'someone' } }),
    ]);
    await expect(store.readStream(stream)).rejects.toThrow(
      `${stream}@0 was not written by this adapter`,
    );
  });

  it('refuses a stream prefix that could reach system streams', () => {
    expect(() => new EsdbEventStore(fake.asClient(), TARGET, { streamPrefix: '$tests-' })).toThrow(
      /streamPrefix/,
    );
  });

  describe('waitForAppend', () => {
    it('wakes on the first of our events after the position, not on earlier or foreign ones', async () => {
      const prefixed = new EsdbEventStore(fake.asClient(), TARGET, {
        clock: clock.now,
        streamPrefix: 'mine-',
      });
      const { lastPosition } = await prefixed.appendToStream('a', [newEvent()], {
        expectedVersion: 'no_stream',
      });
      let woke = false;
      const waiting = prefixed.waitForAppend(lastPosition, 5_000).then(() => (woke = true));
      await new Promise((r) => setTimeout(r, 30));
      fake.rawAppend('theirs-1', [jsonEvent({ type: 'Foreign', data: {} })]);
      await new Promise((r) => setTimeout(r, 30));
      expect(woke).toBe(false);
      await prefixed.appendToStream('a', [newEvent()], { expectedVersion: 0 });
      await waiting;
      expect(woke).toBe(true);
      expect(fake.openSubscriptions).toBe(0);
    });

    it('resolves after the timeout when nothing is appended, and unsubscribes', async () => {
      const started = Date.now();
      await store.waitForAppend(0, 50);
      expect(Date.now() - started).toBeGreaterThanOrEqual(45);
      expect(fake.openSubscriptions).toBe(0);
    });

    it('resolves when aborted, and does not subscribe at all when already aborted', async () => {
      const controller = new AbortController();
      const waiting = store.waitForAppend(0, 10_000, controller.signal);
      setTimeout(() => controller.abort(), 20);
      await waiting;
      expect(fake.openSubscriptions).toBe(0);
      const subscriptions = fake.calls.filter((c) => c.method === 'subscribeToAll').length;
      await store.waitForAppend(0, 10_000, controller.signal);
      expect(fake.calls.filter((c) => c.method === 'subscribeToAll')).toHaveLength(subscriptions);
    });

    it('rejects with EventStoreUnavailableError when the subscription fails', async () => {
      fake.failNext(new UnavailableError(undefined, '14 UNAVAILABLE: No connection established'));
      const error = await store.waitForAppend(0, 5_000).catch((e) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error).toMatchObject({ store: 'esdb', target: TARGET });
    });
  });

  it.each([
    [
      'appendToStream',
      (st: EsdbEventStore) => st.appendToStream(s(), [newEvent()], { expectedVersion: 'any' }),
    ],
    ['readStream', (st: EsdbEventStore) => st.readStream(s())],
    ['streamVersion', (st: EsdbEventStore) => st.streamVersion(s())],
    ['readAll', (st: EsdbEventStore) => st.readAll()],
    ['headPosition', (st: EsdbEventStore) => st.headPosition()],
    ['verify', (st: EsdbEventStore) => st.verify()],
    ['ping', (st: EsdbEventStore) => st.ping()],
  ])(
    '%s: a server that cannot be reached is EventStoreUnavailableError naming the target',
    async (_name, call) => {
      fake.failNext(new UnavailableError(undefined, '14 UNAVAILABLE: No connection established'));
      const error = await call(store).catch((e) => e);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error).toMatchObject({ store: 'esdb', target: TARGET });
      expect(error.reason).toMatch(/^server unreachable: 14 UNAVAILABLE/);
    },
  );
});

describe('EventStoreDB adapter with the real client and no server (closed local port)', () => {
  const connectionString = 'esdb://admin:s3cret-pw@127.0.0.1:1?tls=false';
  let store: EsdbEventStore;

  beforeEach(async () => {
    store = await EsdbEventStore.connect({ connectionString, deadlineMs: 3_000 });
  });
  afterEach(() => store.close());

  it.each([
    ['ping', () => store.ping()],
    [
      'appendToStream',
      () => store.appendToStream('action-1', [newEvent()], { expectedVersion: 'any' }),
    ],
    ['readAll', () => store.readAll()],
    ['waitForAppend', () => store.waitForAppend(0, 5_000)],
  ])(
    '%s fails fast with EventStoreUnavailableError naming host:port, never the password',
    async (_name, call) => {
      const started = Date.now();
      const error = await call().catch((e) => e);
      expect(Date.now() - started).toBeLessThan(4_000);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error).toMatchObject({ store: 'esdb', target: '127.0.0.1:1' });
      expect(error.message).not.toContain('s3cret');
    },
  );

  it('refuses a malformed connection string without repeating its password', async () => {
    const error = await EsdbEventStore.connect({
      connectionString: 'esdb://admin:s3cret-pw@host:port:9',
    }).catch((e) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toMatch(/not valid/);
    expect(error.message).not.toContain('s3cret');
  });
});
