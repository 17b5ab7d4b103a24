/**
 * The shared contract suite against a real EventStoreDB, when EVENTSTORE_URL names one:
 *   docker compose -f docker/docker-compose.yml up -d eventstoredb
 *   EVENTSTORE_URL=esdb://localhost:2113?tls=false npm run test:integration -- --testPathPatterns libs/event-store/test/esdb
 * Each test gets its own stream prefix, so one long-lived server serves every run. Without
 * EVENTSTORE_URL a single test says by name that this run did not happen.
 */
import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { GENESIS_HASH, eventHash } from '../src';
import { EsdbEventStore } from '../src/esdb/esdb-event-store';
import { targetFromConnectionString } from '../src/esdb/esdb.mapping';
import { ESDB_CONTRACT_NOTES, ESDB_TAMPER_UNSUPPORTED } from './esdb-contract-harness';
import { TestClock, describeEventStoreContract, newEvent } from './event-store.contract';

const url = process.env.EVENTSTORE_URL;

if (!url) {
  describe('EventStoreDB event store', () => {
    it('EventStoreDB contract run needs EVENTSTORE_URL (e.g. esdb://localhost:2113?tls=false): it is not set, so nothing ran against a server', () => {
      expect(process.env.EVENTSTORE_URL).toBeFalsy();
    });
  });
} else {
  const connectionString = url;

  describeEventStoreContract({
    name: `EventStoreDB at ${targetFromConnectionString(connectionString)}`,
    ...ESDB_CONTRACT_NOTES,
    unsupported: {
      ...ESDB_CONTRACT_NOTES.unsupported,
      'tamper-detection': ESDB_TAMPER_UNSUPPORTED,
    },
    async create(clock) {
      const streamPrefix = `contract-${randomUUID().slice(0, 8)}-`;
      const opened: EsdbEventStore[] = [];
      const open = async () => {
        const store = await EsdbEventStore.connect({
          connectionString,
          clock: clock.now,
          streamPrefix,
        });
        opened.push(store);
        return store;
      };
      return {
        store: await open(),
        clock,
        reopen: open,
        tamper: async () => {
          throw new Error(ESDB_TAMPER_UNSUPPORTED);
        },
        cleanup: async () => {
          await Promise.all(opened.map((s) => s.close()));
        },
      };
    },
  });

  describe('EventStoreDB event store: on the server itself', () => {
    let clock: TestClock;
    let store: EsdbEventStore;
    let raw: EventStoreDBClient;
    let prefix: string;

    beforeEach(async () => {
      clock = new TestClock();
      prefix = `server-${randomUUID().slice(0, 8)}-`;
      store = await EsdbEventStore.connect({
        connectionString,
        clock: clock.now,
        streamPrefix: prefix,
      });
      raw = EventStoreDBClient.connectionString(connectionString);
    });
    afterEach(async () => {
      await Promise.all([store.close(), raw.dispose()]);
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });

    it('stores metadata, schemaVersion and hash as the ESDB metadata; position is the prepare position', async () => {
      const event = newEvent('ActionRaised', { title: 'x' });
      const result = await store.appendToStream('a', [event], { expectedVersion: 'no_stream' });
      const [resolved] = await collect(
        raw.readStream(`${prefix}a`, { fromRevision: END, direction: BACKWARDS, maxCount: 1 }),
      );
      const recorded = resolved.event;
      expect(recorded?.id).toBe(event.eventId);
      expect(recorded?.type).toBe('ActionRaised');
      expect(recorded?.data).toEqual(event.data);
      const [stored] = await store.readStream('a');
      expect(recorded?.metadata).toEqual({
        ...stored.metadata,
        schemaVersion: 1,
        hash: stored.hash,
      });
      expect(stored.hash).toBe(eventHash(GENESIS_HASH, stored));
      expect(recorded?.position?.prepare).toBe(BigInt(result.firstPosition));
      expect(recorded!.position!.commit >= recorded!.position!.prepare).toBe(true);
    });

    it('resuming readAll inside a multi-event append neither skips nor repeats an event', async () => {
      const { firstPosition } = await store.appendToStream(
        'a',
        [newEvent(), newEvent(), newEvent()],
        {
          expectedVersion: 'no_stream',
        },
      );
      await store.appendToStream('b', [newEvent()], { expectedVersion: 'no_stream' });
      const all = await store.readAll();
      expect(all).toHaveLength(4);
      const rest = await store.readAll({ after: firstPosition });
      expect(rest.map((e) => e.position)).toEqual(all.slice(1).map((e) => e.position));
    });

    it('verify names an event written behind the adapter’s back with a hash that does not chain', async () => {
      await store.appendToStream('a', [newEvent()], { expectedVersion: 'no_stream' });
      const [first] = await store.readStream('a');
      const forged = newEvent('ProgressReported', { percentComplete: 100 });
      await raw.appendToStream(`${prefix}a`, [
        jsonEvent({
          id: forged.eventId,
          type: forged.type,
          data: forged.data,
          metadata: {
            ...forged.metadata,
            recordedAt: clock.now().toISOString(),
            schemaVersion: 1,
            hash: first.hash,
          },
        }),
      ]);
      const report = await store.verify();
      expect(report).toMatchObject({
        ok: false,
        firstBroken: {
          stream: 'a',
          version: 1,
          eventId: forged.eventId,
          reason: 'hash-mismatch',
          storedHash: first.hash,
        },
      });
    });

    it('wakes a waiter through a filtered subscription to $all', async () => {
      const head = await store.headPosition();
      const started = Date.now();
      const waiting = store.waitForAppend(head, 10_000);
      await new Promise((r) => setTimeout(r, 100));
      await store.appendToStream('c', [newEvent()], { expectedVersion: 'no_stream' });
      await waiting;
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  });
}

async function collect<T>(read: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of read) items.push(item);
  return items;
}
