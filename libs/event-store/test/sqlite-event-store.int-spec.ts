import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { chainHash, EventStoreUnavailableError, eventHash, GENESIS_HASH } from '../src';
import { SqliteEventStore } from '../src/sqlite/sqlite-event-store';
import { SQLITE_MIGRATIONS } from '../src/sqlite/sqlite.migrations';
import { joinCanonicalEvent, metadataJsonWithIds } from '../src/event-hash';
import { describeEventStoreContract, newEvent } from './event-store.contract';

describeEventStoreContract({
  name: 'SQLite',
  serialisedWritesReason:
    'SQLite admits one writer at a time (BEGIN IMMEDIATE), so positions are taken and committed in one order',
  async create(clock) {
    const dir = mkdtempSync(join(tmpdir(), 'es-sqlite-'));
    const filename = join(dir, 'events.sqlite');
    const opened: SqliteEventStore[] = [];
    const open = () => {
      const store = SqliteEventStore.open({ filename, clock: clock.now, pollIntervalMs: 20 });
      opened.push(store);
      return store;
    };
    return {
      store: open(),
      clock,
      reopen: async () => open(),
      async tamper(position, data) {
        const db = new Database(filename);
        db.exec('DROP TRIGGER es_events_immutable_update');
        db.prepare('UPDATE es_events SET data = ? WHERE position = ?').run(
          JSON.stringify(data),
          position,
        );
        db.close();
      },
      async cleanup() {
        await Promise.all(opened.map((s) => s.close()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
});

describe('SQLite event store: storage', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'es-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('runs in WAL mode with synchronous=FULL and refuses to change or delete events', async () => {
    const filename = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ filename });
    await store.appendToStream('action-1', [newEvent()], { expectedVersion: 'no_stream' });
    await store.close();
    const db = new Database(filename);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(() => db.prepare("UPDATE es_events SET type = 'X'").run()).toThrow(/immutable/);
    expect(() => db.prepare('DELETE FROM es_events').run()).toThrow(/immutable/);
    db.close();
    const fresh = SqliteEventStore.open({ filename });
    // synchronous is per connection: check the store's own.
    expect(
      (fresh as unknown as { db: Database.Database }).db.pragma('synchronous', { simple: true }),
    ).toBe(2);
    await fresh.close();
  });

  it('stores data and metadata as their canonical JSON, the text its hash covers (ADR 15)', async () => {
    const filename = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ filename });
    const event = { ...newEvent(), data: { title: 'é', b: [2, 1], a: { z: 1, y: null } } };
    await store.appendToStream('action-1', [event], { expectedVersion: 'no_stream' });
    await store.close();
    const db = new Database(filename, { readonly: true });
    const row = db.prepare('SELECT data, metadata, hash FROM es_events').get() as {
      data: string;
      metadata: string;
      hash: string;
    };
    db.close();
    expect(row.data).toBe('{"a":{"y":null,"z":1},"b":[2,1],"title":"é"}');
    expect(row.metadata).toMatch(
      /^\{"actor":"user-1","causationId":"cause-1","commandId":"[^"]+","correlationId":"corr-1","recordedAt":"[^"]+"\}$/,
    );
    const reader = SqliteEventStore.open({ filename });
    const [stored] = await reader.readStream('action-1');
    await reader.close();
    expect(stored.data).toEqual(event.data);
    expect(row.hash).toBe(eventHash(GENESIS_HASH, stored));
    // The point of storing canonical text: the stored text, ids put in, is what the hash covers.
    const asStored = joinCanonicalEvent(
      stored.type,
      row.data,
      metadataJsonWithIds(row.metadata, stored.eventId, stored.schemaVersion)!,
    );
    expect(chainHash(GENESIS_HASH, asStored)).toBe(row.hash);
  });

  it('verify accepts rows whose data text is not canonical but means the same (rows written before ADR 15), and still names a changed one', async () => {
    const filename = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ filename });
    const data = { title: 'Recruit', percent: 10, note: 'started' };
    await store.appendToStream('action-1', [{ ...newEvent(), data }], {
      expectedVersion: 'no_stream',
    });
    await store.appendToStream('action-1', [{ ...newEvent(), data }], { expectedVersion: 0 });
    await store.appendToStream('action-1', [{ ...newEvent(), data }], { expectedVersion: 1 });
    await store.close();
    const db = new Database(filename);
    db.exec('DROP TRIGGER es_events_immutable_update');
    // As the store wrote data before ADR 15: JSON.stringify in insertion order, with spacing.
    db.prepare('UPDATE es_events SET data = ? WHERE position = 1').run(JSON.stringify(data));
    const { metadata } = db.prepare('SELECT metadata FROM es_events WHERE position = 1').get() as {
      metadata: string;
    };
    const reordered = Object.fromEntries(Object.entries(JSON.parse(metadata)).reverse());
    db.prepare('UPDATE es_events SET metadata = ? WHERE position = 1').run(
      JSON.stringify(reordered),
    );
    db.prepare('UPDATE es_events SET data = ? WHERE position = 2').run(
      JSON.stringify(data, null, 2),
    );
    db.close();
    const reopened = SqliteEventStore.open({ filename });
    expect(await reopened.verify()).toEqual({ ok: true, streams: 1, events: 3 });
    await reopened.close();

    const edit = new Database(filename);
    edit
      .prepare('UPDATE es_events SET data = ? WHERE position = 2')
      .run(JSON.stringify({ ...data, percent: 90 }));
    edit.close();
    const again = SqliteEventStore.open({ filename });
    const report = await again.verify();
    await again.close();
    expect(report).toMatchObject({
      ok: false,
      events: 1,
      firstBroken: { position: 2, version: 1, reason: 'hash-mismatch' },
    });
  });

  it('a file made by the first schema gets the as-of tail index when opened, its events kept', async () => {
    const filename = join(dir, 'events.sqlite');
    const old = new Database(filename);
    old.exec(SQLITE_MIGRATIONS[0]);
    old.pragma('user_version = 1');
    old.close();
    const store = SqliteEventStore.open({ filename });
    await store.appendToStream('action-1', [newEvent()], { expectedVersion: 'no_stream' });
    const [tail] = await store.readStreamTails(
      [{ stream: 'action-1', fromVersion: 0 }],
      new Date(),
    );
    expect(tail).toHaveLength(1);
    await store.close();
    const db = new Database(filename, { readonly: true });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT version FROM es_events INDEXED BY es_events_stream_time
          WHERE stream_id = ? AND recorded_at <= ? AND version >= ?`,
      )
      .all('action-1', '2030-01-01', 0) as { detail: string }[];
    expect(db.pragma('user_version', { simple: true })).toBe(SQLITE_MIGRATIONS.length);
    db.close();
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/es_events_stream_time/);
  });

  it('a file that cannot be created gives an error naming the path', () => {
    const blocked = join(dir, 'file');
    writeFileSync(blocked, 'not a directory');
    const error = (() => {
      try {
        SqliteEventStore.open({ filename: join(blocked, 'events.sqlite') });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect((error as EventStoreUnavailableError).target).toBe(join(blocked, 'events.sqlite'));
  });

  it('a writer that cannot get the lock in time gets a clear error, and the next append succeeds', async () => {
    const filename = join(dir, 'events.sqlite');
    const store = SqliteEventStore.open({ filename, busyTimeoutMs: 50 });
    const other = new Database(filename);
    other.exec('BEGIN IMMEDIATE');
    const error = await store
      .appendToStream('action-1', [newEvent()], { expectedVersion: 'any' })
      .catch((e) => e);
    expect(error).toBeInstanceOf(EventStoreUnavailableError);
    expect(error.message).toMatch(/write lock/);
    other.exec('ROLLBACK');
    other.close();
    await expect(
      store.appendToStream('action-1', [newEvent()], { expectedVersion: 'any' }),
    ).resolves.toMatchObject({
      nextExpectedVersion: 0,
    });
    await store.close();
  });

  it('group commit: appends of one turn commit together, and one that fails rolls back alone', async () => {
    const store = SqliteEventStore.open({ filename: join(dir, 'events.sqlite') });
    await store.appendToStream('action-a', [newEvent()], { expectedVersion: 'no_stream' });
    const commitsBefore = store.commitCount;
    // Issued in the same turn of the event loop, so they share one transaction.
    const outcomes = await Promise.allSettled([
      store.appendToStream('action-a', [newEvent(), newEvent()], { expectedVersion: 0 }),
      store.appendToStream('action-a', [newEvent()], { expectedVersion: 0 }),
      store.appendToStream('action-b', [newEvent()], { expectedVersion: 'no_stream' }),
      store.appendToStream('action-b', [newEvent()], { expectedVersion: 'no_stream' }),
      store.appendToStream('action-c', [newEvent()], { expectedVersion: 'stream_exists' }),
    ]);
    expect(store.commitCount - commitsBefore).toBe(1);
    expect(outcomes.map((o) => o.status)).toEqual([
      'fulfilled',
      'rejected',
      'fulfilled',
      'rejected',
      'rejected',
    ]);
    expect(outcomes[1]).toMatchObject({
      reason: { name: 'ConcurrencyError', expected: 0, actual: 2 },
    });
    expect((await store.readStream('action-a')).map((e) => e.version)).toEqual([0, 1, 2]);
    expect(await store.readStream('action-b')).toHaveLength(1);
    expect(await store.streamVersion('action-c')).toBe(-1);
    expect(await store.verify()).toMatchObject({ ok: true, events: 4 });
    await store.close();
  });

  it('sees appends made by another process on the same file', async () => {
    const filename = join(dir, 'events.sqlite');
    const reader = SqliteEventStore.open({ filename, pollIntervalMs: 20 });
    const writer = SqliteEventStore.open({ filename });
    const waiting = reader.waitForAppend(0, 5000);
    const started = Date.now();
    await writer.appendToStream('action-1', [newEvent()], { expectedVersion: 'any' });
    await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await reader.readAll()).toHaveLength(1);
    await Promise.all([reader.close(), writer.close()]);
  });
});
