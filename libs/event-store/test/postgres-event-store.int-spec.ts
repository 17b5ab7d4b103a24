import { randomUUID } from 'node:crypto';
import {
  canonicalEventJson,
  chainHash,
  ConcurrencyError,
  DuplicateEventIdError,
  EventStoreUnavailableError,
  GENESIS_HASH,
} from '../src';
import {
  PostgresEventStore,
  type PostgresEventStoreOptions,
} from '../src/postgres/postgres-event-store';
import { holdAppend } from '../src/postgres/postgres-test-hooks';
import { describeEventStoreContract, newEvent, TestClock } from './event-store.contract';
import {
  createTestDatabase,
  type TestDatabase,
} from '../../../test/support/postgres-test-database';

jest.setTimeout(60_000);

let db: TestDatabase;
let schemas = 0;

beforeAll(async () => {
  db = await createTestDatabase('es');
});

afterAll(async () => {
  await db?.drop();
});

/** A store in a schema of its own, so that each test starts from an empty log. */
function freshSchema(): string {
  schemas++;
  return `t${schemas}`;
}

describeEventStoreContract({
  name: 'PostgreSQL',
  async create(clock) {
    const schema = freshSchema();
    const opened: PostgresEventStore[] = [];
    const open = async () => {
      const store = await PostgresEventStore.connect({
        connectionString: db.url,
        clock: clock.now,
        schema,
        gapWaitMs: 300,
      });
      opened.push(store);
      return store;
    };
    const store = await open();
    return {
      store,
      clock,
      reopen: open,
      async tamper(position, data) {
        await db.sql(`ALTER TABLE ${schema}.es_events DISABLE TRIGGER es_events_append_only;
                      UPDATE ${schema}.es_events SET data = '${JSON.stringify(data)}' WHERE position = ${position};
                      ALTER TABLE ${schema}.es_events ENABLE TRIGGER es_events_append_only;`);
      },
      holdAppend: (stream, events, expectedVersion) =>
        holdAppend(store, stream, events, expectedVersion),
      async cleanup() {
        await Promise.all(opened.map((s) => s.close()));
      },
    };
  },
});

describe('PostgreSQL event store', () => {
  const opened: PostgresEventStore[] = [];
  let clock: TestClock;
  let schema: string;
  let store: PostgresEventStore;

  async function open(
    options: Partial<PostgresEventStoreOptions> = {},
  ): Promise<PostgresEventStore> {
    const s = await PostgresEventStore.connect({
      connectionString: db.url,
      clock: clock.now,
      schema,
      gapWaitMs: 300,
      ...options,
    });
    opened.push(s);
    return s;
  }

  beforeEach(async () => {
    clock = new TestClock();
    schema = freshSchema();
    store = await open();
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });

  const stream = () => `action-${randomUUID()}`;
  const positionsOfLog = async () =>
    (await db.sql(`SELECT position FROM ${schema}.es_events ORDER BY position`)).map((r) =>
      Number(r.position),
    );

  describe('appends', () => {
    it('chains hashes in the database exactly as chainHash does in JS', async () => {
      const s = stream();
      const batch = [
        newEvent('ActionRaised', { title: 'Café — “quoted” ✓ 🚀', n: 1e21, f: 0.1 }),
        newEvent('DueDateSet', { due: '2025-04-01', nested: { b: [1, null, true], a: {} } }),
        newEvent('ProgressReported'),
      ];
      await store.appendToStream(s, batch, { expectedVersion: 'no_stream' });
      await store.appendToStream(s, [newEvent('ActionClosed')], { expectedVersion: 2 });
      const events = await store.readStream(s);
      let previous = GENESIS_HASH;
      for (const event of events) {
        expect(event.hash).toBe(chainHash(previous, canonicalEventJson(event)));
        previous = event.hash;
      }
      const [row] = await db.sql(
        `SELECT version, last_hash FROM ${schema}.es_streams WHERE stream_id = $1`,
        [s],
      );
      expect(row).toEqual({ version: 3, last_hash: previous });
    });

    it('enforces every expected-version mode on new and existing streams', async () => {
      const s = stream();
      const conflict = (
        expectedVersion: Parameters<typeof store.appendToStream>[2]['expectedVersion'],
      ) => store.appendToStream(s, [newEvent(), newEvent()], { expectedVersion }).catch((e) => e);

      for (const expected of ['stream_exists', 0, 3] as const) {
        expect(await conflict(expected)).toMatchObject({ expected, actual: -1 });
      }
      expect(
        await store.appendToStream(s, [newEvent(), newEvent()], { expectedVersion: -1 }),
      ).toMatchObject({
        nextExpectedVersion: 1,
      });
      for (const expected of ['no_stream', -1, 0, 2] as const) {
        const error = await conflict(expected);
        expect(error).toBeInstanceOf(ConcurrencyError);
        expect(error).toMatchObject({ stream: s, expected, actual: 1 });
      }
      await store.appendToStream(s, [newEvent()], { expectedVersion: 'stream_exists' });
      await store.appendToStream(s, [newEvent()], { expectedVersion: 2 });
      await store.appendToStream(s, [newEvent(), newEvent()], { expectedVersion: 'any' });
      expect((await store.readStream(s)).map((e) => e.version)).toEqual([0, 1, 2, 3, 4, 5]);
      expect(await positionsOfLog()).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('losers of a race take no position: one winner, and the log has no holes', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' });
      const results = await Promise.allSettled(
        Array.from({ length: 30 }, () =>
          store.appendToStream(s, [newEvent()], { expectedVersion: 0 }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toMatchObject({ actual: 1 });
      }
      const racingNew = await Promise.allSettled(
        Array.from({ length: 10 }, () =>
          store.appendToStream('action-new', [newEvent()], { expectedVersion: 'no_stream' }),
        ),
      );
      expect(racingNew.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(await positionsOfLog()).toEqual([1, 2, 3]);
    });

    it('a retry returns the first result, even after the stream has moved on', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' });
      const batch = [newEvent(), newEvent()];
      const first = await store.appendToStream(s, batch, { expectedVersion: 0 });
      await store.appendToStream(s, [newEvent()], { expectedVersion: 2 });
      expect(await store.appendToStream(s, batch, { expectedVersion: 0 })).toEqual(first);
      expect(await store.appendToStream(s, batch, { expectedVersion: 'stream_exists' })).toEqual(
        first,
      );
      expect(await store.streamVersion(s)).toBe(3);

      // The same ids at another place in the same stream are not a retry.
      const error = await store.appendToStream(s, batch, { expectedVersion: 3 }).catch((e) => e);
      expect(error).toBeInstanceOf(DuplicateEventIdError);
      expect(error).toMatchObject({
        eventId: batch[0].eventId,
        existingStream: s,
        existingVersion: 1,
      });
      const reordered = await store
        .appendToStream(s, [batch[1], batch[0]], { expectedVersion: 'any' })
        .catch((e) => e);
      expect(reordered).toBeInstanceOf(DuplicateEventIdError);
    });

    it('concurrent retries of one append store it once and all get the same result', async () => {
      const s = stream();
      const batch = [newEvent(), newEvent()];
      const results = await Promise.all(
        Array.from({ length: 8 }, () => store.appendToStream(s, batch, { expectedVersion: 'any' })),
      );
      expect(new Set(results.map((r) => JSON.stringify(r))).size).toBe(1);
      expect(await store.readStream(s)).toHaveLength(2);
    });

    it('refuses an id stored elsewhere, naming where, on every path', async () => {
      const s = stream();
      const e = newEvent();
      await store.appendToStream(s, [newEvent(), e], { expectedVersion: 'no_stream' });
      const cases: [string, number | 'no_stream' | 'any'][] = [
        [stream(), 'no_stream'],
        [stream(), 'any'],
        [s, 1],
        [s, 'any'],
      ];
      for (const [target, expectedVersion] of cases) {
        const error = await store
          .appendToStream(target, [newEvent(), { ...e }], { expectedVersion })
          .catch((x) => x);
        expect(error).toBeInstanceOf(DuplicateEventIdError);
        expect(error).toMatchObject({
          eventId: e.eventId,
          stream: target,
          existingStream: s,
          existingVersion: 1,
        });
      }
      expect(await store.streamVersion(s)).toBe(1);
    });

    it('two streams racing for one event id: exactly one gets it', async () => {
      const e = newEvent();
      const results = await Promise.allSettled(
        Array.from({ length: 6 }, () =>
          store.appendToStream(stream(), [e], { expectedVersion: 'no_stream' }),
        ),
      );
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      for (const r of results) {
        if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DuplicateEventIdError);
      }
    });

    it('appends that wait for a slot go together, each with its own outcome', async () => {
      const batching = await open({ appendConcurrency: 1 });
      const existing = stream();
      const moved = stream();
      const taken = newEvent();
      await batching.appendToStream(existing, [newEvent()], { expectedVersion: 'no_stream' });
      await batching.appendToStream(moved, [newEvent(), newEvent()], { expectedVersion: -1 });
      const retried = newEvent();
      const first = await batching.appendToStream(moved, [retried], { expectedVersion: 1 });
      await batching.appendToStream(stream(), [taken], { expectedVersion: 'no_stream' });
      const spy = jest.spyOn(batching, 'appendBatchOn');

      const fresh = Array.from({ length: 6 }, () => stream());
      const outcomes = await Promise.allSettled([
        batching.appendToStream(existing, [newEvent()], { expectedVersion: 0 }),
        ...fresh.map((s) =>
          batching.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' }),
        ),
        batching.appendToStream(existing, [newEvent()], { expectedVersion: 0 }), // loses to the first
        batching.appendToStream(moved, [retried], { expectedVersion: 1 }), // a retry
        batching.appendToStream(existing, [newEvent()], { expectedVersion: 7 }),
      ]);
      expect(spy).toHaveBeenCalled();
      const [won, ...rest] = outcomes;
      expect(won).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 1 } });
      for (const o of rest.slice(0, 6)) {
        expect(o).toMatchObject({ status: 'fulfilled', value: { nextExpectedVersion: 0 } });
      }
      const [lost, retry, stale] = rest.slice(6);
      expect(lost).toMatchObject({ status: 'rejected', reason: { expected: 0, actual: 1 } });
      expect(retry).toEqual({ status: 'fulfilled', value: first });
      expect(stale).toMatchObject({ status: 'rejected', reason: { expected: 7, actual: 1 } });

      // An id stored elsewhere rolls its batch back; every other append still goes in.
      spy.mockClear();
      const others = Array.from({ length: 5 }, () => stream());
      const mixed = await Promise.allSettled([
        batching.appendToStream(stream(), [newEvent()], { expectedVersion: 'no_stream' }),
        ...others.map((s) => batching.appendToStream(s, [newEvent()], { expectedVersion: -1 })),
        batching.appendToStream(stream(), [{ ...taken }], { expectedVersion: 'no_stream' }),
      ]);
      expect(spy).toHaveBeenCalled();
      expect(mixed.filter((o) => o.status === 'fulfilled')).toHaveLength(6);
      expect(mixed[6]).toMatchObject({ status: 'rejected', reason: { eventId: taken.eventId } });
      expect((mixed[6] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
      for (const s of others) expect(await batching.streamVersion(s)).toBe(0);
      expect(await batching.verify()).toMatchObject({ ok: true });
    });

    it('many writers through few append slots: every append lands once, chains intact', async () => {
      const batching = await open({ appendConcurrency: 2 });
      const versions = new Map<string, number>();
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async (_, w) => {
          for (let i = next++; i < 400; i = next++) {
            const s = `writer-${w}-${i % 5}`;
            const expected = versions.get(s) ?? -1;
            await batching.appendToStream(s, [newEvent('ProgressReported', { i })], {
              expectedVersion: expected,
            });
            versions.set(s, expected + 1);
          }
        }),
      );
      const log = await positionsOfLog();
      expect(log).toHaveLength(400);
      expect(await batching.verify()).toEqual({ ok: true, streams: 80, events: 400 });
    });

    it('until compares with the recorded time, inclusive', async () => {
      const s = stream();
      clock.set('2025-05-01T12:00:00.000Z');
      await store.appendToStream(s, [newEvent('ActionRaised')], { expectedVersion: 'no_stream' });
      clock.set('2025-05-01T12:00:00.001Z');
      await store.appendToStream(s, [newEvent('DueDateSet')], { expectedVersion: 0 });
      expect(
        await store.readStream(s, { until: new Date('2025-05-01T12:00:00.000Z') }),
      ).toHaveLength(1);
      expect(await store.readStream(s, { until: '2025-05-01T12:00:00.001Z' })).toHaveLength(2);
      expect(
        await store.readStream(s, { until: '2025-05-01T12:00:00.001Z', fromVersion: 1 }),
      ).toHaveLength(1);
    });
  });

  describe('the global log under interleaved commits', () => {
    it('does not return N+1 while N is uncommitted, then returns N before N+1', async () => {
      const before = await store.appendToStream(stream(), [newEvent()], {
        expectedVersion: 'no_stream',
      });
      const held = await holdAppend(
        store,
        stream(),
        [newEvent('ActionRaised', { who: 'A' })],
        'no_stream',
      );
      const b = await store.appendToStream(stream(), [newEvent('ActionRaised', { who: 'B' })], {
        expectedVersion: 'no_stream',
      });
      expect(held.result.lastPosition).toBe(b.lastPosition - 1);
      expect(await store.headPosition()).toBe(b.lastPosition);

      // Reading from the start stops before the hole; reading at the hole waits, then gives nothing.
      expect((await store.readAll()).map((e) => e.position)).toEqual([before.lastPosition]);
      const started = Date.now();
      expect(await store.readAll({ after: before.lastPosition })).toEqual([]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);

      // A reader waiting at the hole gets both, in order, as soon as A commits.
      const waiting = store.readAll({ after: before.lastPosition });
      await new Promise((r) => setTimeout(r, 50));
      await held.release();
      expect((await waiting).map((e) => e.data.who)).toEqual(['A', 'B']);
      expect((await store.verify()).ok).toBe(true);
    });

    it('does not skip a hole held by a transaction with a newer xid than the one that committed', async () => {
      // B gets its xid first, A gets a newer one but takes its position first; B commits. The
      // reader's snapshot then has xmax = B + 1 and an empty xip, yet A is still running.
      const { Client } = await import('pg');
      const b = new Client({ connectionString: db.url });
      await b.connect();
      await b.query('BEGIN');
      await b.query('SELECT pg_current_xact_id()');
      const held = await holdAppend(
        store,
        stream(),
        [newEvent('ActionRaised', { who: 'A' })],
        'no_stream',
      );
      const request = store.prepareAppend(stream(), [newEvent('ActionRaised', { who: 'B' })], {
        expectedVersion: 'no_stream',
      });
      const { rows } = await b.query(`SELECT last_position FROM ${schema}.es_append($1, $2, $3)`, [
        request.stream,
        String(request.expected),
        request.events,
      ]);
      await b.query('COMMIT');
      await b.end();
      expect(Number(rows[0].last_position)).toBe(held.result.lastPosition + 1);

      expect(await store.readAll()).toEqual([]);
      await held.release();
      expect((await store.readAll()).map((e) => e.data.who)).toEqual(['A', 'B']);
    });

    it('steps over the hole a rolled-back append leaves', async () => {
      const held = await holdAppend(store, stream(), [newEvent()], 'no_stream');
      const b = await store.appendToStream(stream(), [newEvent('ActionRaised', { who: 'B' })], {
        expectedVersion: 'no_stream',
      });
      expect(await store.readAll()).toEqual([]);
      await held.rollback();
      expect((await store.readAll()).map((e) => e.position)).toEqual([b.lastPosition]);
      expect((await store.readAll({ after: 0, limit: 1 })).map((e) => e.position)).toEqual([
        b.lastPosition,
      ]);
    });

    it('a subscriber never skips, with many writers committing in any order', async () => {
      const reader = await open();
      const seen: number[] = [];
      let done = false;
      const follow = (async () => {
        let after = 0;
        while (!done || after < (await store.headPosition())) {
          const page = await reader.readAll({ after, limit: 50 });
          for (const e of page) seen.push(e.position);
          if (page.length > 0) after = page[page.length - 1].position;
          else await reader.waitForAppend(after, 50);
        }
      })();
      await Promise.all(
        Array.from({ length: 12 }, async (_, w) => {
          for (let i = 0; i < 25; i++) {
            await store.appendToStream(`writer-${w}`, [newEvent(), newEvent()], {
              expectedVersion: 2 * i - 1,
            });
          }
        }),
      );
      done = true;
      await follow;
      expect(seen).toEqual(await positionsOfLog());
      expect(seen).toHaveLength(600);
    });
  });

  describe('waitForAppend', () => {
    it('wakes for an append made through another store instance', async () => {
      const other = await open();
      const head = await store.headPosition();
      await store.waitForAppend(head, 20); // connects the listener
      const started = Date.now();
      const waiting = store.waitForAppend(head, 10_000);
      await other.appendToStream(stream(), [newEvent()], { expectedVersion: 'any' });
      await waiting;
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('returns after its timeout, or at once when aborted', async () => {
      let started = Date.now();
      await store.waitForAppend(0, 150);
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
      const abort = new AbortController();
      started = Date.now();
      const waiting = store.waitForAppend(0, 10_000, abort.signal);
      setTimeout(() => abort.abort(), 30);
      await waiting;
      expect(Date.now() - started).toBeLessThan(1000);
    });

    it('listens again after its connection is killed', async () => {
      const other = await open();
      await store.waitForAppend(0, 20);
      await db.sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND application_name = 'asc-event-store-listener'`,
      );
      await new Promise((r) => setTimeout(r, 100));
      const head = await store.headPosition();
      await store.waitForAppend(head, 500); // reconnects in the background
      const started = Date.now();
      const waiting = store.waitForAppend(head, 10_000);
      await other.appendToStream(stream(), [newEvent()], { expectedVersion: 'any' });
      await waiting;
      expect(Date.now() - started).toBeLessThan(3000);
    });
  });

  describe('availability', () => {
    it('a database that cannot be reached gives an error naming the target, quickly', async () => {
      const started = Date.now();
      const error = await PostgresEventStore.connect({
        connectionString: 'postgres://postgres:s3cret@127.0.0.1:1/test',
      }).catch((e) => e);
      expect(Date.now() - started).toBeLessThan(6000);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error).toMatchObject({ store: 'postgres', target: '127.0.0.1:1/test' });
      expect(error.reason).toMatch(/ECONNREFUSED/);
      expect(error.message).not.toContain('s3cret');
    });

    it('a database that does not exist is unavailable, not a crash', async () => {
      const url = new URL(db.url);
      url.pathname = '/es_no_such_database';
      const error = await PostgresEventStore.connect({ connectionString: url.toString() }).catch(
        (e) => e,
      );
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      expect(error.target).toMatch(/\/es_no_such_database$/);
    });

    it('recovers without a restart after its connections are killed', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' });
      await db.sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
          WHERE datname = current_database() AND pid <> pg_backend_pid()`,
      );
      const outcomes: unknown[] = [];
      for (let i = 0; i < 3; i++) {
        outcomes.push(
          await store.ping().then(
            () => 'ok',
            (e) => e,
          ),
        );
      }
      for (const outcome of outcomes) {
        if (outcome !== 'ok') expect(outcome).toBeInstanceOf(EventStoreUnavailableError);
      }
      expect(outcomes[outcomes.length - 1]).toBe('ok');
      await store.appendToStream(s, [newEvent()], { expectedVersion: 0 });
    });

    it('a query that cannot finish in time fails instead of hanging, and the next one succeeds', async () => {
      const impatient = await open({ queryTimeoutMs: 400 });
      const s = stream();
      await impatient.appendToStream(s, [newEvent()], { expectedVersion: 'no_stream' });
      const { Client } = await import('pg');
      const locker = new Client({ connectionString: db.url });
      await locker.connect();
      await locker.query(`BEGIN; LOCK TABLE ${schema}.es_streams IN ACCESS EXCLUSIVE MODE`);
      const started = Date.now();
      const error = await impatient
        .appendToStream(s, [newEvent()], { expectedVersion: 0 })
        .catch((e) => e);
      expect(Date.now() - started).toBeLessThan(3000);
      expect(error).toBeInstanceOf(EventStoreUnavailableError);
      await locker.query('ROLLBACK');
      await locker.end();
      await expect(
        impatient.appendToStream(s, [newEvent()], { expectedVersion: 0 }),
      ).resolves.toMatchObject({
        nextExpectedVersion: 1,
      });
    });

    it('a closed store says so', async () => {
      await store.close();
      await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    });
  });

  describe('schema', () => {
    it('migrates once when several stores start together', async () => {
      schema = freshSchema();
      const stores = await Promise.all(Array.from({ length: 4 }, () => open()));
      const applied = await db.sql(
        `SELECT version FROM ${schema}.es_schema_migrations ORDER BY version`,
      );
      expect(applied.map((r) => r.version)).toEqual([1, 2]);
      await stores[0].appendToStream(stream(), [newEvent()], { expectedVersion: 'no_stream' });
      const again = await open();
      expect(await again.headPosition()).toBe(1);
      expect(await db.sql(`SELECT count(*)::int AS n FROM ${schema}.es_schema_migrations`)).toEqual(
        [{ n: 2 }],
      );
    });

    it('refuses to change or delete stored events', async () => {
      await store.appendToStream(stream(), [newEvent()], { expectedVersion: 'no_stream' });
      await expect(db.sql(`UPDATE ${schema}.es_events SET type = 'Changed'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(db.sql(`DELETE FROM ${schema}.es_events`)).rejects.toThrow(/append-only/);
      await expect(db.sql(`TRUNCATE ${schema}.es_events`)).rejects.toThrow(/append-only/);
      expect(await store.headPosition()).toBe(1);
    });

    it('verify reports an event removed behind the store’s back', async () => {
      const s = stream();
      await store.appendToStream(s, [newEvent(), newEvent(), newEvent()], {
        expectedVersion: 'no_stream',
      });
      await db.sql(`SET session_replication_role = replica;
                    DELETE FROM ${schema}.es_events WHERE stream_id = '${s}' AND version = 1;`);
      const report = await store.verify();
      expect(report).toMatchObject({
        ok: false,
        firstBroken: { stream: s, version: 2, reason: 'version-gap' },
      });
    });
  });
});
