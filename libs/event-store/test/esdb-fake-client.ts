/**
 * An in-memory stand-in for the part of @eventstore/db-client the EventStoreDB adapter uses, for
 * machines without a server. It follows the server's documented and observed rules that the
 * adapter relies on, and no more:
 * - one log; each event's position is {commit: p, prepare: p} with p its byte offset, growing
 *   with gaps (implicit transactions, as every gRPC write is);
 * - forward reads of $all are inclusive of their start, backward reads exclusive;
 * - system events ($-types in $-streams) are interleaved with user events;
 * - expected revisions any / no_stream / stream_exists / exact, WrongExpectedVersionError with
 *   the current revision or 'no_stream', StreamNotFoundError on reading a missing stream;
 * - catch-up subscriptions to $all with a stream-prefix or event-type regex filter.
 * Passing against it shows the adapter's logic, not that a real server agrees.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough, Readable } from 'node:stream';
import {
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type AppendResult,
  type EventData,
  type Filter,
  type Position,
  type ReadPosition,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { type EsdbClient } from '../src/esdb/esdb-event-store';

interface FakeRecord {
  streamId: string;
  id: string;
  revision: bigint;
  type: string;
  data: unknown;
  metadata: unknown;
  position: bigint;
  created: Date;
}

interface FakeSubscription {
  stream: PassThrough;
  filter?: Filter;
}

type Direction = 'forwards' | 'backwards';

export class FakeEsdbClient {
  private readonly log: FakeRecord[] = [];
  private readonly streams = new Map<string, FakeRecord[]>();
  private readonly subscriptions = new Set<FakeSubscription>();
  private next = 1024n;
  private appends = 0;
  private failures: unknown[] = [];
  /** Calls made, by method name: lets a test see that nothing was written. */
  readonly calls: { method: string; stream?: string; options?: unknown }[] = [];
  /** Runs before an append is applied: how a test lets a rival writer in between read and write. */
  beforeAppend?: (stream: string) => void;

  constructor(private readonly systemEventEvery = 3) {
    this.writeSystemEvent();
  }

  /** The next `count` calls fail with `error` (as the client would report it). */
  failNext(error: unknown, count = 1): void {
    this.failures.push(...Array.from({ length: count }, () => error));
  }

  /** Rewrites an event's data in place, which no real server allows: for the tamper clause. */
  tamper(position: number, data: Record<string, unknown>): void {
    const record = this.log.find((r) => r.position === BigInt(position));
    if (!record) throw new Error(`no event at ${position}`);
    record.data = data;
  }

  /** Appends straight to the log, bypassing the adapter (another tenant, another writer). */
  rawAppend(streamId: string, events: EventData[]): void {
    this.write(streamId, events);
  }

  asClient(): EsdbClient {
    return this as unknown as EsdbClient;
  }

  async appendToStream(
    streamName: string,
    events: EventData | EventData[],
    options: { expectedRevision?: AppendExpectedRevision } = {},
  ): Promise<AppendResult> {
    this.calls.push({ method: 'appendToStream', stream: streamName, options });
    await tick();
    this.throwIfFailing();
    this.beforeAppend?.(streamName);
    const list = Array.isArray(events) ? events : [events];
    const existing = this.streams.get(streamName);
    const current = existing ? existing[existing.length - 1].revision : ('no_stream' as const);
    const expected = options.expectedRevision ?? 'any';
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === 'no_stream') ||
      (expected === 'stream_exists' && current !== 'no_stream') ||
      (typeof expected === 'bigint' && expected === current);
    if (!ok) throw new WrongExpectedVersionError(undefined, { streamName, current, expected });
    const written = this.write(streamName, list);
    const last = written[written.length - 1];
    return {
      success: true,
      nextExpectedRevision: last.revision,
      position: { commit: last.position, prepare: last.position },
    };
  }

  readStream(
    streamName: string,
    options: {
      fromRevision?: 'start' | 'end' | bigint;
      direction?: Direction;
      maxCount?: number | bigint;
    } = {},
  ) {
    this.calls.push({ method: 'readStream', stream: streamName, options });
    return readable(async () => {
      this.throwIfFailing();
      const records = this.streams.get(streamName);
      if (!records) throw new StreamNotFoundError(undefined, streamName);
      const {
        fromRevision = 'start',
        direction = 'forwards',
        maxCount = Number.MAX_SAFE_INTEGER,
      } = options;
      let selected: FakeRecord[];
      if (direction === 'forwards') {
        const from =
          fromRevision === 'start'
            ? 0n
            : fromRevision === 'end'
              ? BigInt(records.length)
              : fromRevision;
        selected = records.filter((r) => r.revision >= from);
      } else {
        const from =
          fromRevision === 'end' || fromRevision === 'start'
            ? BigInt(records.length)
            : fromRevision;
        selected = records.filter((r) => r.revision <= from).reverse();
      }
      return selected.slice(0, Number(maxCount)).map(resolve);
    });
  }

  readAll(
    options: {
      fromPosition?: ReadPosition;
      direction?: Direction;
      maxCount?: number | bigint;
    } = {},
  ) {
    this.calls.push({ method: 'readAll', options });
    return readable(async () => {
      this.throwIfFailing();
      const {
        fromPosition = 'start',
        direction = 'forwards',
        maxCount = Number.MAX_SAFE_INTEGER,
      } = options;
      let selected: FakeRecord[];
      if (direction === 'forwards') {
        selected =
          fromPosition === 'start'
            ? this.log
            : fromPosition === 'end'
              ? []
              : this.log.filter((r) => r.position >= at(fromPosition));
      } else {
        selected = (
          fromPosition === 'end'
            ? this.log
            : fromPosition === 'start'
              ? []
              : this.log.filter((r) => r.position < at(fromPosition))
        )
          .slice()
          .reverse();
      }
      return selected.slice(0, Number(maxCount)).map(resolve);
    });
  }

  subscribeToAll(options: { fromPosition?: ReadPosition; filter?: Filter } = {}) {
    this.calls.push({ method: 'subscribeToAll', options });
    const stream = new PassThrough({ objectMode: true });
    const subscription: FakeSubscription = { stream, filter: options.filter };
    setImmediate(() => {
      if (stream.destroyed) return;
      const failure = this.failures.shift();
      if (failure !== undefined) {
        stream.destroy(failure as Error);
        return;
      }
      const from = options.fromPosition ?? 'start';
      const history =
        from === 'start'
          ? this.log
          : from === 'end'
            ? []
            : this.log.filter((r) => r.position > at(from));
      for (const record of history)
        if (passes(record, subscription.filter)) stream.write(resolve(record));
      this.subscriptions.add(subscription);
    });
    return Object.assign(stream, {
      unsubscribe: async () => {
        this.subscriptions.delete(subscription);
        stream.destroy();
      },
    });
  }

  async dispose(): Promise<void> {
    for (const subscription of this.subscriptions) subscription.stream.destroy();
    this.subscriptions.clear();
  }

  /** Subscriptions still open: a test can check that the adapter unsubscribed. */
  get openSubscriptions(): number {
    return this.subscriptions.size;
  }

  private write(streamId: string, events: EventData[]): FakeRecord[] {
    const records = this.streams.get(streamId) ?? [];
    const written = events.map((event, i) => {
      const record: FakeRecord = {
        streamId,
        id: event.id,
        revision: BigInt(records.length + i),
        type: event.type,
        data: JSON.parse(JSON.stringify(event.data)),
        metadata:
          event.metadata === undefined ? undefined : JSON.parse(JSON.stringify(event.metadata)),
        position: this.next,
        created: new Date(),
      };
      this.next += BigInt(100 + JSON.stringify(event.data).length);
      return record;
    });
    records.push(...written);
    this.streams.set(streamId, records);
    this.publish(written);
    if (!streamId.startsWith('$') && ++this.appends % this.systemEventEvery === 0)
      this.writeSystemEvent();
    return written;
  }

  private writeSystemEvent(): void {
    const n = this.log.length;
    const [streamId, type] =
      n % 2 === 0 ? ['$stats-127.0.0.1:2113', '$statsCollected'] : ['$$$scavenges', '$metadata'];
    this.write(streamId, [
      { id: randomUUID(), contentType: 'application/json', type, data: { n }, metadata: undefined },
    ]);
  }

  private publish(records: FakeRecord[]): void {
    this.log.push(...records);
    for (const subscription of this.subscriptions) {
      for (const record of records)
        if (passes(record, subscription.filter)) subscription.stream.write(resolve(record));
    }
  }

  private throwIfFailing(): void {
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }
}

function at(position: Position): bigint {
  if (position.commit !== position.prepare)
    throw new Error('the fake only knows implicit transactions');
  return position.prepare;
}

function passes(record: FakeRecord, filter?: Filter): boolean {
  if (!filter) return true;
  if ('prefixes' in filter) {
    const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
    return filter.prefixes.some((p) => subject.startsWith(p));
  }
  const subject = filter.filterOn === 'streamName' ? record.streamId : record.type;
  return new RegExp(filter.regex).test(subject);
}

function resolve(record: FakeRecord): AllStreamResolvedEvent {
  const position = { commit: record.position, prepare: record.position };
  return {
    commitPosition: record.position,
    event: {
      streamId: record.streamId,
      id: record.id,
      revision: record.revision,
      type: record.type,
      data: record.data,
      metadata: record.metadata,
      isJson: true,
      created: record.created,
      position,
    } as AllStreamResolvedEvent['event'],
  };
}

/** A streaming read whose items (or error) are produced when it is first read, as the server's. */
function readable<T>(produce: () => Promise<T[]>) {
  let cancelled = false;
  const stream = Readable.from(
    (async function* () {
      await tick();
      for (const item of await produce()) {
        if (cancelled) return;
        yield item;
      }
    })(),
    { objectMode: true },
  );
  return Object.assign(stream, {
    cancel: async () => {
      cancelled = true;
      stream.destroy();
    },
  });
}

function tick(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}
